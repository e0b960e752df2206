"""The migrations build exactly the schema the models declare, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from cloudwaf.models import Base


def test_migrated_schema_matches_the_models(database) -> None:  # noqa: ANN001
    with database.engine.connect() as connection:
        # Column types too on PostgreSQL; SQLite keeps a declared type only as an affinity.
        compare_type = database.backend == "postgresql"
        context = MigrationContext.configure(connection, opts={"compare_type": compare_type})
        assert compare_metadata(context, Base.metadata) == []
