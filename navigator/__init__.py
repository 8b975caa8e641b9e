"""Navigator: resource navigation and referral directory."""

from __future__ import annotations

from flask import Flask

from .config import INSTANCE_DIR, ROOT, from_environment, settle_secret_key
from .extensions import csrf, db, migrate


def create_app(config: dict | None = None) -> Flask:
    """Build the application; ``config`` overrides settings read from the environment."""
    app = Flask(
        __name__,
        instance_path=str(INSTANCE_DIR),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.update(from_environment())
    if config:
        app.config.update(config)
    settle_secret_key(app.config)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
        **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}), "hide_parameters": True}
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)

    if app.config.get("NAVIGATOR_PROXIES"):
        # Behind that many reverse proxies: the client's address (for the forms' rate
        # limits) and scheme come from their X-Forwarded-* headers.
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["NAVIGATOR_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    register_extensions(app)
    register_blueprints(app)
    register_commands(app)
    register_error_handlers(app)
    drain_spool(app)
    return app


def register_extensions(app: Flask) -> None:
    from . import (assets, forms, helplines, i18n, rate_limits, request_input, search,
                   security, spool_drain)
    from .auth import access
    from .directory import changes as directory_changes
    from .outbox import drain as outbox_drain

    db.init_app(app)
    # The change log, written in the transaction of every change of the directory.
    directory_changes.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "navigator" / "migrations"),
                     render_as_batch=True, compare_type=True)
    request_input.init_app(app)
    csrf.init_app(app)
    rate_limits.init_app(app)
    access.init_app(app)
    i18n.init_app(app)
    assets.init_app(app)
    forms.init_app(app)
    helplines.init_app(app)
    search.init_app(app)
    security.init_app(app)
    spool_drain.init_app(app)
    outbox_drain.init_app(app)


def register_blueprints(app: Flask) -> None:
    from .admin.views import blueprint as admin
    from .api.views import blueprint as api
    from .auth.views import blueprint as auth
    from .health import blueprint as health
    from .portal.views import blueprint as portal
    from .public.views import blueprint as public
    from .reports.views import blueprint as reports
    from .workflow.views import blueprint as workflow

    app.register_blueprint(health)
    app.register_blueprint(public)
    app.register_blueprint(api)
    app.register_blueprint(auth)
    app.register_blueprint(workflow)
    app.register_blueprint(portal)
    app.register_blueprint(admin)
    app.register_blueprint(reports)


def register_commands(app: Flask) -> None:
    from .auth.commands import users
    from .directory.commands import directory
    from .outbox.commands import commands as mail
    from .portal.reminders import remind_stale
    from .reports.commands import reports
    from .search import cli as search_cli
    from .spool_drain import commands as spool

    # A directory command that reads accounts and sends mail: it lives in the portal,
    # which may import them (the directory may not).
    directory.add_command(remind_stale)
    app.cli.add_command(directory)
    app.cli.add_command(search_cli)
    app.cli.add_command(users)
    app.cli.add_command(spool)
    app.cli.add_command(reports)
    app.cli.add_command(mail)


def register_error_handlers(app: Flask) -> None:
    from . import errors

    errors.register(app)


def drain_spool(app: Flask) -> None:
    """Save what residents sent while the database was down (nothing to do, usually)."""
    from . import spool_drain

    spool_drain.drain_quietly(app)
