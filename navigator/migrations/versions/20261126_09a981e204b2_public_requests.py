"""What residents send from the public pages: callback requests and listing reports.

Revision ID: 09a981e204b2
Revises: b1a923a48f57
Create Date: 2026-11-26 18:51:08.846478

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '09a981e204b2'
down_revision = 'b1a923a48f57'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('callback_request',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('best_time', sa.String(length=16), nullable=False),
    sa.Column('need', sa.Text(), nullable=False),
    sa.Column('consent', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_callback_request'))
    )
    with op.batch_alter_table('callback_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_callback_request_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_callback_request_status'), ['status'], unique=False)

    op.create_table('listing_report',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('service_id', sa.String(length=64), nullable=False),
    sa.Column('problem', sa.String(length=32), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_listing_report_service_id_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_listing_report'))
    )
    with op.batch_alter_table('listing_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_listing_report_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_listing_report_service_id'), ['service_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_listing_report_status'), ['status'], unique=False)



def downgrade():
    with op.batch_alter_table('listing_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_listing_report_status'))
        batch_op.drop_index(batch_op.f('ix_listing_report_service_id'))
        batch_op.drop_index(batch_op.f('ix_listing_report_created_at'))

    op.drop_table('listing_report')
    with op.batch_alter_table('callback_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_callback_request_status'))
        batch_op.drop_index(batch_op.f('ix_callback_request_created_at'))

    op.drop_table('callback_request')
