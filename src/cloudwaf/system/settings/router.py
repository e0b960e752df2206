from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request

from cloudwaf.auth import Principal, require
from cloudwaf.db import DbSession
from cloudwaf.kit.envelope import Envelope, ok
from cloudwaf.system.settings import service as setting_service
from cloudwaf.system.settings.schemas import SettingRead, SettingsUpdate, SettingUpdate

router = APIRouter(prefix="/settings", tags=["sys: settings"])

SettingKey = Annotated[str, Path(max_length=64, pattern=r"^[a-z_]+$")]


@router.get("", response_model=Envelope[list[SettingRead]])
def list_settings(
    request: Request,
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.setting.read"))],
) -> Envelope[list[SettingRead]]:
    return ok(setting_service.list_settings(session, principal, request.app.state.settings))


@router.put("", response_model=Envelope[list[SettingRead]])
def update_settings(
    request: Request,
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.setting.write"))],
    payload: SettingsUpdate,
) -> Envelope[list[SettingRead]]:
    setting_service.update_settings(session, principal, payload.values)
    return ok(setting_service.list_settings(session, principal, request.app.state.settings))


@router.get("/{key}", response_model=Envelope[SettingRead])
def get_setting(
    request: Request,
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.setting.read"))],
    key: SettingKey,
) -> Envelope[SettingRead]:
    return ok(setting_service.get_setting(session, principal, request.app.state.settings, key))


@router.put("/{key}", response_model=Envelope[SettingRead])
def update_setting(
    request: Request,
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.setting.write"))],
    key: SettingKey,
    payload: SettingUpdate,
) -> Envelope[SettingRead]:
    setting_service.update_settings(session, principal, {key: payload.value})
    return ok(setting_service.get_setting(session, principal, request.app.state.settings, key))
