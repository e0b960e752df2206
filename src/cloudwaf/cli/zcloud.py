"""`zcloud`: the automation client. It speaks only the public REST API with an API key."""

from __future__ import annotations

import typer

app = typer.Typer(help="Cloud WAF automation CLI.", no_args_is_help=True)


@app.command()
def version() -> None:
    """Print the client version."""
    from cloudwaf import __version__

    typer.echo(__version__)


def main() -> None:
    app()
