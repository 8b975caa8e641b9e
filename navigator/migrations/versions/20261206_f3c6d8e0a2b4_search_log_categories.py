"""The categories each logged search was for, read when it is logged (the unmet-needs
report groups and filters by them in SQL), filled for the rows already there, and the
report's indexes on them; the report's needs and whether they were sent, from indexes.

Revision ID: f3c6d8e0a2b4
Revises: e2b5c7d9f1a3
Create Date: 2026-12-06 11:30:00.000000

"""
import logging
import time

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3c6d8e0a2b4'
down_revision = 'e2b5c7d9f1a3'
branch_labels = None
depends_on = None

log = logging.getLogger('alembic.runtime.migration')


def _fill():
    """The rows already logged, read as a search logs them, in batches. Without the
    search (the synonyms) they stay NULL, which the report reads itself, and
    ``flask search log-categories`` fills later."""
    connection = op.get_bind()
    if connection.execute(sa.text('SELECT 1 FROM search_log LIMIT 1')).first() is None:
        return
    from flask import current_app, has_app_context
    if not has_app_context() or 'navigator.search' not in current_app.extensions:
        log.warning('search_log.categories not filled: no search here; run '
                    '`flask search log-categories`')
        return
    from navigator.search import fill_log_categories
    started = time.monotonic()
    filled = fill_log_categories(connection)
    log.info('search_log.categories: %d row(s) filled in %.1f s', filled,
             time.monotonic() - started)


def upgrade():
    with op.batch_alter_table('search_log') as batch:
        batch.drop_index('ix_search_log_found_none')
        batch.drop_index('ix_search_log_day_zip')
        batch.add_column(sa.Column('categories', sa.Text(), nullable=True))
    _fill()  # before the indexes: the updates need not keep them
    with op.batch_alter_table('search_log') as batch:
        batch.create_index('ix_search_log_day_zip',
                           ['searched_on', 'zip_code', 'categories', 'filters',
                            'result_count'], unique=False)
        batch.create_index('ix_search_log_found_none',
                           ['result_count', 'searched_on', 'categories', 'filters'],
                           unique=False)
        batch.create_index('ix_search_log_unread', ['categories', 'searched_on'],
                           unique=False,
                           sqlite_where=sa.text('categories IS NULL'),
                           postgresql_where=sa.text('categories IS NULL'))


    # Unmet needs: a year's needs by category and status, and whether any referral for
    # each was sent, read from the indexes alone.
    with op.batch_alter_table('need') as batch:
        batch.drop_index('ix_need_created_at')
        batch.create_index('ix_need_created_at',
                           ['created_at', 'status', 'taxonomy_term_id', 'id'], unique=False)
    with op.batch_alter_table('referral') as batch:
        batch.drop_index('ix_referral_need_id')
        batch.create_index('ix_referral_need_id', ['need_id', 'sent_at'], unique=False)


def downgrade():
    with op.batch_alter_table('referral') as batch:
        batch.drop_index('ix_referral_need_id')
        batch.create_index('ix_referral_need_id', ['need_id'], unique=False)
    with op.batch_alter_table('need') as batch:
        batch.drop_index('ix_need_created_at')
        batch.create_index('ix_need_created_at', ['created_at'], unique=False)
    with op.batch_alter_table('search_log') as batch:
        batch.drop_index('ix_search_log_unread')
        batch.drop_index('ix_search_log_found_none')
        batch.drop_index('ix_search_log_day_zip')
        batch.drop_column('categories')
        batch.create_index('ix_search_log_day_zip',
                           ['searched_on', 'zip_code', 'terms', 'filters', 'result_count'],
                           unique=False)
        batch.create_index('ix_search_log_found_none',
                           ['result_count', 'searched_on', 'terms', 'filters'], unique=False)
