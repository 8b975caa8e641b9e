"""The moments the reports read kept on the rows they belong to: the moment each
follow-up follows (its contact, else its referral's sending, else its creation) and
when each referral was connected, filled for the rows already there; and the indexes
that let the equity report count each resident's needs, referrals and follow-ups from
the indexes alone, in the order of the residents, with the columns the report's filters
read (they replace the indexes on ``resident_id`` alone, which they begin with).

Revision ID: b5e8f0a2c4d6
Revises: a4d7e9f1b3c5
Create Date: 2026-12-06 16:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b5e8f0a2c4d6'
down_revision = 'a4d7e9f1b3c5'
branch_labels = None
depends_on = None

#: Each table's new index (it begins with ``resident_id``) and the one it replaces.
INDEXES = (
    ('need', 'ix_need_resident_counts',
     ['resident_id', 'created_at', 'taxonomy_term_id', 'created_by', 'id'],
     'ix_need_resident_id'),
    ('referral', 'ix_referral_resident_counts',
     ['resident_id', 'created_at', 'status', 'sent_at', 'resident_choice', 'need_id',
      'created_by'], 'ix_referral_resident_id'),
    ('follow_up', 'ix_follow_up_resident_counts',
     ['resident_id', 'follows_since', 'done_at', 'due_at'], 'ix_follow_up_resident_id'),
)


def upgrade():
    with op.batch_alter_table('follow_up') as batch:
        batch.add_column(sa.Column('follows_since', sa.DateTime(), nullable=True))
    with op.batch_alter_table('referral') as batch:
        batch.add_column(sa.Column('connected_at', sa.DateTime(), nullable=True))
    # the rule of ``navigator.workflow.follow_ups.follows_since``, in SQL
    op.execute(
        'UPDATE follow_up SET follows_since = coalesce('
        '(SELECT encounter.happened_at FROM encounter'
        ' WHERE encounter.id = follow_up.encounter_id),'
        ' (SELECT referral.sent_at FROM referral WHERE referral.id = follow_up.referral_id),'
        ' follow_up.created_at)')
    # "connected" is final: a connected referral's one move there
    op.execute(
        "UPDATE referral SET connected_at = (SELECT min(referral_event.occurred_at)"
        " FROM referral_event WHERE referral_event.referral_id = referral.id"
        " AND referral_event.to_status = 'connected') WHERE referral.status = 'connected'")
    with op.batch_alter_table('follow_up') as batch:
        batch.alter_column('follows_since', existing_type=sa.DateTime(), nullable=False)
    for table, name, columns, replaced in INDEXES:
        with op.batch_alter_table(table) as batch:
            batch.drop_index(replaced)
            batch.create_index(name, columns, unique=False)
    with op.batch_alter_table('referral') as batch:
        batch.create_index('ix_referral_connected',
                           ['status', 'created_at', 'resident_id', 'connected_at',
                            'need_id', 'created_by'], unique=False)


def downgrade():
    with op.batch_alter_table('referral') as batch:
        batch.drop_index('ix_referral_connected')
    for table, name, _, replaced in INDEXES:
        with op.batch_alter_table(table) as batch:
            batch.drop_index(name)
            batch.create_index(replaced, ['resident_id'], unique=False)
    with op.batch_alter_table('referral') as batch:
        batch.drop_column('connected_at')
    with op.batch_alter_table('follow_up') as batch:
        batch.drop_column('follows_since')
