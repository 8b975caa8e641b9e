"""Another host as its own processes, as production runs one: gunicorn serving
``wsgi:app`` and ``flask search follow``, with their own index folder, on the test
database; and a small HTTP client (cookies, forms) to use that host as a browser would.

The test binds the server's socket itself and hands it to gunicorn (``fd://``): no port
is guessed, and a request made before the worker is up waits in the socket's queue.
Each child starts in a session of its own; ``stop`` ends those process groups, and
only them.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Callable, TypeVar
from urllib.parse import urlencode

from tests.paths import ROOT

T = TypeVar("T")
#: Seconds a child has to start (imports, the app, its first answer) on a busy machine.
START_SECONDS = 120.0
#: The follower stops by itself after this long, should the test process die without
#: ending it.
FOLLOWER_SECONDS = 600


@dataclass(frozen=True)
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def text(self) -> str:
        return self.body.decode()


class Browser:
    """HTTP to 127.0.0.1:``port`` keeping the cookies it is given (a session)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None,
                headers: dict | None = None, timeout: float = 30.0) -> Reply:
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            reply = Reply(response.status, response.headers, response.read())
        finally:
            connection.close()
        for header in reply.headers.get_all("Set-Cookie") or ():
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return reply

    def get(self, path: str, **options) -> Reply:
        return self.request("GET", path, **options)

    def csrf(self, path: str) -> str:
        page = self.get(path)
        assert page.status == 200, (path, page.status)
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text())[1]

    def post(self, path: str, form: dict, form_page: str | None = None) -> Reply:
        return self.request("POST", path, {"csrf_token": self.csrf(form_page or path),
                                           **form})


def _no_control_socket() -> list[str]:
    """Gunicorn 24 and later listen on a control socket, by default one path per user
    (~/.gunicorn/gunicorn.ctl) that every server of the machine would share: none."""
    from gunicorn.config import KNOWN_SETTINGS

    return (["--no-control-socket"]
            if any(s.name == "control_socket_disable" for s in KNOWN_SETTINGS) else [])


class OtherHost:
    """Host B: its web server and its follower, each started when asked."""

    def __init__(self, database_url: str, folder: Path):
        self.index_dir = folder / "index"
        self.logs = folder / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.environment = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT),
                                                        os.environ.get("PYTHONPATH")))),
            "NAVIGATOR_DATABASE_URL": database_url,
            "NAVIGATOR_INDEX_DIR": str(self.index_dir),
            "NAVIGATOR_SEARCH_FOLLOW": "follower",
            "NAVIGATOR_PASSWORD_HASH": "fast",
            "NAVIGATOR_API_RATE_LIMIT": "off",  # the tests poll
        }
        self.children: dict[str, subprocess.Popen] = {}
        self.port: int | None = None

    def _start(self, name: str, command: list[str], **options) -> None:
        with open(self.logs / f"{name}.log", "ab") as log:
            self.children[name] = subprocess.Popen(
                command, cwd=ROOT, env=self.environment, stdin=subprocess.DEVNULL,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True, **options)

    def start_server(self) -> Browser:
        """gunicorn on a socket bound here; returns once it answers ``/healthz``."""
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        try:
            self._start("server", [
                sys.executable, "-m", "gunicorn", "--bind", f"fd://{listener.fileno()}",
                "--workers", "1", "--threads", "4", "--graceful-timeout", "5",
                *_no_control_socket(), "wsgi:app",
            ], pass_fds=(listener.fileno(),))
        finally:
            listener.close()  # the server's now: if it dies, connections are refused
        browser = self.browser()
        self.wait(lambda: self._answer(browser), "the server to answer /healthz")
        return browser

    def _answer(self, browser: Browser) -> bool:
        try:
            return browser.get("/healthz", timeout=5).status in (200, 503)
        except (ConnectionError, TimeoutError, http.client.HTTPException):
            return False

    def start_follower(self) -> None:
        self._start("follower", [sys.executable, "-m", "flask", "--app", "wsgi", "search",
                                 "follow", "--poll", "1", "--for", str(FOLLOWER_SECONDS)])

    def browser(self) -> Browser:
        return Browser(self.port)

    def wait(self, found: Callable[[], T], what: str, seconds: float = START_SECONDS) -> T:
        """``found()``'s first true value, asked every 0.2 s until ``seconds`` have
        passed; fails at once, with its log, when a child has stopped."""
        deadline = time.monotonic() + seconds
        while True:
            value = found()
            if value:
                return value
            for name, child in self.children.items():
                assert child.poll() is None, f"host B's {name} stopped:\n{self.log(name)}"
            assert time.monotonic() < deadline, f"waited {seconds:g} s for {what}"
            time.sleep(0.2)  # starting takes seconds: asking more often only slows it

    def log(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def stop(self) -> None:
        """End the children's process groups (SIGTERM, then SIGKILL after 10 s)."""
        for child in self.children.values():
            if child.poll() is None:
                with contextlib.suppress(ProcessLookupError):  # it has just ended
                    os.killpg(child.pid, signal.SIGTERM)
        for child in self.children.values():
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.pid, signal.SIGKILL)
                child.wait(timeout=10)
