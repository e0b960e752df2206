"""Profiles in ~/.config/zcloud/config.toml (mode 0600); ZCLOUD_API_URL / ZCLOUD_API_KEY win."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

import tomli_w

OUTPUTS = ("table", "json", "yaml")


def config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "zcloud" / "config.toml"


@dataclass
class Profile:
    name: str
    api_url: str = ""
    api_key: str = ""
    output: str = "table"


def _read_all() -> dict[str, dict[str, str]]:
    path = config_path()
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        return tomllib.load(fh).get("profiles", {})


def load_profile(name: str) -> Profile:
    stored = _read_all().get(name, {})
    profile = Profile(name=name, api_url=stored.get("api_url", ""), api_key=stored.get("api_key", ""),
                      output=stored.get("output", "table"))
    # An empty variable counts as unset, so `ZCLOUD_API_KEY= zcloud ...` falls back to the profile.
    profile.api_url = (os.environ.get("ZCLOUD_API_URL") or profile.api_url).rstrip("/")
    profile.api_key = os.environ.get("ZCLOUD_API_KEY") or profile.api_key
    return profile


def save_profile(profile: Profile) -> Path:
    profiles = _read_all()
    profiles[profile.name] = {"api_url": profile.api_url.rstrip("/"), "api_key": profile.api_key,
                              "output": profile.output}
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    # Created 0600 from the first byte: the file holds a secret.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        tomli_w.dump({"profiles": profiles}, fh)
    os.chmod(path, 0o600)
    return path
