"""Test harness: every API test runs on SQLite and on PostgreSQL (when CLOUDWAF_TEST_PG_URL
points at a server; scripts/test starts one). Each database is migrated once per session with
Alembic and seeded; each test runs inside a transaction that is rolled back afterwards."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, create_engine, event, make_url, text
from sqlalchemy.orm import Session, sessionmaker

from cloudwaf.app import create_app
from cloudwaf.bootstrap import bootstrap
from cloudwaf.config import Settings
from cloudwaf.db import create_db_engine
from cloudwaf.migrate import upgrade

ADMIN_PASSWORD = "Admin-Passw0rd!"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"

PG_URL = os.environ.get("CLOUDWAF_TEST_PG_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def pytest_report_header(config: pytest.Config) -> str:
    return f"cloudwaf database backends: {', '.join(BACKENDS)}"


# Blocking SQL on the event loop stalls every request of the worker. Endpoints run in a worker
# thread (kit.routing); only a SQLite read may end its transaction on the loop (db.get_db), which
# under tests' savepoints is a ROLLBACK TO / RELEASE statement.
_SQL_ON_EVENT_LOOP: list[str] = []
_LOOP_SAFE_ON_SQLITE = ("ROLLBACK TO SAVEPOINT", "RELEASE SAVEPOINT")


def _refuse_sql_on_event_loop(conn: Connection, _cursor: object, statement: str, *_args: object) -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return  # a worker thread, or the test itself
    if conn.dialect.name == "sqlite" and statement.startswith(_LOOP_SAFE_ON_SQLITE):
        return
    _SQL_ON_EVENT_LOOP.append(statement)


@pytest.fixture(autouse=True)
def _no_sql_on_the_event_loop() -> Iterator[None]:
    _SQL_ON_EVENT_LOOP.clear()
    yield
    assert not _SQL_ON_EVENT_LOOP, f"SQL ran on the event loop: {_SQL_ON_EVENT_LOOP[:3]}"


@dataclass
class Database:
    backend: str
    url: str
    engine: Engine


def _create_pg_database() -> str:
    name = f"cloudwaf_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


def _drop_pg_database(url: str) -> None:
    name = make_url(url).database
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def make_settings(tmp: Path, url: str, **overrides: object) -> Settings:
    values: dict[str, object] = dict(
        env="test", data_dir=tmp, database_url=url, secret_key="test-secret-" + "x" * 32,
        admin_username="admin", admin_password=ADMIN_PASSWORD, captcha_enabled=False,
    )
    values.update(overrides)
    return Settings(**values)


@pytest.fixture(scope="session", params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    backend = request.param
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    else:
        url = _create_pg_database()
    engine = create_db_engine(url)
    event.listen(engine, "before_cursor_execute", _refuse_sql_on_event_loop)
    upgrade(url)
    with Session(engine) as session, session.begin():
        bootstrap(session, make_settings(tmp_path_factory.mktemp("seed"), url))
    yield Database(backend, url, engine)
    engine.dispose()
    if backend == "postgresql":
        _drop_pg_database(url)


@pytest.fixture
def connection(database: Database) -> Iterator[Connection]:
    conn = database.engine.connect()
    outer = conn.begin()
    try:
        yield conn
    finally:
        outer.rollback()
        conn.close()


@pytest.fixture
def session_factory(connection: Connection) -> sessionmaker[Session]:
    # Requests "commit" into savepoints of the outer transaction, which the test rolls back.
    return sessionmaker(bind=connection, expire_on_commit=False, autoflush=False,
                        join_transaction_mode="create_savepoint")


@pytest.fixture
def db(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session for arranging and asserting; see what the API committed."""
    with session_factory() as session:
        yield session


@pytest.fixture
def settings(database: Database, tmp_path: Path) -> Settings:
    return make_settings(tmp_path, database.url)


@pytest.fixture
def app(settings: Settings, database: Database, session_factory: sessionmaker[Session]):  # noqa: ANN201
    application = create_app(settings, engine=database.engine)
    application.state.session_factory = session_factory
    application.state.write_bind = None  # every request joins the test's rolled-back transaction
    return application


@pytest.fixture
def client(app) -> Iterator[TestClient]:  # noqa: ANN001
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
