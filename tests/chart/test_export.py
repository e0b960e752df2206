"""POST chart/export: streamed CSV and XLSX of event searches and queries; 4004 on failure."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import timedelta

from sqlalchemy import text

from tests.chart.helpers import T0, attack, ingest, iso, minutes
from tests.factories import bearer_headers, make_oem, make_user

URL = "/api/v1/chart/export"


def _user(db):  # noqa: ANN001, ANN202
    oem = make_oem(db)
    return oem, bearer_headers(db, make_user(db, oem, "auditor"))


def test_events_as_csv_are_scoped_filtered_and_formula_safe(client, db) -> None:  # noqa: ANN001
    oem, headers = _user(db)
    ingest(
        db,
        [attack(oem.id, T0 + timedelta(minutes=i), ip="8.8.8.8", uri=f"/p{i}") for i in range(5)]
        + [attack(oem.id, T0, ip="1.1.1.1", uri='=HYPERLINK("http://evil")', domain="blog.example")],
    )
    ingest(db, [attack(make_oem(db).id, T0)])
    resp = client.post(URL, json={"source": "events", "events": {"domain": "shop.example"}}, headers=headers)
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/csv")
    assert "attachment" in resp.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(resp.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["id", "time", "domain", "node", "client_ip"]
    assert [r[8] for r in rows[1:]] == ["/p4", "/p3", "/p2", "/p1", "/p0"]
    assert rows[1][5] == "US" and rows[1][10] == "942100 949110"
    evil = client.post(URL, json={"source": "events", "events": {"client_ip": "1.1.1.1"}}, headers=headers)
    assert list(csv.reader(io.StringIO(evil.content.decode("utf-8-sig"))))[1][8].startswith("'=")
    limited = client.post(URL, json={"source": "events", "limit": 2}, headers=headers)
    assert len(list(csv.reader(io.StringIO(limited.content.decode("utf-8-sig"))))) == 3


def test_events_as_xlsx(client, db) -> None:  # noqa: ANN001
    oem, headers = _user(db)
    ingest(db, [attack(oem.id, T0 + timedelta(minutes=i)) for i in range(3)])
    resp = client.post(URL, json={"source": "events", "format": "xlsx"}, headers=headers)
    assert resp.status_code == 200 and "spreadsheetml" in resp.headers["content-type"]
    with zipfile.ZipFile(io.BytesIO(resp.content)) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
        shared = (
            book.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in book.namelist() else ""
        )
    assert sheet.count("<row ") == 4
    assert "shop.example" in sheet + shared


def test_query_as_csv(client, db) -> None:  # noqa: ANN001
    oem, headers = _user(db)
    ingest(db, counters=minutes(oem.id, T0, 120))
    query = {"metric": "requests", "stime": iso(T0), "etime": iso(T0 + timedelta(hours=2)), "interval": "1h"}
    resp = client.post(URL, json={"source": "query", "query": query}, headers=headers)
    rows = list(csv.reader(io.StringIO(resp.content.decode("utf-8-sig"))))
    assert rows == [
        ["time", "requests"],
        ["2026-11-02T00:00:00Z", "600.0"],
        ["2026-11-02T01:00:00Z", "600.0"],
    ]
    bad = client.post(URL, json={"source": "query", "query": {**query, "metric": "nope"}}, headers=headers)
    assert bad.json()["code"] == 4003


def test_storage_failure_is_4004(client, db) -> None:  # noqa: ANN001
    _, headers = _user(db)
    db.execute(text("ALTER TABLE attack_event RENAME TO attack_event_gone"))
    resp = client.post(URL, json={"source": "events"}, headers=headers)
    assert (resp.status_code, resp.json()["code"]) == (500, 4004)
    assert "attack_event" not in resp.json()["message"]
