from __future__ import annotations

import stat
from pathlib import Path

import pytest

from cloudwaf.config import ConfigurationError, Settings, load_settings


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CLOUDWAF_SECRET_KEY", "CLOUDWAF_ENV", "CLOUDWAF_CONFIG", "CLOUDWAF_DATABASE_URL",
                 "CLOUDWAF_DATA_DIR", "CLOUDWAF_PORT"):
        monkeypatch.delenv(name, raising=False)


def test_production_refuses_missing_or_default_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLOUDWAF_ENV", "production")
    monkeypatch.setenv("CLOUDWAF_DATA_DIR", str(tmp_path))
    with pytest.raises(ConfigurationError):
        load_settings()
    monkeypatch.setenv("CLOUDWAF_SECRET_KEY", "change-me")
    with pytest.raises(ConfigurationError):
        load_settings()
    monkeypatch.setenv("CLOUDWAF_SECRET_KEY", "a-real-and-long-random-secret-value")
    assert load_settings().secret_key == "a-real-and-long-random-secret-value"
    assert not (tmp_path / "secret_key").exists()


def test_development_generates_and_keeps_a_private_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLOUDWAF_DATA_DIR", str(tmp_path))
    first = load_settings().secret_key
    assert len(first) >= 48
    assert load_settings().secret_key == first
    mode = stat.S_IMODE((tmp_path / "secret_key").stat().st_mode)
    assert mode == 0o600


def test_sqlite_under_data_dir_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLOUDWAF_DATA_DIR", str(tmp_path))
    assert Settings().database_url == f"sqlite:///{tmp_path.resolve() / 'cloudwaf.db'}"


def test_toml_file_below_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "cloudwaf.toml"
    config.write_text('port = 9001\ncaptcha_enabled = false\nlog_level = "debug"\n')
    monkeypatch.setenv("CLOUDWAF_CONFIG", str(config))
    monkeypatch.setenv("CLOUDWAF_PORT", "9002")
    settings = Settings()
    assert settings.port == 9002  # the environment wins over the file
    assert settings.captcha_enabled is False
    assert settings.log_level == "debug"


def test_bad_values_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLOUDWAF_PORT", "99999")
    with pytest.raises(ValueError):
        Settings()
