"""Rate-limit counters in a shared store (Redis, as ``NAVIGATOR_RATELIMIT_STORAGE``)
are one count for every worker process: two processes, each its own app, spend one
API limit together, where with ``memory://`` each would have its own.

Needs a Redis server on 127.0.0.1:6379 (these machines and CI run one; ``.ci/run``
starts it when it is down). Without one the test skips, or fails when
NAVIGATOR_REQUIRE_REDIS=1 (CI)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import uuid

import pytest

from tests.paths import ROOT

REDIS = ("127.0.0.1", 6379)

#: One worker: its own app (its own limiter), ``count`` API requests from the same
#: address; prints their status codes.
WORKER = """
import json, sys
from navigator import create_app
storage, prefix, database, index, count = sys.argv[1:6]
app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database,
                  "NAVIGATOR_INDEX_DIR": index, "RATELIMIT_STORAGE_URI": storage,
                  "RATELIMIT_KEY_PREFIX": prefix, "RATELIMIT_SWALLOW_ERRORS": False,
                  "NAVIGATOR_API_RATE_LIMIT": "5 per minute"})
client = app.test_client()
print(json.dumps([client.get("/api/taxonomies").status_code for _ in range(int(count))]))
"""


@pytest.fixture
def redis_server():
    pytest.importorskip("redis", reason="the redis client is not installed")
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError:
        if os.environ.get("NAVIGATOR_REQUIRE_REDIS") == "1":
            pytest.fail("no Redis server on 127.0.0.1:6379 (NAVIGATOR_REQUIRE_REDIS=1)",
                        pytrace=False)
        pytest.skip("no Redis server on 127.0.0.1:6379")
    return f"redis://{REDIS[0]}:{REDIS[1]}"


def _worker(app, storage: str, prefix: str, count: int) -> list[int]:
    done = subprocess.run(
        [sys.executable, "-c", WORKER, storage, prefix, app.config["SQLALCHEMY_DATABASE_URI"],
         str(app.config["NAVIGATOR_INDEX_DIR"]), str(count)],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_two_worker_processes_spend_one_limit_in_redis(app, redis_server):
    prefix = f"navigator-test-{uuid.uuid4().hex}"  # this run's counters only
    try:
        assert _worker(app, redis_server, prefix, 3) == [200] * 3
        assert _worker(app, redis_server, prefix, 3) == [200, 200, 429]
    finally:
        import redis

        client = redis.Redis(*REDIS)
        keys = list(client.scan_iter(f"{prefix}*"))
        if keys:
            client.delete(*keys)


def test_memory_counters_are_each_process_own(app):
    """The contrast: what the shared store prevents."""
    assert _worker(app, "memory://", "navigator-test", 3) == [200] * 3
    assert _worker(app, "memory://", "navigator-test", 3) == [200] * 3
