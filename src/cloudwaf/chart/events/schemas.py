from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict


class AttackEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    time: datetime
    domain: str
    node: str
    node_id: int
    client_ip: str
    country: str
    method: str
    uri: str
    status: int
    rule_ids: list[int]
    messages: list[str]
    anomaly_score: int
    action: Literal["blocked", "detected"]
    event_id: str
