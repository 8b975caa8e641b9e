"""The directory's change log: one row per directory change, which every host's search index follows.

Revision ID: c9f3a5b7d2e4
Revises: b8e2f4a6c1d3
Create Date: 2026-12-06 08:25:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c9f3a5b7d2e4'
down_revision = 'b8e2f4a6c1d3'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
