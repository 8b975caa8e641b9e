"""The web app sends the outbox itself: after a request that wrote a message to be sent
(once its response is sent), and every ``CHECK_EVERY`` seconds of a process's requests,
for the messages waiting to be tried again. ``flask mail send --every`` does the same
without requests (a timer or a service of its own), and any number of these may run at
once: each message is claimed by one of them.
"""

from __future__ import annotations

import time

from flask import Flask, Response, g

from .sending import QUEUED, can_send, is_due, send_due

#: Where this process keeps the time (``time.monotonic``) of its next look.
NEXT_CHECK = "navigator.outbox.next_check"
CHECK_EVERY = 30.0


def init_app(app: Flask) -> None:
    app.extensions[NEXT_CHECK] = 0.0

    @app.after_request
    def send_after(response: Response) -> Response:
        queued = g.pop(QUEUED, False)
        if app.config.get("NAVIGATOR_NOTIFIER") != "smtp":
            return response
        if queued or time.monotonic() >= app.extensions[NEXT_CHECK]:
            app.extensions[NEXT_CHECK] = time.monotonic() + CHECK_EVERY
            response.call_on_close(lambda: send_quietly(app))
        return response


def send_quietly(app: Flask) -> None:
    """Send what is due in a context of its own; never raises (it runs after a response,
    where the database or the mail server may be down). Logs counts only."""
    with app.app_context():
        try:
            if not can_send() or not is_due():
                return
            done = send_due()
        except Exception:  # the database is down: the messages wait in it
            app.logger.exception("the outbox could not be sent")
            return
        if done.retry or done.failed:
            app.logger.warning("outbox: %d sent, %d to try again, %d failed", done.sent,
                               done.retry, done.failed)
