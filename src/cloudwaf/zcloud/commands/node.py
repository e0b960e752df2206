"""Node commands: enrollment tokens."""

from __future__ import annotations

from typing import Annotated

import typer

from cloudwaf.zcloud.context import ctx_of


def install(groups: dict[str, typer.Typer]) -> None:
    token = typer.Typer(help="Enrollment tokens for new nodes.", no_args_is_help=True)
    groups["node"].add_typer(token, name="token")

    @token.command("create")
    def create_token(
        ctx: typer.Context,
        name: Annotated[str | None, typer.Option(help="Name of the node to enrol.")] = None,
        node_group_id: Annotated[int | None, typer.Option(help="Group (default: the OEM's default).")] = None,
    ) -> None:
        """Create a one-time enrollment token (shown once).

        Example: zcloud node token create --name edge-1
        Then on the node: cloudwaf node run --server URL --token TOKEN --prefix /var/lib/cloudwaf-node
        """
        c = ctx_of(ctx)
        body = {k: v for k, v in {"name": name, "node_group_id": node_group_id}.items() if v is not None}
        c.show(c.client.post("node/tokens", json=body))
