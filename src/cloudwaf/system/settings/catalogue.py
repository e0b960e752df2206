"""The typed settings the API shows. `file_only` ones come from the config file / environment
(cloudwaf.config.Settings) and are read-only here (1012); the others are stored per OEM, or on the
default OEM for `platform` ones (written by the platform super-admin only)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter, ValidationError, conint, constr

from cloudwaf.errors import BadRequest


@dataclass(frozen=True, slots=True)
class SettingDef:
    key: str
    type: str  # str | int | bool | enum | email
    default: Any
    description: str
    scope: str = "oem"  # oem | platform
    file_only: bool = False
    choices: tuple[str, ...] = ()
    adapter: TypeAdapter | None = None


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

DEFINITIONS: tuple[SettingDef, ...] = (
    SettingDef(
        "platform_name",
        "str",
        "Cloud WAF",
        "Product name shown by the console",
        scope="platform",
        adapter=TypeAdapter(constr(min_length=1, max_length=64, strip_whitespace=True)),
    ),
    SettingDef("default_language", "enum", "zh", "Console language for new users", choices=("zh", "en")),
    SettingDef(
        "timezone",
        "str",
        "Asia/Shanghai",
        "Time zone the console shows times in",
        adapter=TypeAdapter(constr(min_length=1, max_length=64, pattern=r"^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$")),
    ),
    SettingDef(
        "console_page_size",
        "int",
        20,
        "Default rows per page in console tables",
        adapter=TypeAdapter(conint(ge=10, le=500)),
    ),
    SettingDef(
        "session_display_idle_warning",
        "bool",
        True,
        "Warn console users a minute before their session idles out",
        adapter=TypeAdapter(bool),
    ),
    SettingDef("alert_email_sender", "email", "", "From address of alert e-mails"),
    SettingDef("captcha_enabled", "bool", True, "Login captcha", scope="platform", file_only=True),
    SettingDef(
        "session_idle_minutes",
        "int",
        120,
        "Idle timeout of console sessions",
        scope="platform",
        file_only=True,
    ),
    SettingDef(
        "session_lifetime_minutes",
        "int",
        1440,
        "Absolute lifetime of console sessions",
        scope="platform",
        file_only=True,
    ),
    SettingDef(
        "lockout_threshold", "int", 5, "Failed logins that lock an account", scope="platform", file_only=True
    ),
    SettingDef(
        "lockout_window_minutes",
        "int",
        15,
        "Window in which failed logins are counted",
        scope="platform",
        file_only=True,
    ),
    SettingDef(
        "lockout_minutes",
        "int",
        15,
        "How long a locked account stays locked",
        scope="platform",
        file_only=True,
    ),
)

BY_KEY: dict[str, SettingDef] = {d.key: d for d in DEFINITIONS}


def coerce(definition: SettingDef, value: Any) -> Any:
    """The value in its declared type, or a 400 that says what is expected."""
    if definition.type == "enum":
        if value not in definition.choices:
            raise BadRequest(f"{definition.key}: one of {', '.join(definition.choices)}")
        return value
    if definition.type == "email":
        if not isinstance(value, str) or (value and not _EMAIL.match(value)) or len(value) > 255:
            raise BadRequest(f"{definition.key}: an e-mail address (or empty)")
        return value
    if definition.type == "bool" and not isinstance(value, bool):
        raise BadRequest(f"{definition.key}: true or false")
    if definition.type == "int" and (isinstance(value, bool) or not isinstance(value, int)):
        raise BadRequest(f"{definition.key}: an integer")
    assert definition.adapter is not None
    try:
        return definition.adapter.validate_python(value)
    except ValidationError as exc:
        raise BadRequest(f"{definition.key}: {exc.errors()[0]['msg']}") from exc
