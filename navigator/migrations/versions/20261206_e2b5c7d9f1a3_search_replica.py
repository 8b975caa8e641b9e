"""Each host's search index replica: the change it has applied, its lag, when last seen.

Revision ID: e2b5c7d9f1a3
Revises: d1a4b6c8e3f5
Create Date: 2026-12-06 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e2b5c7d9f1a3'
down_revision = 'd1a4b6c8e3f5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'search_replica',
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('applied_change', sa.BigInteger(), nullable=False),
        sa.Column('applied_at', sa.DateTime(), nullable=True),
        sa.Column('behind', sa.Integer(), nullable=False),
        sa.Column('lag_seconds', sa.Float(), nullable=False),
        sa.Column('generation', sa.String(length=64), nullable=True),
        sa.Column('documents', sa.Integer(), nullable=False),
        sa.Column('ready', sa.Boolean(), nullable=False),
        sa.Column('seen_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_search_replica')),
    )
    with op.batch_alter_table('search_replica', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_replica_seen_at'), ['seen_at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('search_replica', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_replica_seen_at'))
    op.drop_table('search_replica')
