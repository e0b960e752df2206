"""Bulk import and export of IP-set entries.

Import formats: text (one address or CIDR per line, an optional `# comment` after it, blank and
comment-only lines ignored) or CSV (`ip,comment,expires_at`, header row optional). Parsing checks
every line before anything is written: a file with a bad line imports nothing, and the answer
names the bad lines."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from cloudwaf.errors import BadRequest
from cloudwaf.guard.validators import cidr, plain_text
from cloudwaf.kit.time import parse_instant

MAX_REPORTED_ERRORS = 20


@dataclass(frozen=True, slots=True)
class ParsedEntry:
    ip: str
    comment: str
    expires_at: datetime | None


def _entry(ip_text: str, comment: str, expires_text: str, now: datetime) -> ParsedEntry:
    ip = cidr(ip_text)
    comment = plain_text(comment.strip(), 255) if comment else ""
    expires_at = None
    if expires_text.strip():
        try:
            expires_at = parse_instant(expires_text.strip())
        except ValueError as exc:
            raise ValueError(
                f"invalid expires_at {expires_text.strip()[:40]!r} (RFC 3339 or Unix seconds)"
            ) from exc
        if expires_at <= now:
            raise ValueError("expires_at is in the past")
    return ParsedEntry(ip, comment, expires_at)


def _text_rows(text: str) -> Iterator[tuple[int, str, str, str]]:
    for number, line in enumerate(text.splitlines(), start=1):
        ip_part, _, comment = line.partition("#")
        if ip_part.strip():
            yield number, ip_part.strip(), comment, ""


def _csv_rows(text: str) -> Iterator[tuple[int, str, str, str]]:
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        if number == 1 and row[0].strip().lower() == "ip":
            continue  # header
        if len(row) > 3:
            yield number, "", "", "\x00too many columns"
            continue
        cells = [*row, "", ""][:3]
        yield number, cells[0].strip(), cells[1], cells[2]


def parse(raw: bytes, fmt: str) -> list[ParsedEntry]:
    """All entries of the file, duplicates (after normalisation) dropped; BadRequest names the
    first bad lines."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadRequest("the file is not UTF-8 text") from exc
    now = datetime.now(UTC)
    rows: Iterable[tuple[int, str, str, str]] = _csv_rows(text) if fmt == "csv" else _text_rows(text)
    entries: dict[str, ParsedEntry] = {}
    errors: list[str] = []
    error_count = 0
    for number, ip_text, comment, expires in rows:
        try:
            if expires.startswith("\x00"):
                raise ValueError(expires[1:])
            entry = _entry(ip_text, comment, expires, now)
        except ValueError as exc:
            error_count += 1
            if len(errors) < MAX_REPORTED_ERRORS:
                errors.append(f"line {number}: {exc}")
            continue
        entries.setdefault(entry.ip, entry)
    if error_count:
        more = f" (and {error_count - len(errors)} more)" if error_count > len(errors) else ""
        raise BadRequest(f"{error_count} bad line(s), nothing imported: {'; '.join(errors)}{more}")
    return list(entries.values())


def export_lines(rows: Iterable[tuple[str, str, datetime | None]], fmt: str) -> Iterator[str]:
    if fmt == "csv":
        yield "ip,comment,expires_at\r\n"
        for ip, comment, expires_at in rows:
            buffer = io.StringIO()
            csv.writer(buffer).writerow([ip, comment, expires_at.isoformat() if expires_at else ""])
            yield buffer.getvalue()
        return
    for ip, comment, _ in rows:
        yield f"{ip}  # {comment}\n" if comment else f"{ip}\n"
