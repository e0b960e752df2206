"""The migrations build exactly the schema the models declare, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from cloudwaf.models import Base


def test_migrated_schema_matches_the_models(database) -> None:  # noqa: ANN001
    with database.engine.connect() as connection:
        # Column types too on PostgreSQL; SQLite keeps a declared type only as an affinity.
        compare_type = database.backend == "postgresql"
        context = MigrationContext.configure(connection, opts={"compare_type": compare_type})
        assert compare_metadata(context, Base.metadata) == []


def test_migrated_tables_have_the_storage_parameters_the_models_declare(database) -> None:  # noqa: ANN001
    if database.backend != "postgresql":
        pytest.skip("storage parameters (fillfactor) are PostgreSQL's")
    declared = {
        table.name: {f"{key}={value}" for key, value in table.dialect_options["postgresql"]["with"].items()}
        for table in Base.metadata.tables.values()
        if table.dialect_options["postgresql"]["with"]
    }
    assert declared  # the chart rollups declare a fillfactor
    with database.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT relname, reloptions FROM pg_class WHERE relname = ANY(:names) AND relkind = 'r'"),
            {"names": list(declared)},
        )
        found = {name: set(options or ()) for name, options in rows}
    assert found == declared
