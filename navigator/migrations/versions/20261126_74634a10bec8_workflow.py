"""The navigators' records: residents, consents, needs, referrals and their events,
warm handoffs and follow-ups.

Revision ID: 74634a10bec8
Revises: a5480d8c98c9
Create Date: 2026-11-26 20:12:56.337503

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '74634a10bec8'
down_revision = 'a5480d8c98c9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('resident',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=True),
    sa.Column('phone_digits', sa.String(length=32), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('preferred_contact', sa.String(length=8), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('place', sa.String(length=80), nullable=True),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('callback_request_id', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['callback_request_id'], ['callback_request.id'], name=op.f('fk_resident_callback_request_id_callback_request'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by'], ['user.id'], name=op.f('fk_resident_created_by_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resident')),
    sa.UniqueConstraint('callback_request_id', name=op.f('uq_resident_callback_request_id'))
    )
    with op.batch_alter_table('resident', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resident_phone_digits'), ['phone_digits'], unique=False)

    op.create_table('consent',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('resident_id', sa.String(length=36), nullable=False),
    sa.Column('scope', sa.JSON(), nullable=False),
    sa.Column('recipients', sa.JSON(), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('valid_until', sa.DateTime(), nullable=False),
    sa.Column('method', sa.String(length=32), nullable=False),
    sa.Column('given_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_by', sa.Integer(), nullable=True),
    sa.Column('revocation_reason', sa.Text(), nullable=True),
    sa.Column('part2', sa.Boolean(), nullable=False),
    sa.Column('part2_patient_name', sa.String(length=120), nullable=True),
    sa.Column('part2_disclosing_party', sa.Text(), nullable=True),
    sa.Column('part2_information', sa.Text(), nullable=True),
    sa.Column('part2_recipients', sa.Text(), nullable=True),
    sa.Column('part2_revocation_statement', sa.Text(), nullable=True),
    sa.Column('part2_expiry_event', sa.Text(), nullable=True),
    sa.Column('part2_signed_by', sa.String(length=120), nullable=True),
    sa.Column('part2_signed_on', sa.DateTime(), nullable=True),
    sa.Column('part2_notice', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['recorded_by'], ['user.id'], name=op.f('fk_consent_recorded_by_user')),
    sa.ForeignKeyConstraint(['resident_id'], ['resident.id'], name=op.f('fk_consent_resident_id_resident')),
    sa.ForeignKeyConstraint(['revoked_by'], ['user.id'], name=op.f('fk_consent_revoked_by_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent'))
    )
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_resident_id'), ['resident_id'], unique=False)

    op.create_table('need',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('resident_id', sa.String(length=36), nullable=False),
    sa.Column('taxonomy_term_id', sa.String(length=64), nullable=False),
    sa.Column('urgency', sa.String(length=16), nullable=False),
    sa.Column('own_words', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['user.id'], name=op.f('fk_need_created_by_user')),
    sa.ForeignKeyConstraint(['resident_id'], ['resident.id'], name=op.f('fk_need_resident_id_resident')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_need'))
    )
    with op.batch_alter_table('need', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_need_resident_id'), ['resident_id'], unique=False)

    op.create_table('referral',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('resident_id', sa.String(length=36), nullable=False),
    sa.Column('service_id', sa.String(length=64), nullable=False),
    sa.Column('organization_id', sa.String(length=64), nullable=False),
    sa.Column('need_id', sa.String(length=36), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('status_reason', sa.String(length=32), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('part2', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['user.id'], name=op.f('fk_referral_created_by_user')),
    sa.ForeignKeyConstraint(['need_id'], ['need.id'], name=op.f('fk_referral_need_id_need')),
    sa.ForeignKeyConstraint(['resident_id'], ['resident.id'], name=op.f('fk_referral_resident_id_resident')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral'))
    )
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referral_resident_id'), ['resident_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referral_status'), ['status'], unique=False)

    op.create_table('follow_up',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('resident_id', sa.String(length=36), nullable=False),
    sa.Column('referral_id', sa.String(length=36), nullable=True),
    sa.Column('due_at', sa.DateTime(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.Column('done_by', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=32), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['done_by'], ['user.id'], name=op.f('fk_follow_up_done_by_user')),
    sa.ForeignKeyConstraint(['referral_id'], ['referral.id'], name=op.f('fk_follow_up_referral_id_referral')),
    sa.ForeignKeyConstraint(['resident_id'], ['resident.id'], name=op.f('fk_follow_up_resident_id_resident')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_up'))
    )
    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_up_due_at'), ['due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_up_referral_id'), ['referral_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_up_resident_id'), ['resident_id'], unique=False)

    op.create_table('handoff',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('referral_id', sa.String(length=36), nullable=False),
    sa.Column('method', sa.String(length=32), nullable=False),
    sa.Column('contact_person', sa.String(length=120), nullable=False),
    sa.Column('happened_at', sa.DateTime(), nullable=False),
    sa.Column('resident_present', sa.Boolean(), nullable=False),
    sa.Column('outcome', sa.String(length=32), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by'], ['user.id'], name=op.f('fk_handoff_recorded_by_user')),
    sa.ForeignKeyConstraint(['referral_id'], ['referral.id'], name=op.f('fk_handoff_referral_id_referral')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handoff'))
    )
    with op.batch_alter_table('handoff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handoff_referral_id'), ['referral_id'], unique=False)

    op.create_table('referral_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('from_status', sa.String(length=16), nullable=True),
    sa.Column('to_status', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['referral_id'], ['referral.id'], name=op.f('fk_referral_event_referral_id_referral')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_referral_event_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral_event'))
    )
    with op.batch_alter_table('referral_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_event_referral_id'), ['referral_id'], unique=False)


def downgrade():
    with op.batch_alter_table('referral_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referral_event_referral_id'))

    op.drop_table('referral_event')
    with op.batch_alter_table('handoff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handoff_referral_id'))

    op.drop_table('handoff')
    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_up_resident_id'))
        batch_op.drop_index(batch_op.f('ix_follow_up_referral_id'))
        batch_op.drop_index(batch_op.f('ix_follow_up_due_at'))

    op.drop_table('follow_up')
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referral_status'))
        batch_op.drop_index(batch_op.f('ix_referral_resident_id'))
        batch_op.drop_index(batch_op.f('ix_referral_organization_id'))

    op.drop_table('referral')
    with op.batch_alter_table('need', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_need_resident_id'))

    op.drop_table('need')
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_resident_id'))

    op.drop_table('consent')
    with op.batch_alter_table('resident', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resident_phone_digits'))

    op.drop_table('resident')
