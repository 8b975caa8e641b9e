"""The review queue: providers' proposed listing changes, requests for access, the
decision on residents' problem reports, and a provider's organization-admin flag.

Revision ID: f2b8c4d6a9e1
Revises: e5a1c9b7d2f3
Create Date: 2026-12-06 06:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f2b8c4d6a9e1'
down_revision = 'e5a1c9b7d2f3'
branch_labels = None
depends_on = None


def _decided():
    return [sa.Column('reviewed_by_email', sa.String(length=320), nullable=True),
            sa.Column('reviewed_at', sa.DateTime(), nullable=True),
            sa.Column('review_note', sa.Text(), nullable=True)]


def upgrade():
    op.create_table('listing_proposal',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('organization_id', sa.String(length=64), nullable=False),
    sa.Column('resource_type', sa.String(length=32), nullable=False),
    sa.Column('resource_id', sa.String(length=64), nullable=False),
    sa.Column('values', sa.JSON(), nullable=False),
    sa.Column('previous', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=True),
    sa.Column('proposed_by_email', sa.String(length=320), nullable=False),
    *_decided(),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_listing_proposal_organization_id_organization'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['user.id'], name=op.f('fk_listing_proposal_proposed_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_listing_proposal'))
    )
    for column in ('organization_id', 'resource_id', 'status', 'created_at', 'proposed_by_id'):
        op.create_index(op.f(f'ix_listing_proposal_{column}'), 'listing_proposal', [column])
    op.create_table('access_request',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('organization_id', sa.String(length=64), nullable=False),
    sa.Column('service_id', sa.String(length=64), nullable=True),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('job_title', sa.Text(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    *_decided(),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_access_request_organization_id_organization'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_access_request_service_id_service'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_request'))
    )
    for column in ('organization_id', 'status', 'created_at'):
        op.create_index(op.f(f'ix_access_request_{column}'), 'access_request', [column])
    with op.batch_alter_table('listing_report') as batch:
        for column in _decided():
            batch.add_column(column)
    with op.batch_alter_table('user') as batch:
        batch.add_column(sa.Column('organization_admin', sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('user') as batch:
        batch.drop_column('organization_admin')
    with op.batch_alter_table('listing_report') as batch:
        for column in ('review_note', 'reviewed_at', 'reviewed_by_email'):
            batch.drop_column(column)
    op.drop_table('access_request')
    op.drop_table('listing_proposal')
