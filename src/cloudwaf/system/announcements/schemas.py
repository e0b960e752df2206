from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Level = Literal["info", "warning", "critical"]


class AnnouncementCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=128)
    content: str = Field("", max_length=20000)
    level: Level = "info"
    published: bool = False
    oem_id: int | None = Field(None, description="Platform super-admin only: announce to another OEM")


class AnnouncementUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(None, min_length=1, max_length=128)
    content: str | None = Field(None, max_length=20000)
    level: Level | None = None
    published: bool | None = None


class AnnouncementRead(BaseModel):
    id: int
    oem_id: int
    title: str
    content: str
    level: str
    published: bool
    published_at: datetime | None
    created_by: int | None
    created_at: datetime
    updated_at: datetime
