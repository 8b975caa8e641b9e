"""Failed sign-ins of the last minutes, counted in the database so that the limit on
them holds across workers and hosts (navigator.auth.attempts).

Revision ID: 90e8cd77e263
Revises: 461516959a0f
Create Date: 2026-12-06 03:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '90e8cd77e263'
down_revision = '461516959a0f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sign_in_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_key', sa.String(length=64), nullable=False),
    sa.Column('client_address', sa.String(length=64), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_failure'))
    )
    with op.batch_alter_table('sign_in_failure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_failure_account_key'), ['account_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_sign_in_failure_occurred_at'), ['occurred_at'], unique=False)


def downgrade():
    with op.batch_alter_table('sign_in_failure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_failure_occurred_at'))
        batch_op.drop_index(batch_op.f('ix_sign_in_failure_account_key'))

    op.drop_table('sign_in_failure')
