"""Generic command groups for REST collections: list, get, create, update, delete."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer

from cloudwaf.zcloud.context import ctx_of
from cloudwaf.zcloud.fields import apply_sets, body_from

SetOption = Annotated[
    list[str] | None, typer.Option("--set", "-s", help="Field as key=value (JSON values allowed).")
]
FileOption = Annotated[
    Path | None, typer.Option("--file", "-f", help="Request body as YAML or JSON.", exists=True)
]


@dataclass(frozen=True)
class Resource:
    name: str  # singular, as the user types it
    path: str  # collection path below /api/v1
    columns: tuple[str, ...]
    help: str
    example: str = ""
    update_method: str = "PATCH"  # partial update; sys resources use PUT
    writable: bool = True
    list_filters: tuple[str, ...] = field(default=())


def build_group(res: Resource) -> typer.Typer:
    group = typer.Typer(help=res.help + (f"\n\nExample:\n\n  {res.example}" if res.example else ""),
                        no_args_is_help=True)

    list_help = f"List {res.name}s.\n\nExample:\n\n  zcloud {res.name} list --all --output json"

    @group.command("list", help=list_help)
    def list_(
        ctx: typer.Context,
        keyword: Annotated[str | None, typer.Option(help="Search text.")] = None,
        page: Annotated[int, typer.Option(min=1)] = 1,
        page_size: Annotated[int, typer.Option(min=1, max=500)] = 20,
        all_pages: Annotated[bool, typer.Option("--all", help="Fetch every page.")] = False,
        filters: Annotated[list[str] | None, typer.Option("--filter", help="Query filter key=value.")] = None,
    ) -> None:
        c = ctx_of(ctx)
        params: dict[str, object] = apply_sets({}, filters)
        if keyword:
            params["keyword"] = keyword
        if all_pages:
            c.show(c.client.paginate(res.path, params), res.columns)
            return
        data = c.client.get(res.path, params={**params, "page": page, "page_size": page_size})
        c.show(data["items"] if c.output == "table" else data, res.columns)

    @group.command("get")
    def get(ctx: typer.Context, id_: Annotated[int, typer.Argument(metavar="ID")]) -> None:
        """Show one by id."""
        c = ctx_of(ctx)
        c.show(c.client.get(f"{res.path}/{id_}"))

    if not res.writable:
        return group

    @group.command("create")
    def create(ctx: typer.Context, sets: SetOption = None, file: FileOption = None) -> None:
        """Create from --set fields and/or --file."""
        c = ctx_of(ctx)
        c.show(c.client.post(res.path, json=body_from(file, sets)))

    @group.command("update")
    def update(ctx: typer.Context, id_: Annotated[int, typer.Argument(metavar="ID")],
               sets: SetOption = None, file: FileOption = None) -> None:
        """Change fields of one (only the fields given)."""
        c = ctx_of(ctx)
        c.show(c.client.request(res.update_method, f"{res.path}/{id_}", json=body_from(file, sets)))

    @group.command("delete")
    def delete(ctx: typer.Context, id_: Annotated[int, typer.Argument(metavar="ID")],
               yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False) -> None:
        """Delete one."""
        if not yes:
            typer.confirm(f"Delete {res.name} {id_}?", abort=True)
        c = ctx_of(ctx)
        c.client.delete(f"{res.path}/{id_}")
        c.show({"deleted": id_})

    return group
