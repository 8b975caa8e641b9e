"""A service's name, description, eligibility and how to apply in another language
(Spanish), shown on the Spanish pages instead of the English where present.

Revision ID: e5a1c9b7d2f3
Revises: c3d7e1f0a2b4
Create Date: 2026-12-06 05:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5a1c9b7d2f3'
down_revision = 'c3d7e1f0a2b4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('service_translation',
    sa.Column('service_id', sa.String(length=64), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('eligibility_description', sa.Text(), nullable=True),
    sa.Column('application_process', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_service_translation_service_id_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('service_id', 'language', name=op.f('pk_service_translation')),
    info={'local': True}
    )


def downgrade():
    op.drop_table('service_translation')
