"""Encounters: each time a navigator is in touch with a resident, with the follow-up
it brings (follow_up.encounter_id).

Revision ID: e913cc04fabd
Revises: 74634a10bec8
Create Date: 2026-11-26 21:09:01.782184

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e913cc04fabd'
down_revision = '74634a10bec8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('encounter',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('resident_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('happened_at', sa.DateTime(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by'], ['user.id'], name=op.f('fk_encounter_recorded_by_user')),
    sa.ForeignKeyConstraint(['resident_id'], ['resident.id'], name=op.f('fk_encounter_resident_id_resident')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_encounter'))
    )
    with op.batch_alter_table('encounter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_encounter_resident_id'), ['resident_id'], unique=False)

    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.add_column(sa.Column('encounter_id', sa.String(length=36), nullable=True))
        batch_op.create_index(batch_op.f('ix_follow_up_encounter_id'), ['encounter_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_follow_up_encounter_id_encounter'), 'encounter', ['encounter_id'], ['id'])



def downgrade():
    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_follow_up_encounter_id_encounter'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_follow_up_encounter_id'))
        batch_op.drop_column('encounter_id')

    with op.batch_alter_table('encounter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_encounter_resident_id'))

    op.drop_table('encounter')
