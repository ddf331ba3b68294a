"""Configuration from the environment; production refuses to start without a real secret."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from outreach_app.config import ConfigError, Settings, flask_config

ROOT = Path(__file__).resolve().parent.parent


def test_defaults_run_on_a_sqlite_file_in_the_instance_folder(tmp_path):
    config = flask_config(Settings.from_env({}), str(tmp_path))
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/outreach.sqlite3"
    assert config["SESSION_COOKIE_SECURE"] is False
    assert config["RATELIMIT_STORAGE_URI"] == "memory://"
    assert config["BABEL_DEFAULT_LOCALE"] == "da"


def test_production_refuses_the_development_secret(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        flask_config(Settings.from_env({"APP_ENV": "production"}), str(tmp_path))
    with pytest.raises(ConfigError):
        flask_config(Settings.from_env({"APP_ENV": "production", "SECRET_KEY": "short"}),
                     str(tmp_path))


def test_production_with_a_real_secret_uses_secure_cookies(tmp_path):
    settings = Settings.from_env({"APP_ENV": "production", "SECRET_KEY": "s" * 48,
                                  "DATABASE_URL": "postgresql+psycopg://db/x",
                                  "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"})
    config = flask_config(settings, str(tmp_path))
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]
    assert config["SECRET_KEY"] == "s" * 48
    assert not (tmp_path / "secret_key").exists()  # production never makes its own key
    assert config["RATELIMIT_STORAGE_URI"].startswith("redis://")


def test_without_secret_key_a_random_key_is_made_once_and_kept_private(tmp_path):
    first = flask_config(Settings.from_env({}), str(tmp_path))["SECRET_KEY"]
    again = flask_config(Settings.from_env({}), str(tmp_path))["SECRET_KEY"]
    other = tmp_path / "other"
    other.mkdir()
    elsewhere = flask_config(Settings.from_env({}), str(other))["SECRET_KEY"]
    assert first == again and len(first) >= 32
    assert elsewhere != first  # no two installations share a key: nothing public to forge
    mode = stat.S_IMODE((tmp_path / "secret_key").stat().st_mode)
    assert mode == 0o600


def test_the_source_holds_no_usable_secret_key():
    source = (ROOT / "outreach_app" / "config.py").read_text()
    assert "dev-only-not-secret" not in source
    assert "instance/" in (ROOT / ".gitignore").read_text()


def test_bad_numbers_in_settings_are_one_line_errors(tmp_path):
    with pytest.raises(ConfigError, match="TRUSTED_PROXIES"):
        flask_config(Settings.from_env({"TRUSTED_PROXIES": "two"}), str(tmp_path))


def test_twilio_backend_needs_its_credentials(tmp_path):
    with pytest.raises(ConfigError, match="TWILIO_ACCOUNT_SID"):
        flask_config(Settings.from_env({"SMS_BACKEND": "twilio"}), str(tmp_path))


def test_wsgi_in_production_without_secret_exits_with_one_line():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["APP_ENV"] = "production"
    result = subprocess.run([sys.executable, "-c", "import wsgi"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "SECRET_KEY" in lines[0]
