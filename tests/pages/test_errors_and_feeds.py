import defusedxml.ElementTree as ET
import pytest
from django.test import Client
from wagtail.models import Site

from pages.models import HomePage
from tests.factories import StandardPageFactory


def test_unknown_url_gives_friendly_404(client, home):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body
    assert 'href="#main"' in body  # full site chrome


def test_unexpected_error_gives_friendly_500(home, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(HomePage, "serve", broken)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong" in body
    assert "tel:+18774656636" in body
    assert "boom" not in body


def test_sitemap_lists_live_pages(client, home):
    about = StandardPageFactory(parent=home, title="About")
    draft = StandardPageFactory(parent=home, title="Draft")
    draft.unpublish()
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = ET.fromstring(response.content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text for loc in tree.findall("s:url/s:loc", ns)]
    assert any(loc.endswith(about.url) for loc in locs)
    assert not any(loc.endswith(draft.url_path.replace("/komen", "")) for loc in locs)


def test_robots_txt_points_to_sitemap(client, home):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    # The Wagtail Site's address (SITE_URL / sync_site), not the request's Host header.
    site = Site.objects.get(is_default_site=True)
    assert f"Sitemap: {site.root_url}/sitemap.xml" in body


@pytest.mark.parametrize("path", ["/", "/search/?q=x", "/no-such-page/"])
def test_security_headers_on_public_pages(client, home, path):
    response = client.get(path)
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp and "base-uri 'self'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
