"""Exports of a chart query or an event search as CSV or XLSX, streamed in constant memory.

CSV rows go out as they are read (a server-side cursor on PostgreSQL). XLSX is a zip whose
directory comes last, so the workbook is written with xlsxwriter's constant_memory mode to a
temporary file (rows are flushed to disk one by one) and that file is streamed, then deleted.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import xlsxwriter
from sqlalchemy.orm import Session

from cloudwaf.chart.store import AttackEventRecord, EventFilters, SqlEventStore
from cloudwaf.kit.repository import TenantScope

log = logging.getLogger("cloudwaf.chart.export")

EVENT_COLUMNS = (
    "id",
    "time",
    "domain",
    "node",
    "client_ip",
    "country",
    "asn",
    "method",
    "uri",
    "status",
    "rule_ids",
    "attack_type",
    "anomaly_score",
    "action",
    "event_id",
    "user_agent",
    "messages",
)
_CHUNK = 64 * 1024


def event_cells(record: AttackEventRecord) -> list[Any]:
    return [
        record.id,
        record.time.isoformat().replace("+00:00", "Z"),
        record.domain,
        record.node_name,
        record.client_ip,
        record.country,
        record.asn if record.asn is not None else "",
        record.method,
        record.uri,
        record.status,
        " ".join(str(r) for r in record.rule_ids),
        record.attack_type,
        record.anomaly_score,
        record.action,
        record.event_id,
        record.user_agent,
        " | ".join(record.messages),
    ]


def _safe(cell: Any) -> Any:
    # Spreadsheet formula injection: text from attackers must never start a formula.
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell


def csv_stream(header: Iterable[str], rows: Iterable[list[Any]]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # Excel opens UTF-8 CSV correctly only with a BOM
    writer.writerow(list(header))
    for row in rows:
        writer.writerow([_safe(c) for c in row])
        if buffer.tell() >= _CHUNK:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def xlsx_stream(header: Iterable[str], rows: Iterable[list[Any]], sheet: str) -> Iterator[bytes]:
    fd, path = tempfile.mkstemp(prefix="cloudwaf-export-", suffix=".xlsx")
    os.close(fd)
    try:
        workbook = xlsxwriter.Workbook(
            path,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "tmpdir": os.path.dirname(path),
            },
        )
        worksheet = workbook.add_worksheet(sheet)
        worksheet.write_row(0, 0, list(header))
        line = 1
        for row in rows:
            if line >= 1_048_576:  # the XLSX row limit
                break
            worksheet.write_row(line, 0, row)
            line += 1
        workbook.close()
        with open(path, "rb") as fh:
            while chunk := fh.read(_CHUNK):
                yield chunk
    finally:
        os.unlink(path)


def event_rows(
    session_scope: Callable[[], AbstractContextManager[Session]],
    scope: TenantScope,
    filters: EventFilters,
    limit: int,
) -> Iterator[list[Any]]:
    """Event rows read in a session of the stream's own (the request's session is closed by then)."""
    with session_scope() as session:
        for record in SqlEventStore(session).iter_events(scope, filters, limit):
            yield event_cells(record)


def guarded(stream: Iterator[bytes]) -> Iterator[bytes]:
    """Once the first bytes are out the status is sent: a later failure can only cut the stream
    short (the client sees an incomplete file), and the log says why."""
    try:
        yield from stream
    except Exception:
        log.exception("export stream failed")
        raise
