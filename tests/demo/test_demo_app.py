"""The demo app (sample content, the editor account) exists in development and tests only."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def run_manage(settings_module, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.update(DJANGO_SETTINGS_MODULE=settings_module, SECRET_KEY="x" * 50, ALLOWED_HOSTS="localhost")
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_demo_app_is_installed_in_tests():
    assert "demo" in settings.INSTALLED_APPS


def test_production_settings_have_no_demo_commands():
    result = run_manage("komensite.settings.production", "help", "--commands")
    assert result.returncode == 0, result.stderr
    commands = result.stdout.split()
    assert "migrate" in commands
    assert "load_demo_content" not in commands
    assert "ensure_editor" not in commands


def test_production_settings_refuse_the_demo_app():
    result = run_manage("tests.demo.production_with_demo", "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "development and tests only" in result.stderr


def test_prepare_production_loads_no_demo_and_creates_no_account():
    script = (ROOT / "scripts" / "prepare-production").read_text()
    commands = [line for line in script.splitlines() if line.startswith("python ")]
    assert commands, script
    assert not [line for line in commands if "load_demo_content" in line or "ensure_editor" in line]
    assert "createsuperuser" not in " ".join(commands)
