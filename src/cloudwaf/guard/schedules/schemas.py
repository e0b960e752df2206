from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from cloudwaf.guard.validators import HHMM, Description, Name, TimeZone


class TimeWindow(BaseModel):
    """Days 0 (Monday) .. 6 (Sunday); wall-clock HH:MM in the schedule's zone; end 24:00 means
    midnight; an end before the start spans midnight."""

    model_config = ConfigDict(extra="forbid")

    days: Annotated[list[Annotated[int, Field(ge=0, le=6)]], Field(min_length=1, max_length=7)]
    start: HHMM
    end: HHMM

    @model_validator(mode="after")
    def _not_empty(self) -> TimeWindow:
        if self.start == self.end:
            raise ValueError("a time window needs start != end")
        self.days = sorted(set(self.days))
        return self


Windows = Annotated[list[TimeWindow], Field(min_length=1, max_length=32)]


class ScheduleCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name
    description: Description = ""
    timezone: TimeZone = "UTC"
    windows: Windows


class ScheduleUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    description: Description | None = None
    timezone: TimeZone | None = None
    windows: Windows | None = None
    version: int | None = None


class ScheduleRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    description: str
    timezone: str
    windows: list[TimeWindow]
    builtin: bool
    version: int
    created_at: datetime
    updated_at: datetime
