"""Output: tables readable in 80 columns, JSON stable for scripts, YAML for humans who diff."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import yaml
from rich.console import Console
from rich.table import Table

stdout = Console(soft_wrap=False)
stderr = Console(stderr=True, soft_wrap=True)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value) if value else "-"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def render(data: Any, fmt: str, columns: Sequence[str] = ()) -> None:
    if fmt == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))
        return
    if fmt == "yaml":
        print(yaml.safe_dump(data, allow_unicode=True, sort_keys=True), end="")
        return
    rows = data if isinstance(data, list) else None
    if rows is None:
        table = Table(show_header=False, box=None, pad_edge=False)
        table.add_column(style="bold")
        table.add_column(overflow="fold")
        for key, value in (data or {}).items():
            table.add_row(key, _cell(value))
        stdout.print(table)
        return
    if not rows:
        stderr.print("(no results)")
        return
    cols = list(columns) or list(rows[0].keys())[:6]
    table = Table(box=None, header_style="bold", pad_edge=False)
    for col in cols:
        table.add_column(col.upper(), overflow="ellipsis", max_width=40)
    for row in rows:
        table.add_row(*(_cell(row.get(col)) for col in cols))
    stdout.print(table)
