"""The mail outbox: messages waiting to be sent by one worker, with their attempts.

Revision ID: d1a4b6c8e3f5
Revises: c9f3a5b7d2e4
Create Date: 2026-12-06 08:25:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd1a4b6c8e3f5'
down_revision = 'c9f3a5b7d2e4'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
