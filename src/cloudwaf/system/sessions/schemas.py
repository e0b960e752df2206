from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class SessionRead(BaseModel):
    id: int
    oem_id: int
    user_id: int
    username: str
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    active: bool
    current: bool
    client_ip: str
    user_agent: str
