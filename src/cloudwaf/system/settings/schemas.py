from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class SettingRead(BaseModel):
    key: str
    value: Any
    type: str
    choices: list[str]
    scope: str
    read_only: bool
    description: str


class SettingUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: Any


class SettingsUpdate(BaseModel):
    """Several settings at once: {"values": {"timezone": "UTC", ...}}; all or nothing."""

    model_config = ConfigDict(extra="forbid")

    values: dict[str, Any]
