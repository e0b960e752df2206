"""`cloudwaf geoip ...`: swap a database without a restart, install the packaged ones, look up."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from cloudwaf.geoip.install import (
    InvalidDatabase,
    Kind,
    install_from_npm,
    replace_atomically,
    target_for,
    validate,
)

app = typer.Typer(help="GeoIP databases (offline MMDB files).", no_args_is_help=True, add_completion=False)


def _settings():  # noqa: ANN202
    # Only the GeoIP paths are needed: no secret, no database (CLOUDWAF_CONFIG / environment apply).
    from cloudwaf.config import Settings

    return Settings()


@app.command()
def update(
    file: Annotated[Path, typer.Option("--file", "-f", help="The new .mmdb file.", exists=True,
                                       dir_okay=False)],
    kind: Annotated[Kind, typer.Option(help="Which database it replaces.")] = Kind.country,
) -> None:
    """Validate FILE, then atomically replace the configured database of KIND. Running servers
    pick it up within a second, without a restart."""
    settings = _settings()
    try:
        facts = validate(file, kind)
        target = target_for(kind, file, settings.geoip_country_db, settings.geoip_asn_db,
                            list(settings.geoip_city_db))
    except InvalidDatabase as exc:
        typer.echo(f"refused: {exc}", err=True)
        raise typer.Exit(1) from exc
    replace_atomically(file, target)
    typer.echo(f"{kind} database replaced: {target} ({facts['database_type']}, IPv{facts['ip_version']}, "
               f"{facts['node_count']} nodes)")


@app.command("install")
def install(
    node_modules: Annotated[Path, typer.Option(help="node_modules of geoip-data/ after npm ci.")],
    lock: Annotated[Path, typer.Option(help="geoip-data/package-lock.json.")],
    dest: Annotated[Path, typer.Option(help="Where the databases go.")],
) -> None:
    """Install the npm-packaged DB-IP databases and build the ASN database (used by scripts/setup)."""
    try:
        changed = install_from_npm(node_modules, dest, lock)
    except (InvalidDatabase, OSError) as exc:
        typer.echo(f"geoip install failed: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo("GeoIP databases installed" if changed else "GeoIP databases up to date")


@app.command()
def lookup(ip: str) -> None:
    """Print what the configured databases know about IP (JSON)."""
    from cloudwaf.geoip import lookup as geo

    settings = _settings()
    try:
        record = geo.configure(settings).lookup(ip)
    except (ValueError, geo.GeoIpUnavailable) as exc:
        typer.echo(f"lookup failed: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(json.dumps(asdict(record), ensure_ascii=False))
