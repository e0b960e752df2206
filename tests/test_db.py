"""One transaction per request: whatever a request wrote is committed, whichever way it wrote it,
including a GET (a read that wrote nothing may end on the event loop instead of a worker thread)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from cloudwaf import db as db_module
from cloudwaf.auth import Public
from cloudwaf.db import DbSession, create_db_engine
from cloudwaf.models import User
from tests.factories import default_oem, make_user


def _probe(app: FastAPI, method: str, action: Callable[[Session], None]) -> None:
    def probe(session: DbSession) -> dict[str, bool]:
        action(session)
        return {"ok": True}

    app.router.add_api_route("/api/v1/probe/db", probe, methods=[method], dependencies=[Public])


def _rename_by_update(user_id: int) -> Callable[[Session], None]:
    def action(session: Session) -> None:
        session.execute(update(User).where(User.id == user_id).values(display_name="renamed"))

    return action


def _rename_by_attribute(user_id: int) -> Callable[[Session], None]:
    def action(session: Session) -> None:
        session.get_one(User, user_id).display_name = "renamed"

    return action


def _rename_and_flush(user_id: int) -> Callable[[Session], None]:
    def action(session: Session) -> None:
        session.get_one(User, user_id).display_name = "renamed"
        session.flush()

    return action


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("write", [_rename_by_update, _rename_by_attribute, _rename_and_flush])
def test_a_request_commits_what_it_wrote(app: FastAPI, db: Session, method: str,
                                         write: Callable[[int], Callable[[Session], None]]) -> None:
    user = make_user(db, default_oem(db), "operator")
    _probe(app, method, write(user.id))
    with TestClient(app) as client:
        assert client.request(method, "/api/v1/probe/db").status_code == 200
    db.expire_all()
    assert db.scalar(select(User.display_name).where(User.id == user.id)) == "renamed"


def test_a_read_leaves_the_database_as_it_was(app: FastAPI, db: Session) -> None:
    user = make_user(db, default_oem(db), "operator")
    _probe(app, "GET", lambda session: session.get_one(User, user.id))
    with TestClient(app) as client:
        assert client.get("/api/v1/probe/db").status_code == 200
    db.expire_all()
    assert db.get_one(User, user.id).display_name == ""


def _backend_pid(engine) -> int:  # noqa: ANN001
    with engine.connect() as conn:
        return conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()


@pytest.mark.parametrize("idle_ping", [True, False])
def test_a_pooled_connection_cut_while_idle_is_replaced(database, monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
                                                        idle_ping: bool) -> None:
    if database.backend != "postgresql":
        pytest.skip("the idle ping guards PostgreSQL connections (SQLite has no server to lose)")
    engine = create_db_engine(database.url)
    try:
        pid = _backend_pid(engine)  # the connection now waits in the pool
        with database.engine.connect() as admin:
            admin.exec_driver_sql(f"SELECT pg_terminate_backend({pid})")
        monkeypatch.setattr(db_module, "PING_AFTER_IDLE_SECONDS", 0.0 if idle_ping else 3600.0)
        if idle_ping:
            assert _backend_pid(engine) != pid  # pinged, found dead, replaced: the caller never knew
        else:
            with pytest.raises(OperationalError):  # without the ping the first use fails
                _backend_pid(engine)
    finally:
        engine.dispose()
