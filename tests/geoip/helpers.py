"""Small MMDB files built with the product's writer and read back by the reference reader."""

from __future__ import annotations

from pathlib import Path

from cloudwaf.geoip.mmdb_writer import network_range, write_mmdb

COUNTRY_NETS = {
    "8.8.8.0/24": "US",
    "1.1.1.0/24": "AU",
    "9.9.9.0/24": "CH",
    "81.2.69.0/24": "GB",
    "2001:4860::/32": "US",
}
ASN_NETS = {
    "8.8.8.0/24": (15169, "Google LLC"),
    "1.1.1.0/24": (13335, "Cloudflare, Inc."),
    "2001:4860::/32": (15169, "Google LLC"),
}


def write_country(path: Path, nets: dict[str, str] | None = None) -> Path:
    ranges = [(*network_range(net), {"country_code": code}) for net, code in (nets or COUNTRY_NETS).items()]
    write_mmdb(path, ranges, database_type="test-country")
    return path


def write_asn(path: Path) -> Path:
    ranges = [(*network_range(net), {"autonomous_system_number": n, "autonomous_system_organization": org})
              for net, (n, org) in ASN_NETS.items()]
    write_mmdb(path, ranges, database_type="test-asn")
    return path


def write_city(path: Path) -> Path:
    record = {"city": "Mountain View", "country_code": "US", "state1": "California", "latitude": 37.42,
              "longitude": -122.08}
    ranges = [(*network_range("8.8.8.0/24"), record)]
    write_mmdb(path, ranges, database_type="test-city")
    return path


def limited_headers(db, oem, permissions: list[str]) -> dict[str, str]:  # noqa: ANN001 - test fixtures
    """Credentials of a user whose only role holds exactly `permissions`."""
    from cloudwaf.models import Role, User
    from tests.factories import DEFAULT_PASSWORD, bearer_headers, hash_password

    role = Role(oem_id=oem.id, name=f"limited-{len(permissions)}-{id(permissions)}", permissions=permissions)
    db.add(role)
    db.flush()
    user = User(oem_id=oem.id, username=f"limited{role.id}", password_hash=hash_password(DEFAULT_PASSWORD),
                role_id=role.id)
    db.add(user)
    db.flush()
    return bearer_headers(db, user)
