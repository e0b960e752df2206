from __future__ import annotations

from cloudwaf.errors import BadRequest
from cloudwaf.geoip import lookup as geo
from cloudwaf.geoip.addresses.schemas import GeoIpRead
from cloudwaf.geoip.errors import GeoIpNotFound, GeoIpQueryFailed


def locate(ip: str) -> GeoIpRead:
    try:
        addr = geo.normalise(ip)
    except ValueError as exc:
        raise BadRequest(f"not an IP address: {ip[:64]!r}") from exc
    if not geo.is_public(addr):
        raise GeoIpNotFound(f"{addr} is a private or reserved address")
    try:
        record = geo.lookup(str(addr))
    except geo.GeoIpUnavailable as exc:
        raise GeoIpQueryFailed("the GeoIP database is not available") from exc
    if not record.country_code:
        raise GeoIpNotFound(f"{addr} is not in the GeoIP database")
    return GeoIpRead(ip=record.ip, country_code=record.country_code, country_name=record.country_name,
                     asn=record.asn, as_org=record.as_org, city=record.city, region=record.region,
                     latitude=record.latitude, longitude=record.longitude, network=record.network)
