"""Find and read the tables of an HSDS package: a folder, a zip, a datapackage.json or JSON.

Real exports are untidy: descriptors that name missing files, tables tucked in a
``data/`` folder or a zip's single top folder, singular or plural file names,
HSDS 1.x names. Files are found by their names when the descriptor does not help.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json
import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterator

from . import legacy
from .raw import Problem, RawTable
from .tables import EXTENSION_FILES, OFFICIAL_FILES, PATCHES

#: The longest cell accepted; longer means the file is not the CSV it claims to be.
MAX_FIELD = 1_000_000


class SourceError(Exception):
    """The input cannot be read at all (missing, not a package, a damaged zip);
    ``problems`` are what was noticed before giving up (an ignored resource...)."""

    def __init__(self, label: str, message: str, problems: list[Problem] | None = None):
        super().__init__(f"{label}: {message}")
        self.label, self.message = label, message
        self.problems = list(problems or [])


def _singular(stem: str) -> str:
    stem = stem.strip().lower().replace("-", "_").replace(" ", "_")
    if stem.endswith("ies"):
        return stem[:-3] + "y"
    if stem.endswith("sses"):
        return stem[:-2]
    if stem.endswith("s") and not stem.endswith(("ss", "us")):
        return stem[:-1]
    return stem


def _table_names() -> dict[str, str]:
    names = {}
    for table, file in {**OFFICIAL_FILES, **EXTENSION_FILES}.items():
        names[_singular(table)] = table
        names[_singular(Path(file).stem)] = table
    for patch in PATCHES.values():
        if patch.file:
            names[_singular(Path(patch.file).stem)] = patch.name
    names.update({
        "services_at_location": "service_at_location",
        "organisation": "organization",
        "taxonomy": "taxonomy?",  # 3.0 taxonomies, or 1.x terms: the header decides
    })
    names.update({stem: f"legacy:{name}" for stem, name in legacy.LEGACY_NAMES.items()})
    names["accessibility_for_disability"] = "legacy:accessibility_for_disabilities"
    return names


TABLE_NAMES = _table_names()


def table_for(name: str) -> str | None:
    """The table a file or resource name stands for, or None."""
    return TABLE_NAMES.get(_singular(Path(name).stem if "." in name else name))


class _Files:
    """Read-only access to the files of a folder or zip, by relative POSIX path;
    ``label`` names the whole package in messages."""

    label = ""
    label_prefix = ""

    def names(self) -> list[str]:
        raise NotImplementedError

    def open(self, name: str) -> IO[bytes]:
        raise NotImplementedError

    def close(self) -> None:
        pass


class _FolderFiles(_Files):
    def __init__(self, root: Path, label: str):
        self.root, self.label = root, label

    def names(self) -> list[str]:
        found = []
        # Three levels cover "data/", a wrapping folder and "wrapper/data/".
        for pattern in ("*", "*/*", "*/*/*"):
            found += [p.relative_to(self.root).as_posix() for p in self.root.glob(pattern)
                      if p.is_file()]
        return found

    def open(self, name: str) -> IO[bytes]:
        return (self.root / name).open("rb")


class _ZipFiles(_Files):
    def __init__(self, path: Path):
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise SourceError(
                path.name, f"not a readable zip archive (it may be truncated or damaged): {error}"
            ) from None
        self.label = path.name
        self.label_prefix = path.name + "!"

    def names(self) -> list[str]:
        return [n for n in self.zip.namelist()
                if not n.endswith("/") and not n.startswith("__MACOSX/")]

    def open(self, name: str) -> IO[bytes]:
        return self.zip.open(name)

    def close(self) -> None:
        self.zip.close()


@dataclass
class Source:
    """What was found in the input: raw tables in reading order, and the problems met."""

    tables: list[RawTable] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: _Files | None = None

    def warn(self, label: str, message: str, where=None, column=None) -> None:
        self.problems.append(Problem(label, where, column, message, "warning"))

    def error(self, label: str, message: str, where=None, column=None) -> None:
        self.problems.append(Problem(label, where, column, message, "error"))


@contextlib.contextmanager
def open_source(path: Path) -> Iterator[Source]:
    """Open ``path`` and find its tables; rows are read lazily while the context is open."""
    path = Path(path)
    if not path.exists():
        raise SourceError(str(path), "no such file or folder")
    source = Source()
    try:
        if path.is_dir():
            source.files = _FolderFiles(path, str(path))
            _find_tables(source, descriptor_dir=None)
        elif path.suffix.lower() == ".zip" or zipfile.is_zipfile(path):
            source.files = _ZipFiles(path)
            _find_tables(source, descriptor_dir=None)
        elif path.name.lower().endswith(".json") and path.name.lower() != "datapackage.json":
            _read_json(source, path)
        elif path.name.lower() == "datapackage.json":
            source.files = _FolderFiles(path.parent, str(path))
            _find_tables(source, descriptor_dir="")
        else:
            raise SourceError(
                path.name, "expected a folder, a .zip, a datapackage.json or an HSDS .json file"
            )
        yield source
    finally:
        if source.files:
            source.files.close()


def _read_json(source: Source, path: Path) -> None:
    from .hsds_json import read_json

    label = path.name
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        source.error(label, f"not UTF-8 text (byte 0x{error.object[error.start]:02x} at "
                            f"offset {error.start}); save the file as UTF-8")
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        source.error(label, f"not valid JSON: {error.msg} at line {error.lineno}, "
                            f"column {error.colno}")
        return
    tables, problems = read_json(data, label)
    source.tables.extend(tables)
    source.problems.extend(problems)


def _roots(names: list[str]) -> list[str]:
    """Folders where tables may sit: the top, ``data/``, and a single wrapping folder."""
    roots = ["", "data/"]
    tops = {n.split("/", 1)[0] for n in names if "/" in n}
    top_csvs = [n for n in names if "/" not in n and n.lower().endswith(".csv")]
    if len(tops) == 1 and not top_csvs:
        (top,) = tops
        roots += [f"{top}/", f"{top}/data/"]
    return roots


def _find_tables(source: Source, descriptor_dir: str | None) -> None:
    files = source.files
    names = files.names()
    roots = _roots(names)
    if descriptor_dir is None:
        descriptor_dir = next((r for r in roots if f"{r}datapackage.json" in names), None)
    chosen: dict[str, str] = {}  # table key -> file name
    if descriptor_dir is not None:
        chosen.update(_from_descriptor(source, descriptor_dir, set(names)))
    for root in roots:
        for name in sorted(n for n in names if posixpath.dirname(n) + "/" == root
                           or (root == "" and "/" not in n)):
            if not name.lower().endswith(".csv") or name in chosen.values():
                continue
            key = table_for(posixpath.basename(name))
            label = files.label_prefix + name
            if key is None:
                # Beside a descriptor, other files (notes, lookup tables) are expected.
                if descriptor_dir is None:
                    source.warn(label, "not an HSDS table name; file ignored")
            elif key in chosen:
                source.warn(label, f"another file for the same table ({chosen[key]}) "
                                   "was read instead; this one was ignored")
            else:
                chosen[key] = name
    if not chosen:
        # Nothing to import is a mistake (the wrong zip or folder), not an empty success:
        # with --replace it would even empty the directory.
        raise SourceError(files.label, _no_tables_message(names, descriptor_dir is not None),
                          source.problems)
    for key, name in chosen.items():
        raw = _read_csv(source, name, key)
        if raw is not None:
            source.tables.append(raw)


#: How many of a package's files a message names before "and N more".
NAMED_FILES = 10


def _no_tables_message(names: list[str], descriptor: bool) -> str:
    examples = ", ".join(OFFICIAL_FILES[table] for table in
                         ("organization", "service", "location", "service_at_location"))
    where = "at the top, in data/, or in a single folder"
    if descriptor:
        message = (f"no HSDS tables found: its datapackage.json lists none, and no CSV file "
                   f"is named for one, such as {examples} ({where})")
    else:
        message = (f"no HSDS tables found: expected a datapackage.json, or CSV files named "
                   f"for HSDS tables such as {examples} ({where})")
    if not names:
        return message + "; it holds no files"
    shown = ", ".join(sorted(names)[:NAMED_FILES])
    if len(names) > NAMED_FILES:
        shown += f" and {len(names) - NAMED_FILES} more"
    return f"{message}; it holds {shown}"


def _from_descriptor(source: Source, folder: str, names: set[str]) -> dict[str, str]:
    label = source.files.label_prefix + folder + "datapackage.json"
    try:
        with source.files.open(folder + "datapackage.json") as stream:
            descriptor = json.loads(stream.read().decode("utf-8-sig"))
        resources = descriptor["resources"]
    except (ValueError, KeyError, TypeError, OSError):
        resources = None
    if not isinstance(resources, list):
        source.warn(label, "not a readable data package descriptor; tables found by file name")
        return {}
    chosen = {}
    for index, resource in enumerate(resources):
        if not isinstance(resource, dict):
            continue
        path = resource.get("path")
        path = path[0] if isinstance(path, list) and path else path
        name = str(resource.get("name") or "")
        key = table_for(name) or (table_for(posixpath.basename(path))
                                  if isinstance(path, str) else None)
        where = f"resources[{index}]"
        if key is None:
            source.warn(label, f"resource {name or path!r} is not an HSDS table; ignored", where)
            continue
        if not isinstance(path, str) or "://" in path:
            source.warn(label, f"resource {name!r} has no local path; looked for it by file name",
                        where)
            continue
        full = posixpath.normpath(folder + path)
        if full.startswith("../") or posixpath.isabs(path):
            source.warn(label, f"path {path!r} points outside the package; ignored", where)
        elif full not in names:
            source.warn(label, f"lists {path!r}, which is not in the package; "
                               "looked for the table by file name", where)
        else:
            chosen[key] = full
    return chosen


_BINARY_MAGIC = {
    b"PK\x03\x04": "a zip or Excel workbook",
    b"\xd0\xcf\x11\xe0": "an old Excel workbook",
    b"%PDF": "a PDF",
}


def _read_csv(source: Source, name: str, key: str) -> RawTable | None:
    files = source.files
    label = files.label_prefix + name
    try:
        stream = files.open(name)
        head = stream.read(8192)
    except (zipfile.BadZipFile, EOFError, zlib.error, OSError) as error:
        source.error(label, f"cannot be read from the archive (damaged?): {error}")
        return None
    for magic, what in _BINARY_MAGIC.items():
        if head.startswith(magic):
            source.error(label, f"not a CSV file: it is {what} saved with a .csv name")
            return None
    if b"\x00" in head:
        source.error(label, "not a CSV file: it holds binary data")
        return None
    if not head.strip(b"\xef\xbb\xbf \r\n\t"):
        source.warn(label, "empty file; skipped")
        return None
    text = io.TextIOWrapper(_Rejoined(head, stream), encoding="utf-8-sig", newline="")
    # The csv module's limit is the process's: set where files are read (idempotent),
    # never as a side effect of importing this module. A value spanning quoted line
    # breaks may be longer than the default 128 KiB.
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(_lines(text))
    try:
        header = next(reader)
    except (UnicodeDecodeError, csv.Error) as error:
        source.error(label, _read_failure(error), _failure_line(source, label, error, 1))
        return None
    columns = _header(source, label, header)
    if key == "taxonomy?":
        key = "legacy:taxonomy" if legacy.is_legacy_terms(columns) else "taxonomy"
    if key == "legacy:taxonomy":
        raw = RawTable("taxonomy_term", label, columns, _rows(source, label, reader, stream))
        return legacy.adapt(raw)
    if key.startswith("legacy:"):
        legacy_name = key.split(":", 1)[1]
        raw = RawTable(legacy_name, label, columns, _rows(source, label, reader, stream))
        return legacy.adapt(raw, legacy_name)
    return legacy.adapt(RawTable(key, label, columns, _rows(source, label, reader, stream)))


class _Rejoined(io.RawIOBase):
    """The sniffed head of a stream followed by the rest of it."""

    def __init__(self, head: bytes, rest: IO[bytes]):
        self.head, self.rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.head:
            size = min(len(buffer), len(self.head))
            buffer[:size], self.head = self.head[:size], self.head[size:]
            return size
        data = self.rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.rest.close()
        super().close()


def _header(source: Source, label: str, header: list[str]) -> list[str]:
    columns = []
    for index, cell in enumerate(header):
        name = cell.strip().lstrip("\ufeff").strip().lower().replace(" ", "_").replace("-", "_")
        if name and name in columns:
            source.warn(label, "column appears twice; the second one is ignored", 1, name)
            name = ""
        columns.append(name)
    return columns


def _lines(text: IO[str]) -> Iterator[str]:
    """The lines of ``text``; one longer than a cell may be is refused before it is
    all in memory (a file with no line breaks would otherwise be read whole)."""
    while line := text.readline(MAX_FIELD + 3):
        if len(line) > MAX_FIELD + 2:
            raise csv.Error("line longer than field limit")
        yield line


def _read_failure(error: Exception) -> str:
    if isinstance(error, UnicodeDecodeError):
        return (f"not UTF-8 text (byte 0x{error.object[error.start]:02x}); "
                "save the file as UTF-8")
    message = str(error)
    if "line longer than field limit" in message:
        return (f"a line is longer than {MAX_FIELD:,} characters; "
                "is this really a CSV file?")
    if "field larger than field limit" in message:
        return (f"a value is longer than {MAX_FIELD:,} characters; "
                "is this really a CSV file?")
    if "NUL" in message:
        return "not a CSV file: it holds binary data"
    return f"not readable as CSV: {message}"


def _failure_line(source: Source, label: str, error: Exception, default: int) -> int:
    """The line of the first byte that is not UTF-8 (the text layer decodes whole
    chunks ahead of the CSV reader, so its position says nothing about the line)."""
    if not isinstance(error, UnicodeDecodeError):
        return default
    decoder, line = codecs.getincrementaldecoder("utf-8")(), 1
    try:
        with source.files.open(label[len(source.files.label_prefix):]) as stream:
            while chunk := stream.read(1 << 16):
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as bad:
                    return line + bad.object[:bad.start].count(b"\n")
                line += chunk.count(b"\n")
    except (zipfile.BadZipFile, EOFError, zlib.error, OSError):
        pass
    return default


def _rows(source: Source, label: str, reader, stream) -> Iterator[tuple[int, list[Any]]]:
    line = reader.line_num
    try:
        for values in reader:
            start, line = line + 1, reader.line_num
            if not values or not any(v.strip() for v in values):
                continue  # blank lines and rows of empty cells carry nothing
            yield start, values
    except (UnicodeDecodeError, csv.Error, zipfile.BadZipFile, EOFError, zlib.error,
            OSError) as error:
        message = _read_failure(error)
        source.error(label, f"{message}; the rest of the file was not read",
                     _failure_line(source, label, error, line + 1))
    finally:
        stream.close()
