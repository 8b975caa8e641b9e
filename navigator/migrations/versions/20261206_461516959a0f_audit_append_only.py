"""The audit log refuses UPDATE, DELETE and TRUNCATE in PostgreSQL itself.

The application never changes an event (navigator.audit), but its database role owns the
table, and an owner keeps every right whatever is revoked: these triggers refuse the
owner too. Removing them takes an ALTER TABLE, which only the owner may do; run the
application as a role that does not own the tables (docs/settings.md, "Database roles").
SQLite has no roles: whoever can write the file can change anything in it, so there the
application's own refusal is the guard.

Revision ID: 461516959a0f
Revises: e913cc04fabd
Create Date: 2026-12-06 02:45:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '461516959a0f'
down_revision = 'e913cc04fabd'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("""
        CREATE FUNCTION audit_event_refuse_change() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END
        $$
    """)
    op.execute("""
        CREATE TRIGGER audit_event_no_update_or_delete
        BEFORE UPDATE OR DELETE ON audit_event
        FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change()
    """)
    op.execute("""
        CREATE TRIGGER audit_event_no_truncate
        BEFORE TRUNCATE ON audit_event
        FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change()
    """)


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER audit_event_no_truncate ON audit_event")
    op.execute("DROP TRIGGER audit_event_no_update_or_delete ON audit_event")
    op.execute("DROP FUNCTION audit_event_refuse_change()")
