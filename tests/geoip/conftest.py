from __future__ import annotations

from pathlib import Path

import pytest

from cloudwaf.config import Settings
from cloudwaf.geoip import lookup as geo
from tests.geoip.helpers import write_asn, write_city, write_country


@pytest.fixture
def geo_files(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "geoip"
    folder.mkdir()
    return {"country": write_country(folder / "country.mmdb"), "asn": write_asn(folder / "asn.mmdb"),
            "city": write_city(folder / "city.mmdb")}


@pytest.fixture
def settings(settings: Settings, geo_files: dict[str, Path]) -> Settings:
    """The API test settings, pointed at small generated databases."""
    paths = {"geoip_country_db": geo_files["country"], "geoip_asn_db": geo_files["asn"],
             "geoip_city_db": [geo_files["city"]]}
    return settings.model_copy(update=paths)


@pytest.fixture(autouse=True)
def _instant_recheck(monkeypatch: pytest.MonkeyPatch) -> None:
    # Replacement is noticed within RECHECK_SECONDS; tests need not wait for it.
    monkeypatch.setattr(geo, "RECHECK_SECONDS", 0.0)
