"""The directory's change log: one row per directory change, which every host's search
index follows.

Revision ID: c9f3a5b7d2e4
Revises: b8e2f4a6c1d3
Create Date: 2026-12-06 08:25:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c9f3a5b7d2e4'
down_revision = 'b8e2f4a6c1d3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'directory_change',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'),
                  autoincrement=True, nullable=False),
        sa.Column('changed_at', sa.DateTime(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('service_ids', sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_directory_change')),
        sqlite_autoincrement=True,
    )


def downgrade():
    op.drop_table('directory_change')
