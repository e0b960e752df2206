from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel


class AuditLogRead(BaseModel):
    id: int
    oem_id: int | None
    actor_id: int | None
    actor_name: str
    via: str
    action: str
    target_type: str
    target_id: str
    summary: dict[str, Any]
    client_ip: str
    request_id: str
    created_at: datetime
