from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from cloudwaf.auth import Principal, Public, require
from cloudwaf.auth.authenticator import client_ip_of
from cloudwaf.db import DbSession
from cloudwaf.kit.envelope import Envelope, ok
from cloudwaf.system.auth import service as auth_service
from cloudwaf.system.auth.dependencies import AppSettings, SideSessions
from cloudwaf.system.auth.schemas import CaptchaRead, LoginRead, LoginRequest, MeRead, PasswordChange

router = APIRouter(tags=["sys: auth"])


@router.get("/captcha", response_model=Envelope[CaptchaRead], dependencies=[Public])
def get_captcha(session: DbSession, settings: AppSettings) -> Envelope[CaptchaRead]:
    return ok(auth_service.new_captcha(session, settings))


@router.post("/login", response_model=Envelope[LoginRead], dependencies=[Public])
def login(
    request: Request, session: DbSession, side: SideSessions, settings: AppSettings, payload: LoginRequest
) -> Envelope[LoginRead]:
    return ok(
        auth_service.login(
            session,
            side,
            settings,
            payload,
            client_ip=client_ip_of(request),
            user_agent=request.headers.get("user-agent", ""),
        )
    )


@router.post("/logout", response_model=Envelope[None])
def logout(
    session: DbSession, principal: Annotated[Principal, Depends(require("sys.profile.write"))]
) -> Envelope[None]:
    auth_service.logout(session, principal)
    return ok(None)


@router.get("/me", response_model=Envelope[MeRead])
def get_me(
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.profile.read"))],
    settings: AppSettings,
) -> Envelope[MeRead]:
    return ok(auth_service.me(session, principal, settings))


@router.put("/password", response_model=Envelope[None])
def change_password(
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.profile.write"))],
    payload: PasswordChange,
) -> Envelope[None]:
    auth_service.change_password(session, principal, payload)
    return ok(None)
