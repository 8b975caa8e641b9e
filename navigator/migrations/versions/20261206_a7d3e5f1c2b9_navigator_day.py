"""The navigator's day: a callback's attempts and outcome, a resident's folded name,
best time and optional self-described fields, a verbal consent's witness, appointment
times, notices to the referring navigator and their wish to get them by email.

Revision ID: a7d3e5f1c2b9
Revises: f2b8c4d6a9e1
Create Date: 2026-12-06 06:30:00.000000

"""
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7d3e5f1c2b9'
down_revision = 'f2b8c4d6a9e1'
branch_labels = None
depends_on = None


def _fold(text):
    # The model's ``fold`` as it is today, frozen here: a migration must not change
    # with the code that follows it.
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def upgrade():
    with op.batch_alter_table('callback_request') as batch:
        batch.add_column(sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'))
        batch.add_column(sa.Column('last_attempt_at', sa.DateTime(), nullable=True))
        batch.add_column(sa.Column('outcome', sa.String(length=24), nullable=True))
        batch.add_column(sa.Column('handled_by', sa.Integer(), nullable=True))
        batch.create_foreign_key(batch.f('fk_callback_request_handled_by_user'), 'user',
                                 ['handled_by'], ['id'])
    with op.batch_alter_table('resident') as batch:
        batch.add_column(sa.Column('name_key', sa.String(length=80), nullable=True))
        batch.add_column(sa.Column('best_time', sa.String(length=16), nullable=True))
        batch.add_column(sa.Column('household', sa.String(length=32), nullable=True))
        batch.add_column(sa.Column('gender', sa.String(length=80), nullable=True))
        batch.add_column(sa.Column('race', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('ethnicity', sa.String(length=32), nullable=True))
        batch.create_index(batch.f('ix_resident_name_key'), ['name_key'], unique=False)
    resident = sa.table('resident', sa.column('id', sa.String), sa.column('name', sa.String),
                        sa.column('name_key', sa.String))
    connection = op.get_bind()
    for id_, name in connection.execute(sa.select(resident.c.id, resident.c.name)).all():
        connection.execute(resident.update().where(resident.c.id == id_)
                           .values(name_key=_fold(name)))
    with op.batch_alter_table('consent') as batch:
        batch.add_column(sa.Column('witness', sa.String(length=120), nullable=True))
    with op.batch_alter_table('referral') as batch:
        batch.add_column(sa.Column('appointment_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('handoff') as batch:
        batch.add_column(sa.Column('appointment_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('user') as batch:
        batch.add_column(sa.Column('notify_by_email', sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    op.create_table('notice',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('seen_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['referral_id'], ['referral.id'], name=op.f('fk_notice_referral_id_referral')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_notice_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notice'))
    )
    for column in ('user_id', 'referral_id', 'seen_at'):
        op.create_index(op.f(f'ix_notice_{column}'), 'notice', [column], unique=False)


def downgrade():
    op.drop_table('notice')
    with op.batch_alter_table('user') as batch:
        batch.drop_column('notify_by_email')
    with op.batch_alter_table('handoff') as batch:
        batch.drop_column('appointment_at')
    with op.batch_alter_table('referral') as batch:
        batch.drop_column('appointment_at')
    with op.batch_alter_table('consent') as batch:
        batch.drop_column('witness')
    with op.batch_alter_table('resident') as batch:
        batch.drop_index(batch.f('ix_resident_name_key'))
        for column in ('ethnicity', 'race', 'gender', 'household', 'best_time', 'name_key'):
            batch.drop_column(column)
    with op.batch_alter_table('callback_request') as batch:
        batch.drop_constraint(batch.f('fk_callback_request_handled_by_user'), type_='foreignkey')
        for column in ('handled_by', 'outcome', 'last_attempt_at', 'attempts'):
            batch.drop_column(column)
