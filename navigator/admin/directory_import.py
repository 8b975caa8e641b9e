"""An HSDS package uploaded by an admin: kept privately between its preview and the
admin's confirmation, then imported through the same code as ``flask directory import``.

The upload is stored under the instance folder in a folder only the app may read,
named by a random token the admin's session holds (never the file's own name, never in
a URL), with what the preview found beside it; both are deleted once the import is
done or cancelled, and any left behind for a day are deleted with the next upload.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from navigator.directory.importer import import_package
from navigator.directory.report import ImportReport, summary_lines
from navigator.directory.signals import announce_change
from navigator.extensions import db

#: The largest package the page takes (a whole-county export is about 20 MB).
MAX_BYTES = 64 * 1024 * 1024
#: Uploads neither confirmed nor cancelled are deleted after this many seconds.
KEEP_SECONDS = 24 * 3600
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")


class NotAPackage(ValueError):
    """The file is not a zip, or not an HSDS package."""


@dataclass
class Pending:
    """An upload waiting for the admin's confirmation."""

    token: str
    options: dict  # replace, skip_invalid
    preview: dict  # what ``describe`` made of the report-only run

    @property
    def path(self) -> Path:
        return upload_folder() / f"{self.token}.zip"


def upload_folder() -> Path:
    folder = Path(current_app.config.get("NAVIGATOR_IMPORT_DIR")
                  or Path(current_app.instance_path) / "imports")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def max_bytes() -> int:
    return int(current_app.config.get("NAVIGATOR_IMPORT_MAX_BYTES", MAX_BYTES))


def shown_name(filename: str | None) -> str:
    """The uploaded file's own name as the pages show it (never in a path or a URL)."""
    name = re.split(r"[\\/]", filename or "")[-1].strip()[:100]
    return name or "package.zip"


def describe(report: ImportReport, stored: str = "", shown: str = "") -> dict:
    """What a person needs to see of an import's report (kept as JSON between requests),
    with the stored file's name (its token) replaced by the name it was uploaded with."""
    name = (lambda line: line.replace(stored, shown)) if stored else (lambda line: line)
    counts = [{"table": table, "read": c.read, "inserted": c.inserted, "updated": c.updated,
               "skipped": c.skipped, "defaulted": c.defaulted}
              for table, c in report.tables_read()]
    summary = summary_lines(report.problems, defaults=report.defaults)
    return {"summary": [name(line) for line in summary],
            "skipped": [name(line) for line in summary_lines(report.dependents, "skipped")],
            "unlinks": [unlink.describe() for unlink in report.unlinks],
            "counts": counts, "errors": len(report.errors),
            "warnings": len(report.warnings), "defaults": len(report.defaults),
            "placeholders": len(report.placeholders), "geocoded": report.geocoded,
            "unreadable": report.unreadable, "unconfirmed": report.unconfirmed,
            "written": report.written}


def _forget_old(folder: Path) -> None:
    limit = time.time() - KEEP_SECONDS
    for path in folder.iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            pass


def preview(stream, filename: str | None, *, replace: bool, skip_invalid: bool) -> Pending:
    """Keep the uploaded ``stream`` and check it as the import would, writing nothing;
    NotAPackage (and nothing kept) when it is not a zip of an HSDS package."""
    folder = upload_folder()
    _forget_old(folder)
    pending = Pending(secrets.token_urlsafe(32), {"replace": replace,
                                                  "skip_invalid": skip_invalid}, {})
    shown = shown_name(filename)
    descriptor = os.open(pending.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        while chunk := stream.read(1024 * 1024):
            out.write(chunk)
    try:
        if not zipfile.is_zipfile(pending.path):
            raise NotAPackage("zip")
        report = import_package(pending.path, report_only=True, **pending.options)
        db.session.rollback()  # a check writes nothing, whatever it loaded
        if report.unreadable or not any(c.read for c in report.counts.values()):
            raise NotAPackage("; ".join(str(p) for p in report.errors[-1:]).replace(
                pending.path.name, shown) or "no tables")
    except Exception:
        pending.path.unlink(missing_ok=True)
        raise
    pending.preview = describe(report, pending.path.name, shown)
    pending.preview["name"] = shown
    _metadata(pending.token).write_text(json.dumps(
        {"options": pending.options, "preview": pending.preview}), encoding="utf-8")
    return pending


def _metadata(token: str) -> Path:
    return upload_folder() / f"{token}.json"


def find(token) -> Pending | None:
    """The upload ``token`` names, if it is still kept."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return None
    try:
        kept = json.loads(_metadata(token).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    pending = Pending(token, kept["options"], kept["preview"])
    return pending if pending.path.exists() else None


def discard(pending: Pending) -> None:
    pending.path.unlink(missing_ok=True)
    _metadata(pending.token).unlink(missing_ok=True)


def run(pending: Pending) -> tuple[dict, list[str]]:
    """Import the kept upload as previewed; the report's description, and the lines the
    search index (``directory_changed``'s receivers) had for the person importing.

    A replacement goes ahead only if it unlinks exactly what the preview showed: if the
    directory changed since, nothing is written and the new list is shown."""
    shown = pending.preview.get("unlinks", [])
    report = import_package(
        pending.path, report_only=False,
        confirm=lambda unlinks: [u.describe() for u in unlinks] == shown, **pending.options)
    said = []
    shown = pending.preview.get("name", "")
    if report.written:
        said = announce_change(current_app._get_current_object())
    else:
        db.session.rollback()
    return describe(report, pending.path.name, shown), said
