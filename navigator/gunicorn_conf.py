"""Gunicorn's settings for Navigator (``gunicorn -c python:navigator.gunicorn_conf``): the
workers learn how many of them there are (``navigator.rate_limits`` warns when they would
each keep their own rate-limit counters)."""

import os


def on_starting(server):
    # The master, before any worker is forked (and loads the app, unless --preload):
    # gunicorn reads WEB_CONCURRENCY as its default number of workers, this makes it the
    # number actually started, -w included.
    os.environ["WEB_CONCURRENCY"] = str(server.cfg.workers)
