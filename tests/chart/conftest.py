from __future__ import annotations

from pathlib import Path

import pytest

from cloudwaf.config import Settings
from tests.geoip.helpers import write_asn, write_country


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    """API settings with small generated GeoIP databases (ingest enriches events from them)."""
    folder = tmp_path / "geoip"
    folder.mkdir()
    return settings.model_copy(
        update={
            "geoip_country_db": write_country(folder / "country.mmdb"),
            "geoip_asn_db": write_asn(folder / "asn.mmdb"),
            "geoip_city_db": [],
        }
    )
