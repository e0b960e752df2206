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
