"""Engine and session handling. One transaction per request: the session dependency commits or
rolls back exactly once; services only flush."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker


def create_db_engine(url: str, *, echo: bool = False) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            echo=echo,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=10,
            max_overflow=20,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's implicit transactions break SAVEPOINT (tests roll back through savepoints);
        # the documented recipe: autocommit at the driver, explicit BEGIN from SQLAlchemy.
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    engine = create_engine(url, echo=echo, pool_size=10, max_overflow=20)
    event.listen(engine, "checkin", _remember_checkin)
    event.listen(engine, "checkout", _ping_if_idle)
    return engine


# pool_pre_ping would spend a round trip on every checkout: a quarter of a list request's round
# trips on PostgreSQL. A connection in steady use is known to be alive; one that sat in the pool
# (where a server restart or an idle timeout may have cut it) is pinged first, and replaced when
# the ping fails.
PING_AFTER_IDLE_SECONDS = 10.0


def _remember_checkin(_dbapi_connection, record) -> None:  # noqa: ANN001 - DB-API objects
    record.info["checked_in_at"] = time.monotonic()


def _ping_if_idle(dbapi_connection, record, _proxy) -> None:  # noqa: ANN001 - DB-API objects
    checked_in_at = record.info.get("checked_in_at")
    if checked_in_at is None or time.monotonic() - checked_in_at < PING_AFTER_IDLE_SECONDS:
        return
    try:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SELECT 1")
        finally:
            cursor.close()
        dbapi_connection.rollback()  # hand the connection over outside any transaction, as the pool does
    except Exception as exc:  # noqa: BLE001 - whatever the driver raises for a dead connection
        # The pool discards this connection and checks out (or opens) another.
        raise DisconnectionError("pooled connection failed its ping") from exc


def _sqlite_begin(conn) -> None:  # noqa: ANN001 - a Connection
    # A deferred transaction that reads, then writes after another connection committed, fails at
    # once with "database is locked" (WAL snapshot conflict; busy_timeout cannot help). Writing
    # requests therefore take the write lock at BEGIN and queue on busy_timeout instead.
    immediate = conn.get_execution_options().get("sqlite_immediate", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def write_bind_for(engine: Engine) -> Engine | None:
    """The bind that writing requests use: on SQLite, one whose transactions begin IMMEDIATE."""
    return engine.execution_options(sqlite_immediate=True) if engine.dialect.name == "sqlite" else None


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 - DB-API objects
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (see "begin" listener)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    # Event ingest writes thousands of pages per batch: with the defaults (2 MB cache, checkpoint
    # every 1,000 pages) most commits stalled on an inline checkpoint. The cache grows on demand.
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.execute("PRAGMA wal_autocheckpoint=10000")
    cursor.close()


def create_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=False)


_READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_WROTE = "cloudwaf.wrote"


@event.listens_for(Session, "after_flush")
def _remember_flush(session: Session, _flush_context: object) -> None:
    session.info[_WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _remember_dml(state: ORMExecuteState) -> None:
    if not state.is_select:
        state.session.info[_WROTE] = True


def _wrote_nothing(session: Session) -> bool:
    return not (session.new or session.dirty or session.deleted or session.info.get(_WROTE))


def _finish(session: Session, commit: bool) -> None:
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    finally:
        session.close()


async def get_db(request: Request) -> AsyncIterator[Session]:
    # async, with the commit in one worker-thread call: a sync generator would cost FastAPI two
    # thread hops per request (enter and exit); creating a Session does no I/O.
    write_bind = getattr(request.app.state, "write_bind", None)
    if write_bind is not None and request.method not in _READ_METHODS:
        session: Session = request.app.state.session_factory(bind=write_bind)
    else:
        session = request.app.state.session_factory()
    try:
        yield session
    except BaseException:
        await run_in_threadpool(_finish, session, False)
        raise
    if not session.in_transaction() or (
        request.method in _READ_METHODS and request.app.state.release_inline and _wrote_nothing(session)
    ):
        # Nothing to commit, and ending a read on SQLite is a call into the library, not I/O:
        # cheaper on the event loop than a hop to a worker thread (~0.15 ms of CPU).
        _finish(session, False)
    else:
        await run_in_threadpool(_finish, session, True)


def release_inline_for(engine: Engine) -> bool:
    """Whether a request that wrote nothing may end its transaction on the event loop: on SQLite
    yes; elsewhere the rollback is a round trip to the server."""
    return engine.dialect.name == "sqlite"


# scope="function": commit before the response goes out, so a failed commit becomes an error
# response instead of a lost write behind a 200.
DbSession = Annotated[Session, Depends(get_db, scope="function")]
