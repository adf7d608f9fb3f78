"""Settings: one instance, read from the environment (prefix BINA_) and an optional .env file."""

from __future__ import annotations

from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_SECRET = "dev-only-secret-change-me-in-production-0000"  # noqa: S105 - refused outside dev
DEFAULT_SQLITE_PATH = Path("var") / "bina.db"
LOOPBACK: list[IPv4Network | IPv6Network] = [IPv4Network("127.0.0.0/8"), IPv6Network("::1/128")]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BINA_", env_file=".env", extra="ignore")

    env: Literal["development", "test", "staging", "production"] = "development"
    database_url: str = f"sqlite+aiosqlite:///{DEFAULT_SQLITE_PATH}"
    secret_key: str = DEFAULT_SECRET
    jwt_algorithm: Literal["HS256", "HS384", "HS512"] = "HS256"
    jwt_issuer: str = "bina"
    jwt_audience: str = "bina-api"
    access_token_minutes: int = Field(default=15, ge=1, le=24 * 60)
    refresh_token_days: int = Field(default=14, ge=1, le=90)
    cors_origins: list[str] = []
    redis_url: str | None = None

    db_pool_size: int = Field(default=10, ge=1)
    db_max_overflow: int = Field(default=20, ge=0)
    db_pool_timeout_s: float = Field(default=10.0, gt=0)
    db_echo: bool = False

    max_body_bytes: int = 1_000_000
    idempotency_ttl_hours: int = 72
    login_attempts_per_15min: int = 10
    # Per signed-in caller (user or client), not per IP: a whole kantor shares one NAT address.
    requests_per_minute: int = 1200
    # Background jobs: executed inside the API process ("inprocess"), by `bina worker` processes
    # ("external"), or "auto": in-process on SQLite (the embedded default), external otherwise.
    worker_mode: Literal["auto", "inprocess", "external"] = "auto"
    worker_poll_seconds: float = Field(default=5.0, gt=0)
    # Background jobs (matching runs, webhook deliveries, ...): how many one worker runs at once,
    # and how long finished jobs stay visible before they are deleted.
    job_concurrency: int = Field(default=8, ge=1, le=256)
    job_retention_days: int = Field(default=14, ge=1)
    # argon2id cost; tests lower it so thousands of hashes stay fast. OWASP minimum: m=19 MiB, t=2.
    argon2_memory_kib: int = 19_456
    argon2_time_cost: int = 2

    spa_dir: Path | None = None

    # Mentoring sessions: a home visit recorded farther than this from the household is flagged
    # for the coordinator; `occurred_at` may run this far ahead of the server's clock (phones).
    home_visit_max_km: float = Field(default=1.0, gt=0)
    session_clock_skew_s: int = Field(default=300, ge=0)
    # Due dates and "today" are local calendar dates: WIB (UTC+7) in Palembang.
    local_utc_offset_hours: int = Field(default=7, ge=-12, le=14)

    # Delta sync: changes older than this are pruned (`bina sync prune`); a phone whose cursor
    # is older re-syncs from zero (410).
    sync_retention_days: int = Field(default=30, ge=1)

    # Webhooks: seconds to wait before each retry of a delivery that failed (non-2xx, timeout);
    # after the last one the delivery is `failed`. Private networks (and plain http) are for
    # development and tests only: in production a webhook could otherwise reach internal hosts.
    webhook_retry_seconds: str = "5,300,1800,7200,18000,36000"
    webhooks_allow_private_networks: bool = False
    webhook_timeout_s: float = Field(default=10.0, gt=0, le=60)
    # Finished deliveries (their bodies hold masked personal data) are deleted after this.
    webhook_retention_days: int = Field(default=30, ge=1)

    @model_validator(mode="after")
    def _check_webhook_settings(self) -> Settings:
        self.webhook_retry_delays  # noqa: B018 - parsing it is the check
        if self.webhooks_allow_private_networks and self.env == "production":
            raise ValueError("BINA_WEBHOOKS_ALLOW_PRIVATE_NETWORKS must not be set in production")
        return self

    @property
    def webhook_retry_delays(self) -> tuple[float, ...]:
        """`webhook_retry_seconds` as numbers: one retry after each (empty: no retry)."""
        try:
            delays = tuple(float(p) for p in self.webhook_retry_seconds.split(",") if p.strip())
        except ValueError:
            delays = (-1.0,)
        if len(delays) > 30 or any(d < 0 for d in delays):
            raise ValueError(
                "BINA_WEBHOOK_RETRY_SECONDS must be up to 30 comma-separated numbers of "
                f"seconds >= 0, not {self.webhook_retry_seconds!r}"
            )
        return delays

    # Operations. /metrics answers callers from these networks (comma-separated CIDRs; empty:
    # none), or anywhere with the bearer token; the HTTP metrics can be switched off entirely.
    metrics_enabled: bool = True
    metrics_allow_networks: Annotated[list[IPv4Network | IPv6Network], NoDecode] = LOOPBACK
    metrics_token: SecretStr | None = Field(default=None, min_length=32)
    # One log line per request and every other log line: JSON for log collectors, or plain text
    # for a developer's terminal (the default in development).
    log_format: Literal["json", "plain"] | None = None

    @field_validator("metrics_allow_networks", mode="before")
    @classmethod
    def _split_networks(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @model_validator(mode="after")
    def _refuse_default_secret(self) -> Settings:
        if self.env != "development" and (
            self.secret_key == DEFAULT_SECRET or len(self.secret_key) < 32
        ):
            raise ValueError(
                "BINA_SECRET_KEY must be set to a random value of at least 32 characters "
                f"outside development (BINA_ENV={self.env})"
            )
        return self

    @property
    def inprocess_worker(self) -> bool:
        """Whether the API process executes background jobs itself."""
        return self.worker_mode == "inprocess" or (self.worker_mode == "auto" and self.is_sqlite)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def json_logs(self) -> bool:
        return (self.log_format or ("plain" if self.env == "development" else "json")) == "json"


@lru_cache
def get_settings() -> Settings:
    return Settings()
