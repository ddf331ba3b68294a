"""Settings from environment variables, with safe defaults for a demo on one machine."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

# Danish is the default; English is the one alternative offered.
LANGUAGES = ("da", "en")


class ConfigError(RuntimeError):
    """The configuration cannot run the app; the message is one line for the operator."""


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(environ, name: str, default: int, minimum: int = 0) -> int:
    raw = (environ.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}")
    return value


def instance_secret_key(instance_path: str) -> str:
    """A random key made once for this installation, kept in the instance folder (mode 600).

    Outside production nobody has to set SECRET_KEY, yet no two installations share a key
    and no key is ever written in the source, so a session cookie cannot be forged.
    """
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        tmp = path.with_name(f".secret_key.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(tmp, path)  # atomic: of two processes starting at once, one key wins
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    key = path.read_text().strip()
    if len(key) < 32:
        raise ConfigError(f"{path} holds no usable key: delete it to have a new one made")
    return key


@dataclass(frozen=True)
class Settings:
    """The environment variables the app reads, documented in the README."""

    env: str
    secret_key: str
    database_url: str | None
    sms_backend: str
    twilio_account_sid: str | None
    twilio_auth_token: str | None
    twilio_from_number: str | None
    twilio_messaging_service_sid: str | None
    # The public address Twilio calls back (behind a proxy the app cannot see it).
    public_base_url: str | None
    sms_quiet_hours: str
    sms_daily_cap: int
    sms_retention_days: int
    sms_validity_seconds: int
    # Only for tests and benchmarks: a Twilio-compatible stand-in instead of api.twilio.com.
    twilio_api_url: str | None
    ratelimit_storage_uri: str
    # How many reverse proxies in front of the app may set X-Forwarded-For/-Proto (0: none).
    trusted_proxies: int
    # Failed logins: per account (reset by a successful login) and per client address.
    login_account_failures: int
    login_address_failures: int
    login_failure_window_minutes: int
    login_wait_minutes: int
    # Server-side sessions end after this long without a request (outreach: a shift).
    session_idle_minutes: int
    session_idle_minutes_outreach: int
    session_max_hours: int
    hsts_max_age: int
    office_phone: str
    geocoder_user_agent: str
    geocoder: str
    osrm_url: str | None
    map_tile_url: str | None
    timezone: str

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        e = os.environ if environ is None else environ
        return cls(
            env=e.get("APP_ENV", "development").strip().lower(),
            secret_key=e.get("SECRET_KEY", ""),
            database_url=e.get("DATABASE_URL") or None,
            sms_backend=e.get("SMS_BACKEND", "outbox").strip().lower(),
            twilio_account_sid=e.get("TWILIO_ACCOUNT_SID") or None,
            twilio_auth_token=e.get("TWILIO_AUTH_TOKEN") or None,
            twilio_from_number=e.get("TWILIO_FROM_NUMBER") or None,
            twilio_messaging_service_sid=e.get("TWILIO_MESSAGING_SERVICE_SID") or None,
            public_base_url=(e.get("PUBLIC_BASE_URL") or "").rstrip("/") or None,
            sms_quiet_hours=e.get("SMS_QUIET_HOURS", "20:00-08:00"),
            sms_daily_cap=_int(e, "SMS_DAILY_CAP", 2),
            sms_retention_days=_int(e, "SMS_RETENTION_DAYS", 90),
            sms_validity_seconds=_int(e, "SMS_VALIDITY_SECONDS", 4 * 3600),
            twilio_api_url=(e.get("TWILIO_API_URL") or "").rstrip("/") or None,
            ratelimit_storage_uri=e.get("RATELIMIT_STORAGE_URI", "memory://"),
            trusted_proxies=_int(e, "TRUSTED_PROXIES", 0),
            login_account_failures=_int(e, "LOGIN_ACCOUNT_FAILURES", 5, minimum=1),
            login_address_failures=_int(e, "LOGIN_ADDRESS_FAILURES", 30, minimum=1),
            login_failure_window_minutes=_int(e, "LOGIN_FAILURE_WINDOW_MINUTES", 15, minimum=1),
            login_wait_minutes=_int(e, "LOGIN_WAIT_MINUTES", 5, minimum=1),
            session_idle_minutes=_int(e, "SESSION_IDLE_MINUTES", 30, minimum=1),
            session_idle_minutes_outreach=_int(e, "SESSION_IDLE_MINUTES_OUTREACH", 9 * 60,
                                               minimum=1),
            session_max_hours=_int(e, "SESSION_MAX_HOURS", 12, minimum=1),
            hsts_max_age=_int(e, "HSTS_MAX_AGE", 365 * 24 * 3600),
            office_phone=e.get("OFFICE_PHONE", "+45 33 66 33 66"),
            geocoder_user_agent=e.get("GEOCODER_USER_AGENT", "outreach-planner"),
            geocoder=e.get("GEOCODER", "nominatim").strip().lower(),
            osrm_url=e.get("OSRM_URL") or None,
            map_tile_url=e.get("MAP_TILE_URL") or None,
            timezone=e.get("APP_TIMEZONE", "Europe/Copenhagen"),
        )

    @property
    def production(self) -> bool:
        return self.env == "production"


def flask_config(settings: Settings, instance_path: str) -> dict:
    """Translate settings into Flask's config mapping; refuse what production must not run with."""
    if settings.production and len(settings.secret_key) < 32:
        raise ConfigError(
            "APP_ENV=production needs SECRET_KEY set to a random value of at least 32 characters"
        )
    secret_key = settings.secret_key or instance_secret_key(instance_path)
    if settings.sms_backend not in {"outbox", "twilio"}:
        raise ConfigError(f"SMS_BACKEND must be 'outbox' or 'twilio', not {settings.sms_backend!r}")
    if settings.sms_backend == "twilio" and not (
        settings.twilio_account_sid and settings.twilio_auth_token
        and (settings.twilio_from_number or settings.twilio_messaging_service_sid)
        and settings.public_base_url
    ):
        raise ConfigError(
            "SMS_BACKEND=twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, "
            "TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID, and PUBLIC_BASE_URL"
        )
    if settings.geocoder not in {"nominatim", "off"}:
        raise ConfigError(f"GEOCODER must be 'nominatim' or 'off', not {settings.geocoder!r}")
    try:
        from .domain.sms_states import QuietHours

        QuietHours.parse(settings.sms_quiet_hours)
    except ValueError as error:
        raise ConfigError("SMS_QUIET_HOURS must look like 20:00-08:00 (or be empty)") from error
    if not 1 <= settings.sms_validity_seconds <= 36000:
        raise ConfigError("SMS_VALIDITY_SECONDS must be between 1 and 36000 (Twilio's limit)")
    database_url = settings.database_url or "sqlite:///" + str(
        Path(instance_path) / "outreach.sqlite3"
    )
    return {
        "SETTINGS": settings,
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": settings.production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": settings.production,
        "PERMANENT_SESSION_LIFETIME": settings.session_max_hours * 3600,
        "RATELIMIT_STORAGE_URI": settings.ratelimit_storage_uri,
        "RATELIMIT_HEADERS_ENABLED": False,
        "WTF_CSRF_TIME_LIMIT": settings.session_max_hours * 3600,
        "BABEL_DEFAULT_LOCALE": "da",
        "BABEL_DEFAULT_TIMEZONE": settings.timezone,
        "MAX_CONTENT_LENGTH": 5 * 1024 * 1024,
    }
