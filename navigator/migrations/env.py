import logging
from contextlib import contextmanager
from logging.config import fileConfig

from flask import current_app
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from alembic import context
from navigator.database_roles import after_migrations

# this is the Alembic Config object, which provides
# access to the values within the .ini file in use.
config = context.config

# Interpret the config file for Python logging, in a process that logs nowhere yet (a
# plain `flask db upgrade`). A process that already logs keeps its own handlers: the
# file's handler would hold whatever sys.stderr is now (a test runner's capture, closed
# once the command ends), and every later warning would fail to print.
if not logging.getLogger().handlers:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger('alembic.env')


def get_engine():
    # With NAVIGATOR_MIGRATION_DATABASE_URL, migrations run as the tables' owner, and
    # the application's role gets its rights afterwards (navigator.database_roles).
    owner_url = current_app.config.get('NAVIGATOR_MIGRATION_DATABASE_URL')
    if owner_url:
        return create_engine(owner_url, poolclass=NullPool, hide_parameters=True)
    return current_app.extensions['migrate'].db.engine


def get_engine_url():
    try:
        return get_engine().url.render_as_string(hide_password=False).replace(
            '%', '%%')
    except AttributeError:
        return str(get_engine().url).replace('%', '%%')


# add your model's MetaData object here
# for 'autogenerate' support
# from myapp import mymodel
# target_metadata = mymodel.Base.metadata
config.set_main_option('sqlalchemy.url', get_engine_url())
target_db = current_app.extensions['migrate'].db

# other values from the config, defined by the needs of env.py,
# can be acquired:
# my_important_option = config.get_main_option("my_important_option")
# ... etc.


def get_metadata():
    if hasattr(target_db, 'metadatas'):
        return target_db.metadatas[None]
    return target_db.metadata


def run_migrations_offline():
    """Run migrations in 'offline' mode.

    This configures the context with just a URL
    and not an Engine, though an Engine is acceptable
    here as well.  By skipping the Engine creation
    we don't even need a DBAPI to be available.

    Calls to context.execute() here emit the given string to the
    script output.

    """
    url = config.get_main_option("sqlalchemy.url")
    context.configure(
        url=url, target_metadata=get_metadata(), literal_binds=True
    )

    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    """Run migrations in 'online' mode.

    In this scenario we need to create an Engine
    and associate a connection with the context.

    """

    # this callback is used to prevent an auto-migration from being generated
    # when there are no changes to the schema
    # reference: http://alembic.zzzcomputing.com/en/latest/cookbook.html
    def process_revision_directives(context, revision, directives):
        if getattr(config.cmd_opts, 'autogenerate', False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info('No changes in schema detected.')

    conf_args = current_app.extensions['migrate'].configure_args
    if conf_args.get("process_revision_directives") is None:
        conf_args["process_revision_directives"] = process_revision_directives

    connectable = get_engine()

    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=get_metadata(),
            **conf_args
        )

        with _sqlite_keys_checked_after(connection):
            with context.begin_transaction():
                context.run_migrations()
                after_migrations(current_app, connection)


@contextmanager
def _sqlite_keys_checked_after(connection):
    """On SQLite, foreign keys off while the migrations run, then checked: Alembic's batch
    mode rebuilds a table (copy, drop, rename), and with the keys on SQLite refuses to
    drop a table other rows refer to (a downgrade that drops a referral's column, on a
    database with referrals). SQLite's own way to change a table's schema: the keys are
    off outside the transaction, and ``PRAGMA foreign_key_check`` must find nothing
    before they are on again. Other databases are left as they are."""
    if connection.dialect.name != "sqlite":
        yield
        return
    raw = connection.connection.driver_connection
    raw.execute("PRAGMA foreign_keys=OFF")  # no transaction open yet: it takes effect
    try:
        yield
        broken = raw.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"the migration left {len(broken)} row(s) whose foreign key "
                               f"refers to nothing, the first in table {broken[0][0]}")
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
