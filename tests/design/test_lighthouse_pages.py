"""`make lighthouse` measures every public page type (issue 19): scripts/lighthouse_pages.py
lists a URL per page model and refuses to run when the site serves a page type it lacks."""

import importlib.util

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from wagtail.models import get_page_models

from demo.factories import StandardPageFactory

SCRIPT = settings.BASE_DIR / "scripts" / "lighthouse_pages.py"


def load_script():
    spec = importlib.util.spec_from_file_location("lighthouse_pages", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_page_model_has_a_url_to_measure():
    listed = {page_type for page_type, _ in load_script().PAGES}
    models = {
        model._meta.label_lower for model in get_page_models() if model._meta.app_label != "wagtailcore"
    }
    assert models - listed == set()
    assert listed - {None} <= models  # no stale entries either


@pytest.mark.django_db
def test_pages_name_their_type_on_the_body(client, home):
    body = BeautifulSoup(client.get("/").content, "html.parser").body
    assert body["data-page-type"] == "pages.homepage"
    search = BeautifulSoup(client.get("/search/?q=x").content, "html.parser").body
    assert not search.has_attr("data-page-type")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_check_fails_on_an_unlisted_page_type_and_a_wrong_path(live_server, home, monkeypatch):
    StandardPageFactory(parent=home, slug="about-us")
    script = load_script()
    monkeypatch.setattr(script, "PAGES", [("pages.homepage", "/"), ("pages.glossarypage", "/about-us/")])
    site = home.get_site()
    host, port = live_server.url.removeprefix("http://").split(":")
    site.hostname, site.port = host, int(port)
    site.save()
    found = script.problems(live_server.url)
    assert any("/about-us/: answered 200 with page type pages.standardpage" in line for line in found)
    assert any(line.startswith("page type pages.standardpage") for line in found)
    assert not any(line.startswith("page type pages.homepage") for line in found)

    monkeypatch.setattr(script, "PAGES", [("pages.homepage", "/"), ("pages.standardpage", "/about-us/")])
    assert script.problems(live_server.url) == []
