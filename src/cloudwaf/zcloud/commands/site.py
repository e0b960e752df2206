"""`zcloud export` and `zcloud apply`: the guard configuration as code."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
import yaml

from cloudwaf.zcloud.context import Exit, ctx_of, fail
from cloudwaf.zcloud.declarative import ConfigError, Planner, export_config
from cloudwaf.zcloud.output import stderr

_SYMBOL = {"create": "+", "update": "~", "delete": "-", "unchanged": "="}


def dump(doc: dict) -> str:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, default_flow_style=False)


def install(app: typer.Typer) -> None:
    @app.command("export")
    def export(
        ctx: typer.Context,
        out: Annotated[
            Path | None, typer.Option("-o", "--out", help="YAML file (default: standard output).")
        ] = None,
    ) -> None:
        """Write the OEM's guard configuration (domains, forwards, policies, exclusions, ACL, CC,
        IP sets, schedules; certificates by name only) as YAML.

        Example: zcloud export -o site.yaml
        """
        text = dump(export_config(ctx_of(ctx).client))
        if out:
            out.write_text(text, encoding="utf-8")
            stderr.print(f"wrote {out}")
        else:
            typer.echo(text, nl=False)

    @app.command("apply")
    def apply(
        ctx: typer.Context,
        file: Annotated[
            Path, typer.Option("-f", "--file", exists=True, help="YAML written by `zcloud export`.")
        ],
        dry_run: Annotated[bool, typer.Option(help="Print the plan, change nothing.")] = False,
        prune: Annotated[bool, typer.Option(help="Delete what the file does not declare.")] = False,
    ) -> None:
        """Make the platform match a YAML file, idempotently. The plan comes first:
        + create, ~ update, - delete, = unchanged. Applying the same file twice changes nothing.

        Example: zcloud apply -f site.yaml --dry-run
        """
        c = ctx_of(ctx)
        try:
            doc = yaml.safe_load(file.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            fail(Exit.usage, f"{file} is not valid YAML: {exc}")
        if not isinstance(doc, dict):
            fail(Exit.usage, f"{file} must hold one mapping")
        try:
            changes = Planner(c.client, doc, prune=prune).plan()
        except ConfigError as exc:
            fail(Exit.client_error, str(exc))
        counts = {k: 0 for k in _SYMBOL}
        for change in changes:
            counts[change.action] += 1
            detail = f" ({', '.join(change.fields)})" if change.action == "update" else ""
            stderr.print(f"{_SYMBOL[change.action]} {change.kind} {change.key}{detail}", markup=False,
                         highlight=False)
        summary = ", ".join(
            f"{n} to {k}" if k != "unchanged" else f"{n} unchanged" for k, n in counts.items()
        )
        stderr.print(f"plan: {summary}")
        if dry_run:
            return
        for change in changes:
            if change.run is not None:
                change.run()
        c.show({"applied": True, **{k: v for k, v in counts.items()}})
