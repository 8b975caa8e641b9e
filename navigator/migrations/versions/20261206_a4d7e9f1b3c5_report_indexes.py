"""Indexes the equity and connection reports read alone: each resident's first contact,
and the needs of the referrals in each state.

Revision ID: a4d7e9f1b3c5
Revises: f3c6d8e0a2b4
Create Date: 2026-12-06 12:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a4d7e9f1b3c5'
down_revision = 'f3c6d8e0a2b4'
branch_labels = None
depends_on = None


def upgrade():
    # Each resident's first contact (days to connection), without a look at the table.
    with op.batch_alter_table('encounter') as batch:
        batch.create_index('ix_encounter_first_contact', ['resident_id', 'happened_at'],
                           unique=False)
    # The needs with a connected referral, read from the index alone.
    with op.batch_alter_table('referral') as batch:
        batch.create_index('ix_referral_status_need', ['status', 'need_id'], unique=False)


def downgrade():
    with op.batch_alter_table('referral') as batch:
        batch.drop_index('ix_referral_status_need')
    with op.batch_alter_table('encounter') as batch:
        batch.drop_index('ix_encounter_first_contact')
