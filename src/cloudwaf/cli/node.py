"""`cloudwaf node ...`: the node agent's commands."""

from __future__ import annotations

import logging
import signal
import sys
from pathlib import Path
from typing import Annotated

import typer

node_app = typer.Typer(
    help="Run a WAF node (nginx + ModSecurity + CRS) driven by the control plane.",
    no_args_is_help=True,
    add_completion=False,
)


def parse_port_map(text: str) -> dict[int, int]:
    mapping: dict[int, int] = {}
    for pair in filter(None, (p.strip() for p in text.split(","))):
        src, sep, dst = pair.partition("=")
        if not (sep and src.isdigit() and dst.isdigit() and 0 < int(src) < 65536 and 0 < int(dst) < 65536):
            raise typer.BadParameter(f"expected PORT=PORT, got {pair!r}", param_hint="--port-map")
        mapping[int(src)] = int(dst)
    return mapping


@node_app.command("enroll-token")
def enroll_token(
    name: Annotated[str, typer.Option(help="Name the node registers with.")] = "local",
    config: Annotated[
        Path | None, typer.Option("--config", "-c", exists=True, help="TOML settings file.")
    ] = None,
) -> None:
    """Create a one-time enrollment token in the default OEM, straight in the database (for the
    machine that runs the control plane; elsewhere use the console or `zcloud node token create`)."""
    import os

    from sqlalchemy import select

    from cloudwaf.auth.authenticator import permissions_of
    from cloudwaf.auth.principal import Principal
    from cloudwaf.config import load_settings
    from cloudwaf.db import create_db_engine, create_session_factory
    from cloudwaf.models import Oem, User
    from cloudwaf.node.tokens import service as token_service
    from cloudwaf.node.tokens.schemas import NodeTokenCreate

    if config is not None:
        os.environ["CLOUDWAF_CONFIG"] = str(config)
    settings = load_settings()
    engine = create_db_engine(settings.database_url)
    try:
        with create_session_factory(engine)() as session, session.begin():
            oem = session.scalars(select(Oem).where(Oem.is_default.is_(True))).one()
            admins = select(User).where(User.oem_id == oem.id, User.is_platform_admin.is_(True))
            admin = session.scalars(admins.order_by(User.id)).first()
            if admin is None:
                raise typer.BadParameter("no platform admin yet: run `cloudwaf migrate` first")
            principal = Principal(user_id=admin.id, username=admin.username, oem_id=oem.id,
                                  permissions=permissions_of(session, admin), is_platform_admin=True,
                                  client_ip="cli")
            created = token_service.create_token(session, principal, NodeTokenCreate(name=name))
    finally:
        engine.dispose()
    print(created.token)


@node_app.command("run")
def run(
    server: Annotated[str, typer.Option(help="Control-plane URL, e.g. https://waf.example.com")],
    prefix: Annotated[Path, typer.Option(help="Node directory: config, logs, agent state.")],
    token: Annotated[
        str | None, typer.Option(help="Enrollment token (first run only).", envvar="CLOUDWAF_NODE_TOKEN")
    ] = None,
    name: Annotated[str | None, typer.Option(help="Node name at registration (default: host name).")] = None,
    listen: Annotated[str, typer.Option(help="Address the sites listen on (default: all).")] = "",
    control_port: Annotated[int, typer.Option(help="Loopback status port (default: chosen once).")] = 0,
    port_map: Annotated[
        str, typer.Option(help="Serve domain ports elsewhere here, e.g. 80=8080,443=8443.")
    ] = "",
    log_level: Annotated[str, typer.Option(help="debug, info, warning, error")] = "info",
) -> None:
    """Register (once), then keep nginx serving the newest good configuration and ship logs."""
    from cloudwaf.agent.runner import Agent, AgentError, AgentOptions
    from cloudwaf.observability import configure_logging

    configure_logging(log_level)
    prefix.mkdir(parents=True, exist_ok=True, mode=0o755)
    agent = Agent(
        AgentOptions(
            server=server,
            prefix=prefix,
            token=token,
            name=name,
            listen_address=listen,
            control_port=control_port,
            port_map=parse_port_map(port_map),
        )
    )
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: agent.stop())
    try:
        agent.run()
    except AgentError as exc:
        logging.getLogger("cloudwaf.agent").error("%s", exc)
        print(f"error: {exc}", file=sys.stderr)
        raise typer.Exit(2) from exc
