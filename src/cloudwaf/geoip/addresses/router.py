from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path

from cloudwaf.auth import Principal, require
from cloudwaf.geoip.addresses import service as geoip_service
from cloudwaf.geoip.addresses.schemas import GeoIpRead
from cloudwaf.kit.envelope import Envelope, ok

router = APIRouter(prefix="/geoip", tags=["geoip"])


@router.get("/{ip}", response_model=Envelope[GeoIpRead])
def lookup_geoip(
    ip: Annotated[str, Path(max_length=64, description="IPv4 or IPv6 address")],
    _: Annotated[Principal, Depends(require("geoip.lookup.read"))],
) -> Envelope[GeoIpRead]:
    return ok(geoip_service.locate(ip))
