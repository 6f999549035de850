import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from config import settings as limber_settings

from .servers import clean_environ, run_django

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-secret-key-with-enough-characters-0123456789",
    "ALLOWED_HOSTS": "limber.example.com",
}


def test_a_missing_secret_key_stops_a_production_start():
    result = run_django("pass", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_a_bad_boolean_is_refused_not_guessed():
    result = run_django("pass", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


@pytest.mark.parametrize("value", ["1", "true", "YES", "on"])
def test_true_spellings_read_as_true(monkeypatch, value):
    monkeypatch.setenv("SOME_FLAG", value)
    assert limber_settings.env_bool("SOME_FLAG", False) is True


def test_a_bad_number_is_refused(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        limber_settings.env_int("SOME_NUMBER", 3)


def test_lists_are_split_on_commas(monkeypatch):
    monkeypatch.setenv("SOME_HOSTS", "a.example, b.example,,")
    assert limber_settings.env_list("SOME_HOSTS", []) == ["a.example", "b.example"]


def test_an_smtp_url_becomes_email_settings():
    result = limber_settings.email_settings("smtp://me%40example.com:s3cret@mail.example.com:587?tls=1")
    assert result["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert result["EMAIL_HOST"] == "mail.example.com"
    assert result["EMAIL_PORT"] == 587
    assert result["EMAIL_HOST_USER"] == "me@example.com"
    assert result["EMAIL_HOST_PASSWORD"] == "s3cret"
    assert result["EMAIL_USE_TLS"] is True


def test_an_unknown_email_scheme_is_refused():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        limber_settings.email_settings("carrier-pigeon://loft")


def test_mail_goes_to_the_console_by_default():
    assert limber_settings.email_settings("console://")["EMAIL_BACKEND"].endswith("console.EmailBackend")


def test_check_deploy_is_clean_in_production_mode():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**clean_environ(), **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_sqlite_waits_for_writers_instead_of_failing():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    options = connection.settings_dict["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]
    # Kept between requests: opening a connection and running its PRAGMAs each time
    # cost more than most pages' queries.
    assert connection.settings_dict["CONN_MAX_AGE"] >= 60
