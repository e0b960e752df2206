"""Typed settings. File-only keys are shown read-only and refused on write (1012)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from cloudwaf.auth.principal import Principal
from cloudwaf.config import Settings
from cloudwaf.errors import NotFound, PermissionDenied
from cloudwaf.kit.repository import TenantScope
from cloudwaf.models import Setting
from cloudwaf.system.audit import service as audit
from cloudwaf.system.errors import SettingNotWritable
from cloudwaf.system.oems.repository import OemRepository
from cloudwaf.system.settings.catalogue import BY_KEY, DEFINITIONS, SettingDef, coerce
from cloudwaf.system.settings.repository import SettingRepository
from cloudwaf.system.settings.schemas import SettingRead


def _default_oem_id(session: Session) -> int:
    return OemRepository(session, TenantScope.platform()).default().id


def _owner_oem(session: Session, principal: Principal, definition: SettingDef) -> int:
    return _default_oem_id(session) if definition.scope == "platform" else principal.oem_id


def _read(definition: SettingDef, value: Any) -> SettingRead:
    return SettingRead(
        key=definition.key,
        value=value,
        type=definition.type,
        choices=list(definition.choices),
        scope=definition.scope,
        read_only=definition.file_only,
        description=definition.description,
    )


def list_settings(session: Session, principal: Principal, config: Settings) -> list[SettingRead]:
    own = SettingRepository(session, principal.scope).stored(principal.oem_id)
    default_id = _default_oem_id(session)
    # Platform-wide values live on the default OEM: readable by everyone, nothing else of it is.
    platform = (
        own
        if default_id == principal.oem_id
        else SettingRepository(session, TenantScope.of(default_id)).stored(default_id)
    )
    out = []
    for d in DEFINITIONS:
        if d.file_only:
            value = getattr(config, d.key)
        else:
            row = (platform if d.scope == "platform" else own).get(d.key)
            value = row.value if row is not None else d.default
        out.append(_read(d, value))
    return out


def get_setting(session: Session, principal: Principal, config: Settings, key: str) -> SettingRead:
    if key not in BY_KEY:
        raise NotFound(f"no setting {key!r}")
    return next(s for s in list_settings(session, principal, config) if s.key == key)


def update_settings(session: Session, principal: Principal, values: dict[str, Any]) -> None:
    """All or nothing: every key is checked before any is written."""
    checked: list[tuple[SettingDef, Any]] = []
    for key, value in values.items():
        definition = BY_KEY.get(key)
        if definition is None:
            raise NotFound(f"no setting {key!r}")
        if definition.file_only:
            raise SettingNotWritable(
                f"{key} is set in the config file or environment (CLOUDWAF_{key.upper()})"
            )
        if definition.scope == "platform" and not principal.is_platform_admin:
            raise PermissionDenied(f"{key} is a platform setting")
        checked.append((definition, coerce(definition, value)))
    for definition, value in checked:
        oem_id = _owner_oem(session, principal, definition)
        repo = SettingRepository(session, TenantScope.of(oem_id))
        row = repo.stored(oem_id).get(definition.key)
        before = {definition.key: row.value if row else definition.default}
        if row is None:
            repo.add(Setting(oem_id=oem_id, key=definition.key, value=value, updated_by=principal.user_id))
        else:
            row.value = value
            row.updated_by = principal.user_id
        audit.record(
            session,
            principal,
            "sys.setting.update",
            "setting",
            definition.key,
            before=before,
            after={definition.key: value},
            oem_id=oem_id,
        )
    session.flush()
