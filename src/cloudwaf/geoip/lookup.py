"""The one IP lookup of the product: the API, event ingest and anything else that needs a country
or an ASN call this module, so every part speaks the same ISO country codes.

Databases are MMDB files read with `maxminddb` (memory-mapped). A database swapped on disk by
`cloudwaf geoip update` (atomic rename) is noticed by inode/mtime/size and reopened, at most once
per `RECHECK_SECONDS`, in every process that has it open: no restart, no shared memory needed.

Record shapes understood: ip-location-db / DB-IP Lite (`country_code`, `city`, `state1`) and
MaxMind's GeoIP2/GeoLite2 (`country.iso_code`, `city.names.en`, `subdivisions`), plus the ASN
fields both use (`autonomous_system_number`, `autonomous_system_organization`).
"""

from __future__ import annotations

import ipaddress
import os
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import maxminddb

from cloudwaf.geoip.countries import country_name
from cloudwaf.meta.router import ComponentHealth

if TYPE_CHECKING:
    from cloudwaf.config import Settings

RECHECK_SECONDS = 1.0
_CACHE_SIZE = 65_536


class GeoIpUnavailable(RuntimeError):
    """The country database is missing or unreadable (the API answers 10001)."""


@dataclass(frozen=True, slots=True)
class GeoRecord:
    ip: str
    country_code: str = ""
    country_name: str = ""
    asn: int | None = None
    as_org: str = ""
    city: str = ""
    region: str = ""
    latitude: float | None = None
    longitude: float | None = None
    network: str = ""

    @property
    def found(self) -> bool:
        return bool(self.country_code or self.asn)


