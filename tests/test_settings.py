import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "convene.settings.production",
    "SECRET_KEY": "k8#2vQ!x7Lr$9pWm4Zt@1Yh6Nc&3Bf0Jd5Gs*8Ke2Ua7Vo-Qi4Xn9Rl1Ty6Ep3Wz",
    "ALLOWED_HOSTS": "events.example.org",
    "SITE_URL": "https://events.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://events.example.org",
}


def _manage(args, env):
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "DATABASE_URL", "REDIS_URL")}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env}, capture_output=True, text=True
    )


def test_deploy_check_is_clean_with_production_settings():
    result = _manage(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = _manage(["check"], env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = {k: v for k, v in PRODUCTION.items() if k != "ALLOWED_HOSTS"}
    result = _manage(["check"], env)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr
