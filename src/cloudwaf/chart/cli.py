"""`cloudwaf chart ...`: event-store maintenance."""

from __future__ import annotations

import typer

app = typer.Typer(help="Analytics event store.", no_args_is_help=True, add_completion=False)


@app.command()
def purge() -> None:
    """Delete events, counters and rollups older than their retention (settings chart_*_days)."""
    from cloudwaf.chart.retention import purge as run_purge
    from cloudwaf.config import load_settings
    from cloudwaf.db import create_db_engine, create_session_factory

    settings = load_settings()
    engine = create_db_engine(settings.database_url)
    try:
        deleted = run_purge(create_session_factory(engine), settings)
    finally:
        engine.dispose()
    typer.echo(", ".join(f"{name}: {count}" for name, count in deleted.items()) + " rows deleted")