def normalise(ip: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """Parses an address; IPv4-mapped IPv6 (::ffff:a.b.c.d) becomes the IPv4 address. ValueError
    when `ip` is not an address."""
    addr = ipaddress.ip_address(ip.strip().split("%", 1)[0])
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        return addr.ipv4_mapped
    return addr


def is_public(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return addr.is_global and not addr.is_multicast


class MmdbFile:
    """One database file, reopened when the file on disk is replaced."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.error = ""
        self._reader: Any = None
        self._signature: tuple[int, int, int] | None = None
        self._checked_at = float("-inf")
        self._lock = threading.Lock()
        self.generation = 0

    def _stat(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def refresh(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._checked_at < RECHECK_SECONDS:
            return
        with self._lock:
            self._checked_at = now
            signature = self._stat()
            if signature == self._signature and (self._reader is not None or self.error):
                return
            old, self._reader, self._signature = self._reader, None, signature
            if signature is None:
                self.error = f"{self.path.name} is missing"
            else:
                try:
                    self._reader = maxminddb.open_database(str(self.path), maxminddb.MODE_AUTO)
                    self.error = ""
                except (OSError, ValueError, maxminddb.InvalidDatabaseError) as exc:
                    self.error = f"{self.path.name} is unreadable ({type(exc).__name__})"
            self.generation += 1
            if old is not None:
                old.close()

    def reader(self) -> Any:
        self.refresh()
        return self._reader

    def get(self, addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> tuple[dict | None, int]:
        reader = self.reader()
        if reader is None:
            raise GeoIpUnavailable(self.error)
        if addr.version == 6 and reader.metadata().ip_version == 4:
            return None, 0
        try:
            record, prefix = reader.get_with_prefix_len(addr)
        except maxminddb.InvalidDatabaseError as exc:
            raise GeoIpUnavailable(f"{self.path.name} is corrupt") from exc
        return (record if isinstance(record, dict) else None), prefix

    def metadata(self) -> Any:
        reader = self.reader()
        return reader.metadata() if reader is not None else None


def _country_code(record: dict) -> str:
    code = record.get("country_code")
    if code is None and isinstance(record.get("country"), dict):
        code = record["country"].get("iso_code")
    return str(code or "").upper()


def _city(record: dict) -> tuple[str, str]:
    city = record.get("city", "")
    if isinstance(city, dict):
        city = city.get("names", {}).get("en", "")
    region = record.get("state1", "")
    subdivisions = record.get("subdivisions")
    if not region and isinstance(subdivisions, list) and subdivisions:
        region = subdivisions[0].get("names", {}).get("en", "")
    return str(city or ""), str(region or "")


def _coordinates(record: dict) -> tuple[float | None, float | None]:
    location = record.get("location") if isinstance(record.get("location"), dict) else record
    lat, lon = location.get("latitude"), location.get("longitude")
    return (float(lat) if lat is not None else None, float(lon) if lon is not None else None)


class GeoIp:
    """Country (required), ASN and city (optional) databases of one process."""

    def __init__(self, country: Path, asn: Path | None = None, city: Sequence[Path] = ()) -> None:
        self.country = MmdbFile(country)
        self.asn = MmdbFile(asn) if asn else None
        self.city = [MmdbFile(p) for p in city]
        self._cached = lru_cache(maxsize=_CACHE_SIZE)(self._enrich_uncached)
        self._generations: tuple[int, ...] = ()

    @classmethod
    def from_settings(cls, settings: Settings) -> GeoIp:
        return cls(settings.geoip_country_db, settings.geoip_asn_db, settings.geoip_city_db)

    def _files(self) -> list[MmdbFile]:
        return [self.country] + ([self.asn] if self.asn else []) + self.city

    def lookup(self, ip: str) -> GeoRecord:
        """Everything known about a public address. Raises ValueError for a malformed address and
        GeoIpUnavailable when the country database cannot be read."""
        addr = normalise(ip)
        country_rec, prefix = self.country.get(addr)
        code = _country_code(country_rec) if country_rec else ""
        network = ""
        if country_rec and prefix:
            prefix = prefix - 96 if addr.version == 4 and prefix > 32 else prefix
            network = str(ipaddress.ip_network(f"{addr}/{prefix}", strict=False))
        asn, org = self._asn(addr)
        city = region = ""
        lat = lon = None
        for file in self.city:
            try:
                city_rec, _ = file.get(addr)
            except GeoIpUnavailable:
                continue  # city data is a bonus; its absence shows in health, not in lookups
            if city_rec:
                city, region = _city(city_rec)
                lat, lon = _coordinates(city_rec)
                code = code or _country_code(city_rec)
                break
        return GeoRecord(ip=str(addr), country_code=code, country_name=country_name(code) if code else "",
                         asn=asn, as_org=org, city=city, region=region, latitude=lat, longitude=lon,
                         network=network)

    def _asn(self, addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> tuple[int | None, str]:
        if self.asn is None:
            return None, ""
        try:
            record, _ = self.asn.get(addr)
        except GeoIpUnavailable:
            return None, ""
        if not record or record.get("autonomous_system_number") is None:
            return None, ""
        org = record.get("autonomous_system_organization") or ""
        return int(record["autonomous_system_number"]), str(org)

    def _enrich_uncached(self, ip: str) -> tuple[str, int | None]:
        try:
            addr = normalise(ip)
        except ValueError:
            return "", None
        if not is_public(addr):
            return "", None
        try:
            record, _ = self.country.get(addr)
            code = _country_code(record) if record else ""
        except GeoIpUnavailable:
            code = ""
        asn, _ = self._asn(addr)
        return code, asn

    def enrich(self, ip: str) -> tuple[str, int | None]:
        """(country code or "", ASN or None); never raises. Cached until a database changes."""
        self._fresh()
        return self._cached(ip)

    def _fresh(self) -> None:
        for file in (self.country, self.asn):
            if file is not None:
                file.refresh()
        generations = tuple(f.generation for f in self._files())
        if generations != self._generations:
            self._cached.cache_clear()
            self._generations = generations

    def enrich_many(self, ips: Iterable[str]) -> dict[str, tuple[str, int | None]]:
        """enrich() of each distinct address, with one freshness check for all of them (event
        ingest enriches thousands of addresses per batch; the per-call check cost more than the
        cached lookup)."""
        self._fresh()
        cached = self._cached
        return {ip: cached(ip) for ip in set(ips)}

    def health(self) -> ComponentHealth:
        """The /api/v1/health probe: degraded (not down) when a database is missing."""
        problems = []
        for label, file in (("country", self.country), ("asn", self.asn)):
            if file is not None and file.reader() is None:
                problems.append(f"{label}: {file.error}")
        if self.city and all(f.reader() is None for f in self.city):
            problems.append(f"city: {self.city[0].error}")
        country_ok = self.country.reader() is not None
        detail = "; ".join(problems) or "country, asn and city databases loaded"
        return ComponentHealth(ok=country_ok and not problems, detail=detail)


_instance: GeoIp | None = None
_instance_lock = threading.Lock()


def configure(settings: Settings) -> GeoIp:
    """Points this process at the databases of `settings` (the app factory and the CLI call it)."""
    global _instance
    with _instance_lock:
        current = _instance
        paths = (settings.geoip_country_db, settings.geoip_asn_db, tuple(settings.geoip_city_db))
        if current is None or (current.country.path, current.asn.path if current.asn else None,
                               tuple(f.path for f in current.city)) != paths:
            _instance = GeoIp.from_settings(settings)
        return _instance


def get() -> GeoIp:
    if _instance is None:
        from cloudwaf.config import Settings

        return configure(Settings())
    return _instance


def lookup(ip: str) -> GeoRecord:
    return get().lookup(ip)


def enrich(ip: str) -> tuple[str, int | None]:
    """Country code and ASN of a client address for event ingest: ("", None) when unknown."""
    return get().enrich(ip)


def enrich_many(ips: Iterable[str]) -> dict[str, tuple[str, int | None]]:
    """enrich() of every distinct address in `ips`, keyed by address."""
    return get().enrich_many(ips)


def country_of(ip: str) -> str:
    return get().enrich(ip)[0]
