from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cloudwaf.auth.principal import AuthVia, Principal
from cloudwaf.models import AuditLog, Oem
from cloudwaf.system.audit import service as audit
from tests.factories import default_oem


def _principal(oem: Oem) -> Principal:
    return Principal(
        user_id=7,
        username="alice",
        oem_id=oem.id,
        permissions=frozenset(),
        via=AuthVia.api_key,
        client_ip="192.0.2.9",
    )


def test_record_masks_secrets_and_lists_changes(db: Session) -> None:
    oem = default_oem(db)
    row = audit.record(
        db,
        _principal(oem),
        "guard.cert.update",
        "cert",
        12,
        before={
            "name": "old",
            "key_pem": "-----BEGIN PRIVATE KEY-----",
            "at": datetime(2026, 1, 1, tzinfo=UTC),
        },
        after={"name": "new", "key_pem": "-----BEGIN PRIVATE KEY-----x", "Password": "hunter2"},
    )
    db.flush()
    stored = db.scalars(select(AuditLog).where(AuditLog.id == row.id)).one()
    assert stored.oem_id == oem.id and stored.actor_name == "alice" and stored.via == "api_key"
    assert stored.target_id == "12" and stored.client_ip == "192.0.2.9"
    assert stored.summary["before"]["key_pem"] == audit.MASK
    assert stored.summary["after"]["Password"] == audit.MASK
    assert stored.summary["before"]["at"] == "2026-01-01T00:00:00+00:00"
    assert "name" in stored.summary["changed"]
    assert "hunter2" not in str(stored.summary) and "BEGIN" not in str(stored.summary)


def test_snapshot_of_orm_object_and_long_strings(db: Session) -> None:
    oem = default_oem(db)
    snap = audit.snapshot(oem)
    assert snap["hostname"] == oem.hostname and "id" in snap
    long = audit.snapshot({"note": "x" * 5000})["note"]
    assert len(long) < 400 and long.endswith("(5000 chars)")


def test_record_without_principal(db: Session) -> None:
    oem = default_oem(db)
    row = audit.record(
        db,
        None,
        "sys.login.failed",
        "user",
        "",
        oem_id=oem.id,
        actor_name="mallory",
        client_ip="203.0.113.5",
        extra={"reason": "unknown_user"},
    )
    assert row.via == "system" and row.actor_id is None and row.summary == {"reason": "unknown_user"}
