"""Request bodies from the command line: `--set key=value` (JSON values where they parse) and
`--file body.yaml|json`, merged with command-specific flags."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from cloudwaf.zcloud.context import Exit, fail


def parse_value(raw: str) -> Any:
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        return raw


def apply_sets(body: dict[str, Any], sets: list[str] | None) -> dict[str, Any]:
    for item in sets or ():
        key, sep, raw = item.partition("=")
        if not sep or not key:
            fail(Exit.usage, f"--set wants key=value, got {item!r}")
        target = body
        *parents, leaf = key.split(".")
        for part in parents:
            target = target.setdefault(part, {})
        target[leaf] = parse_value(raw)
    return body


def load_file(path: Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))  # YAML is a superset of JSON
    except (OSError, yaml.YAMLError) as exc:
        fail(Exit.usage, f"cannot read {path}: {exc}")
    if not isinstance(data, dict):
        fail(Exit.usage, f"{path} must hold one object")
    return data


def body_from(file: Path | None, sets: list[str] | None, **flags: Any) -> dict[str, Any]:
    body = load_file(file)
    body.update({k: v for k, v in flags.items() if v is not None and v != []})
    return apply_sets(body, sets)
