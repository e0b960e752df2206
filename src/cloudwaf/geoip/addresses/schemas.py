from __future__ import annotations

from pydantic import BaseModel


class GeoIpRead(BaseModel):
    ip: str
    country_code: str
    country_name: str
    asn: int | None = None
    as_org: str = ""
    city: str = ""
    region: str = ""
    latitude: float | None = None
    longitude: float | None = None
    network: str = ""
