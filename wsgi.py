"""WSGI entry point: ``gunicorn wsgi:app``; also found automatically by ``flask``."""

from navigator import create_app

app = create_app()
