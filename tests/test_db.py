"""One transaction per request: whatever a request wrote is committed, whichever way it wrote it,
including a GET (a read that wrote nothing may end on the event loop instead of a worker thread)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from cloudwaf.auth import Public
from cloudwaf.db import DbSession
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
