"""What people send while the database is down (a callback request, a report about a
listing, a request for access to keep one), kept on this host's disk and saved when the
database is back.

One file per request under ``instance/spool`` (``NAVIGATOR_SPOOL_DIR``): written whole or
not at all (a temporary file, fsync, then a rename into ``pending/``), readable by the
server's user alone. Its contents are resident data: never logged (counts are), and a file
that cannot be saved moves to ``failed/`` for someone to look at, never deleted.

Saving is idempotent. Each request carries the id of the row it becomes, made before the
first attempt, and a kind's saver adds nothing when that row exists. A drainer claims a file
by renaming it into ``claimed/``, which only one process can do; a claim older than
``STALE_CLAIM`` (its process died) is released, and the id keeps a request saved just
before such a death from being saved twice.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from flask import current_app
from sqlalchemy.exc import IntegrityError, ProgrammingError, SQLAlchemyError

from navigator.directory.models.base import utcnow
from navigator.error_log import summary
from navigator.extensions import db
from navigator.outage import is_outage, rollback_quietly

#: Adds the row a request becomes to the session (the caller commits), or nothing when
#: that row exists already.
Saver = Callable[[dict], None]
EXTENSION = "navigator.spool"
PENDING, CLAIMED, FAILED, WRITING = "pending", "claimed", "failed", "writing"
#: Seconds after which a claim is taken to be left by a process that died.
STALE_CLAIM = 600


@dataclass
class Drained:
    saved: int = 0
    failed: int = 0
    #: Left for later: the database could not take them yet.
    waiting: int = 0


def register(app, kind: str, saver: Saver) -> None:
    """How requests of ``kind`` are saved (set up by the blueprint that takes them)."""
    app.extensions.setdefault(EXTENSION, {})[kind] = saver


def folder() -> Path:
    return Path(current_app.config["NAVIGATOR_SPOOL_DIR"])


def new_record(**fields) -> dict:
    """What a person sent, with the id of the row it becomes and when it was sent."""
    return {"id": str(uuid.uuid4()), "sent_at": utcnow().isoformat(), **fields}


def save_or_keep(kind: str, record: dict) -> bool:
    """Save ``record`` now (True), or keep it in the spool when the database cannot be
    reached (False); other database errors are raised."""
    try:
        current_app.extensions[EXTENSION][kind](record)
        db.session.commit()
        return True
    except SQLAlchemyError as error:
        rollback_quietly()
        if not is_outage(error):
            raise
    keep(kind, record)
    return False


def keep(kind: str, record: dict) -> Path:
    """Write ``record`` to ``pending/``, durably, as one file only this user can read."""
    base = folder()
    base.mkdir(mode=0o700, parents=True, exist_ok=True)
    for path in (base / WRITING, base / PENDING):
        path.mkdir(mode=0o700, exist_ok=True)
    name = f"{time.time_ns():020d}-{record['id']}.json"
    temporary, final = base / WRITING / name, base / PENDING / name
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            json.dump({"kind": kind, "record": record}, file)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, final)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(final.parent)  # the rename itself survives a crash
    return final


def has_pending() -> bool:
    """Whether anything waits (or is being saved): a look at two folders, no database."""
    return any(_files(folder() / PENDING)) or any(_files(folder() / CLAIMED))


def counts() -> dict[str, int]:
    return {name: len(_files(folder() / name)) for name in (PENDING, CLAIMED, FAILED)}


def drain() -> Drained:
    """Save every kept request the database takes now, oldest first; stop at the first
    sign it cannot take them yet (the rest wait for the next drain)."""
    base, result = folder(), Drained()
    _release_stale_claims(base)
    for path in _files(base / PENDING):
        claimed = _claim(path, base)
        if claimed is None:
            continue  # another drainer took it
        outcome = _save(claimed)
        if outcome == "saved":
            claimed.unlink()
            result.saved += 1
        elif outcome == "failed":
            (base / FAILED).mkdir(mode=0o700, exist_ok=True)
            os.replace(claimed, base / FAILED / claimed.name)
            result.failed += 1
        else:
            _release(claimed, base)
            result.waiting = len(_files(base / PENDING))
            break
    return result


def retry_failed() -> int:
    """Put the files of ``failed/`` back in ``pending/`` (once their problem is fixed)."""
    base, moved = folder(), 0
    for path in _files(base / FAILED):
        _release(path, base)
        moved += 1
    return moved


def _save(claimed: Path) -> str:
    """"saved", "failed" (this file will never be saved as it is) or "wait"."""
    log = current_app.logger
    try:
        entry = json.loads(claimed.read_text(encoding="utf-8"))
        saver, record = current_app.extensions[EXTENSION][entry["kind"]], entry["record"]
    except (OSError, ValueError, KeyError, TypeError):
        log.error("kept request %s cannot be read; moved to failed/", claimed.stem)
        return "failed"
    for attempt in (1, 2):
        try:
            saver(record)
            db.session.commit()
            return "saved"
        except IntegrityError as error:
            rollback_quietly()
            # Another drainer may have saved it since this one looked: its saver finds
            # the row the second time. Refused twice, it is refused for good.
            if attempt == 2:
                log.error("kept request %s refused: %s", claimed.stem, summary(error))
                return "failed"
        except SQLAlchemyError as error:
            rollback_quietly()
            if is_outage(error) or isinstance(error, ProgrammingError):
                # Down, or not migrated to this version yet: later.
                log.warning("kept requests wait: %s", summary(error))
                return "wait"
            log.error("kept request %s refused: %s", claimed.stem, summary(error))
            return "failed"
        except (KeyError, TypeError, ValueError):  # a record this version cannot read
            rollback_quietly()
            log.error("kept request %s cannot be read; moved to failed/", claimed.stem)
            return "failed"
    return "failed"  # not reached


def _claim(path: Path, base: Path) -> Path | None:
    """``path`` renamed into ``claimed/`` with the time of the claim, or None when another
    drainer renamed it first."""
    (base / CLAIMED).mkdir(mode=0o700, exist_ok=True)
    target = base / CLAIMED / f"{path.stem}@{int(time.time())}.json"
    try:
        os.rename(path, target)
    except FileNotFoundError:
        return None
    return target


def _release(path: Path, base: Path) -> None:
    """Back to ``pending/`` under its first name (unless someone else moved it)."""
    try:
        os.rename(path, base / PENDING / (path.stem.split("@")[0] + ".json"))
    except FileNotFoundError:
        pass


def _release_stale_claims(base: Path) -> None:
    for path in _files(base / CLAIMED):
        claimed_at = path.stem.rpartition("@")[2]
        if not claimed_at.isdigit() or int(claimed_at) < time.time() - STALE_CLAIM:
            _release(path, base)


def _files(path: Path) -> list[Path]:
    """The request files of a folder, oldest first (their names start with the time)."""
    try:
        return sorted(p for p in path.iterdir() if p.suffix == ".json")
    except FileNotFoundError:
        return []


def _sync_folder(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
