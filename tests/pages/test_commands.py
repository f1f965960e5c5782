import os
import secrets
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Site

from pages.models import HomePage
from resources.models import HelplineSettings

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_demo_content_loads_and_is_idempotent(client):
    call_command("load_demo_content", stdout=StringIO())
    count = Page.objects.count()
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert not Page.objects.filter(title="Welcome to your new Wagtail site!").exists()
    call_command("load_demo_content", stdout=StringIO())
    assert Page.objects.count() == count
    assert HelplineSettings.for_site(site).hours.count() == 5
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_demo_content_keeps_editors_changes():
    call_command("load_demo_content", stdout=StringIO())
    home = HomePage.objects.get(locale__language_code="en")
    home.hero_heading = "Edited by an editor"
    home.save_revision().publish()
    call_command("load_demo_content", stdout=StringIO())
    assert HomePage.objects.get(locale__language_code="en").hero_heading == "Edited by an editor"


@pytest.mark.django_db
def test_ensure_editor_prints_credentials_once(monkeypatch):
    monkeypatch.delenv("EDITOR_PASSWORD", raising=False)
    out = StringIO()
    call_command("ensure_editor", stdout=out)
    user = get_user_model().objects.get(username="editor")
    password = out.getvalue().split("password: ")[1].splitlines()[0].strip()
    assert user.check_password(password) and not user.is_superuser
    again = StringIO()
    call_command("ensure_editor", stdout=again)
    assert "exists" in again.getvalue() and password not in again.getvalue()


def _manage(args, env):
    full_env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = _manage(
        ["check", "--deploy", "--fail-level", "WARNING"],
        {
            "DJANGO_SETTINGS_MODULE": "komensite.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "www.example.org",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_settings_refuse_to_start_without_secrets(missing):
    env = {
        "DJANGO_SETTINGS_MODULE": "komensite.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "www.example.org",
    }
    env.pop(missing)
    result = _manage(["check"], env)
    assert result.returncode != 0
    assert missing in result.stderr
