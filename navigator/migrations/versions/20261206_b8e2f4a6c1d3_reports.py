"""The city's reports: whether a referral was the resident's choice, how a crisis ended
(on the contact that follows it), a navigator's team, and the indexes the reports need.

Revision ID: b8e2f4a6c1d3
Revises: a7d3e5f1c2b9
Create Date: 2026-12-06 08:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b8e2f4a6c1d3'
down_revision = 'a7d3e5f1c2b9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('referral') as batch:
        batch.add_column(sa.Column('resident_choice', sa.Boolean(), nullable=True))
        batch.create_index(batch.f('ix_referral_created_at'), ['created_at'], unique=False)
        # A need's referrals (unmet needs: was one ever sent?).
        batch.create_index(batch.f('ix_referral_need_id'), ['need_id'], unique=False)
    with op.batch_alter_table('encounter') as batch:
        batch.add_column(sa.Column('crisis_outcome', sa.String(length=32), nullable=True))
        batch.create_index(batch.f('ix_encounter_happened_at'), ['happened_at'], unique=False)
    with op.batch_alter_table('need') as batch:
        batch.create_index(batch.f('ix_need_created_at'), ['created_at'], unique=False)
    # A referral's moves to a state, when and by whom, read from the index alone
    # (providers' time to answer, days to connection).
    with op.batch_alter_table('referral_event') as batch:
        batch.create_index('ix_referral_event_moves',
                           ['referral_id', 'to_status', 'occurred_at', 'user_id'],
                           unique=False)
    with op.batch_alter_table('user') as batch:
        batch.add_column(sa.Column('team', sa.String(length=64), nullable=True))
    # Unmet needs read the search log through these alone (covering indexes).
    with op.batch_alter_table('search_log') as batch:
        batch.create_index('ix_search_log_day_zip',
                           ['searched_on', 'zip_code', 'terms', 'filters', 'result_count'],
                           unique=False)
        batch.create_index('ix_search_log_found_none',
                           ['result_count', 'searched_on', 'terms', 'filters'], unique=False)


def downgrade():
    with op.batch_alter_table('search_log') as batch:
        batch.drop_index('ix_search_log_found_none')
        batch.drop_index('ix_search_log_day_zip')
    with op.batch_alter_table('user') as batch:
        batch.drop_column('team')
    with op.batch_alter_table('referral_event') as batch:
        batch.drop_index('ix_referral_event_moves')
    with op.batch_alter_table('need') as batch:
        batch.drop_index(batch.f('ix_need_created_at'))
    with op.batch_alter_table('encounter') as batch:
        batch.drop_index(batch.f('ix_encounter_happened_at'))
        batch.drop_column('crisis_outcome')
    with op.batch_alter_table('referral') as batch:
        batch.drop_index(batch.f('ix_referral_need_id'))
        batch.drop_index(batch.f('ix_referral_created_at'))
        batch.drop_column('resident_choice')
