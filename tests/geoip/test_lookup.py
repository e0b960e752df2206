"""The lookup function, the writer and the swap of a database on disk (no API, no database)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import maxminddb
import pytest

from cloudwaf.config import Settings
from cloudwaf.geoip import lookup as geo
from cloudwaf.geoip.install import InvalidDatabase, Kind, asn_ranges, validate
from tests.geoip.helpers import write_country

CLI = [sys.executable, "-m", "cloudwaf.cli.server"]


def test_writer_output_reads_back_with_both_reference_readers(geo_files: dict[str, Path]) -> None:
    for mode in (maxminddb.MODE_MMAP_EXT, maxminddb.MODE_FILE):
        with maxminddb.open_database(str(geo_files["country"]), mode) as reader:
            assert reader.get("8.8.8.8") == {"country_code": "US"}
            assert reader.get("2001:4860::1") == {"country_code": "US"}
            assert reader.get("8.8.9.9") is None
            assert reader.metadata().database_type == "test-country"


def test_lookup_and_enrich_use_the_same_codes(geo_files: dict[str, Path]) -> None:
    db = geo.GeoIp(geo_files["country"], geo_files["asn"], [geo_files["city"]])
    record = db.lookup("8.8.8.8")
    assert (record.country_code, record.country_name, record.asn, record.as_org) == (
        "US", "United States", 15169, "Google LLC")
    assert (record.city, record.region, record.network) == ("Mountain View", "California", "8.8.8.0/24")
    assert db.enrich("8.8.8.8") == ("US", 15169)
    assert db.enrich("::ffff:1.1.1.1") == ("AU", 13335)
    assert db.enrich("2001:4860::8888") == ("US", 15169)
    assert db.enrich("9.9.9.9") == ("CH", None)  # no ASN record
    assert db.enrich("10.1.2.3") == ("", None)
    assert db.enrich("garbage") == ("", None)


def test_missing_or_corrupt_database_is_reported_not_raised_by_enrich(tmp_path: Path) -> None:
    db = geo.GeoIp(tmp_path / "absent.mmdb")
    assert db.enrich("8.8.8.8") == ("", None)
    with pytest.raises(geo.GeoIpUnavailable):
        db.lookup("8.8.8.8")
    assert db.health().ok is False and "missing" in db.health().detail
    corrupt = tmp_path / "corrupt.mmdb"
    corrupt.write_bytes(b"\x00" * 4096)
    bad = geo.GeoIp(corrupt)
    with pytest.raises(geo.GeoIpUnavailable):
        bad.lookup("8.8.8.8")
    assert "unreadable" in bad.health().detail


def test_update_validates_then_swaps_and_other_processes_reopen(geo_files: dict[str, Path],
                                                               tmp_path: Path) -> None:
    target = tmp_path / "live" / "country.mmdb"
    target.parent.mkdir()
    target.write_bytes(geo_files["country"].read_bytes())
    db = geo.GeoIp(target)
    assert db.enrich("8.8.8.8") == ("US", None)

    newer = write_country(tmp_path / "newer.mmdb", {"8.8.8.0/24": "DE", "1.1.1.0/24": "AU"})
    env = {**os.environ, "CLOUDWAF_GEOIP_COUNTRY_DB": str(target), "CLOUDWAF_DATA_DIR": str(tmp_path)}
    done = subprocess.run([*CLI, "geoip", "update", "--file", str(newer)], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert db.enrich("8.8.8.8") == ("DE", None)  # this process reopened the file written by another
    assert db.lookup("8.8.8.8").country_name == "Germany"

    junk = tmp_path / "junk.mmdb"
    junk.write_bytes(b"not a database")
    refused = subprocess.run([*CLI, "geoip", "update", "--file", str(junk)], env=env, capture_output=True,
                             text=True, timeout=60)
    assert refused.returncode == 1 and "refused" in refused.stderr
    assert db.enrich("8.8.8.8") == ("DE", None)  # the live file was not touched


def test_validate_rejects_a_database_of_the_wrong_kind(geo_files: dict[str, Path]) -> None:
    assert validate(geo_files["country"], Kind.country)["ip_version"] == 6
    with pytest.raises(InvalidDatabase, match="asn"):
        validate(geo_files["country"], Kind.asn)


def test_asn_csv_overlaps_keep_the_earlier_range(tmp_path: Path) -> None:
    csv_file = tmp_path / "asn.csv"
    csv_file.write_text('10,20,1,"A, Inc."\n15,30,2,B\n21,25,3,C\n')
    assert [(a, b, r["autonomous_system_number"]) for a, b, r in asn_ranges([csv_file])] == [
        (10, 20, 1), (21, 30, 2)]


REAL = Settings()


@pytest.mark.skipif(not REAL.geoip_country_db.exists(), reason="GeoIP databases not installed (setup)")
def test_installed_databases_answer_well_known_addresses() -> None:
    db = geo.GeoIp(REAL.geoip_country_db, REAL.geoip_asn_db, REAL.geoip_city_db)
    assert db.health().ok, db.health()
    google = db.lookup("8.8.8.8")
    assert google.country_code == "US" and google.asn == 15169
    assert db.lookup("1.1.1.1").country_code == "AU"
    assert db.lookup("2001:4860:4860::8888").asn == 15169
    assert db.enrich("10.0.0.1") == ("", None)
