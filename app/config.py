"""Configuration from the environment (and a local ``.env``), validated once at start-up.

Every setting is documented in ``.env.example``; the names are part of the product's contract.
"""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

TWILIO_MEDIA_HOSTS = "api.twilio.com,media.twiliocdn.com,mms.twiliocdn.com,*.twiliocdn.com"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    # Services
    database_url: str = Field("", alias="DATABASE_URL")
    redis_url: str = Field("redis://127.0.0.1:6379/0", alias="REDIS_URL")
    secret_key: str = Field("dev-only-change-me", alias="SECRET_KEY")
    public_base_url: str = Field("", alias="PUBLIC_BASE_URL")
    log_level: str = Field("INFO", alias="LOG_LEVEL")
    log_json: bool = Field(True, alias="LOG_JSON")

    # Timeouts: no request, job or health check waits on a server longer than these (docs/reliability.md).
    # libpq's connect_timeout is whole seconds, at least 2.
    database_connect_timeout: int = Field(3, alias="DATABASE_CONNECT_TIMEOUT", ge=2, le=60)
    database_statement_timeout: float = Field(30.0, alias="DATABASE_STATEMENT_TIMEOUT", gt=0)
    database_lock_timeout: float = Field(10.0, alias="DATABASE_LOCK_TIMEOUT", gt=0)
    # The inbound webhook's budget for PostgreSQL; past it the webhook is spooled to Redis and answered.
    webhook_db_timeout: float = Field(2.0, alias="WEBHOOK_DB_TIMEOUT", gt=0, le=4)
    redis_timeout: float = Field(1.0, alias="REDIS_TIMEOUT", gt=0, le=30)

    # Twilio
    twilio_account_sid: str = Field("AC00000000000000000000000000000000", alias="TWILIO_ACCOUNT_SID")
    twilio_auth_token: str = Field("", alias="TWILIO_AUTH_TOKEN")
    twilio_whatsapp_from: str = Field("whatsapp:+14155238886", alias="TWILIO_WHATSAPP_FROM")
    twilio_api_base_url: str = Field("https://api.twilio.com", alias="TWILIO_API_BASE_URL")
    # Per request to Twilio's REST API. A reply whose request timed out is looked up, not re-sent blindly,
    # once as long again has passed (app/replies/send.py).
    twilio_timeout_seconds: float = Field(15.0, alias="TWILIO_TIMEOUT_SECONDS", gt=0, le=120)
    # Switching validation off is for local development only; the app logs a warning when it is off.
    twilio_validate_signature: bool = Field(True, alias="TWILIO_VALIDATE_SIGNATURE")
    # The approved WhatsApp template (Content API ContentSid, "HX...") for payment reminders sent outside
    # the 24-hour session window; one SID, or one per language ("en:HX...,es:HX..."). Unset: such
    # reminders are not sent (counted and logged).
    twilio_template_payment_reminder: str = Field("", alias="TWILIO_TEMPLATE_PAYMENT_REMINDER")

    # Payment reminders (app/tasks/reminders.py); users change their own with "reminders 2 days before".
    reminder_days_before: int = Field(3, alias="REMINDER_DAYS_BEFORE", ge=0, le=30)
    reminder_hour: int = Field(9, alias="REMINDER_HOUR", ge=0, le=23)
    reminder_interval_seconds: int = Field(60, alias="REMINDER_INTERVAL_SECONDS", ge=5)

    # Media
    media_storage: str = Field(".state/media", alias="MEDIA_STORAGE")
    media_allowed_hosts: str = Field(TWILIO_MEDIA_HOSTS, alias="MEDIA_ALLOWED_HOSTS")
    media_max_bytes: int = Field(16 * 1024 * 1024, alias="MEDIA_MAX_BYTES", ge=1)
    media_download_timeout: float = Field(20.0, alias="MEDIA_DOWNLOAD_TIMEOUT", gt=0)
    aws_endpoint_url: str | None = Field(None, alias="AWS_ENDPOINT_URL")

    # Conversation and abuse limits
    conversation_idle_hours: float = Field(24.0, alias="CONVERSATION_IDLE_HOURS", gt=0)
    rate_limit_messages: int = Field(20, alias="RATE_LIMIT_MESSAGES", ge=1)
    rate_limit_window_seconds: int = Field(60, alias="RATE_LIMIT_WINDOW_SECONDS", ge=1)
    default_timezone: str = Field("UTC", alias="DEFAULT_TIMEZONE")
    default_language: str = Field("en", alias="DEFAULT_LANGUAGE")
    # How much recent conversation the model sees, in (estimated) tokens.
    conversation_history_tokens: int = Field(1500, alias="CONVERSATION_HISTORY_TOKENS", ge=0, le=100_000)
    export_link_ttl_seconds: int = Field(3600, alias="EXPORT_LINK_TTL_SECONDS", ge=60)
    # How long "undo" can bring back a deleted invoice; after that it and its files are purged.
    undo_window_hours: float = Field(168.0, alias="UNDO_WINDOW_HOURS", gt=0)

    # Extraction
    extraction_max_pages: int = Field(5, alias="EXTRACTION_MAX_PAGES", ge=1, le=50)
    tessdata_prefix: str = Field("", alias="TESSDATA_PREFIX")
    openai_api_key: str = Field("", alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(None, alias="OPENAI_BASE_URL")
    openai_model: str = Field("gpt-4o-mini", alias="OPENAI_MODEL")
    openai_vision: bool = Field(False, alias="OPENAI_VISION")
    openai_timeout_seconds: float = Field(30.0, alias="OPENAI_TIMEOUT_SECONDS", gt=0)
    # "model=input_per_1M:output_per_1M,..." in USD; unknown models are recorded with no cost.
    openai_prices: str = Field(
        "gpt-4o-mini=0.15:0.60,gpt-4o=2.50:10.00,gpt-4.1-mini=0.40:1.60,gpt-4.1=2.00:8.00",
        alias="OPENAI_PRICES",
    )

    # Jobs and operators
    rq_queue: str = Field("default", alias="RQ_QUEUE")
    job_retry_max: int = Field(5, alias="JOB_RETRY_MAX", ge=0)
    sweep_interval_seconds: int = Field(15, alias="SWEEP_INTERVAL_SECONDS", ge=5)
    worker_max_jobs: int = Field(0, alias="WORKER_MAX_JOBS", ge=0)
    # Port for the worker's own /metrics when it shares no PROMETHEUS_MULTIPROC_DIR with the web; 0 = off.
    worker_metrics_port: int = Field(0, alias="WORKER_METRICS_PORT", ge=0, le=65535)
    # Where `flask backup` / `flask restore` find pg_dump / pg_restore (else PATH, else the embedded ones).
    pg_bin_dir: str = Field("", alias="PG_BIN_DIR")
    rq_dashboard_username: str = Field("", alias="RQ_DASHBOARD_USERNAME")
    rq_dashboard_password: str = Field("", alias="RQ_DASHBOARD_PASSWORD")

    @field_validator("database_url")
    @classmethod
    def _psycopg3_driver(cls, url: str) -> str:
        # Heroku-style URLs name no driver; SQLAlchemy would otherwise pick psycopg2.
        for prefix in ("postgres://", "postgresql://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix):]
        return url

    @property
    def allowed_media_hosts(self) -> list[str]:
        return [h.strip().lower() for h in self.media_allowed_hosts.split(",") if h.strip()]

    @property
    def openai_enabled(self) -> bool:
        return bool(self.openai_api_key)

    @property
    def price_table(self) -> dict[str, tuple[Decimal, Decimal]]:
        table: dict[str, tuple[Decimal, Decimal]] = {}
        for entry in self.openai_prices.split(","):
            model, _, prices = entry.strip().partition("=")
            inp, _, out = prices.partition(":")
            if model and inp and out:
                table[model.strip()] = (Decimal(inp), Decimal(out))
        return table


@lru_cache
def get_settings() -> Settings:
    return Settings()
