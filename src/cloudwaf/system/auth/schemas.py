from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from cloudwaf.system.oems.schemas import BrandingRead
from cloudwaf.system.users.schemas import UserRead


class CaptchaRead(BaseModel):
    captcha_id: str
    image: str = Field(description="data:image/png;base64,... URL")
    expires_at: datetime


class LoginRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    captcha_id: str | None = Field(None, max_length=64)
    captcha_code: str | None = Field(None, max_length=16)


class LoginRead(BaseModel):
    token: str
    expires_at: datetime = Field(description="absolute end of the session")
    idle_timeout_minutes: int
    user: UserRead


class MeRead(BaseModel):
    user: UserRead
    branding: BrandingRead
    permissions: list[str]
    via: str


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    old_password: str = Field(min_length=1, max_length=256)
    new_password: str = Field(min_length=1, max_length=256)
