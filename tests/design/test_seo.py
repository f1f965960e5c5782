"""Meta descriptions, titles, favicons, the web manifest and social images."""

import json
from io import StringIO

from django.contrib.staticfiles import finders
from django.core.management import call_command
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from demo.factories import StandardPageFactory
from pages.models import SiteSettings
from tests.public_urls import page_type_urls
from tests.utils import soup


def meta(html, **attrs):
    tag = html.find("meta", attrs=attrs)
    return tag["content"] if tag else None


def test_home_title_is_the_organisation_and_its_tagline(client, site):
    settings = SiteSettings.for_site(site)
    settings.organization_name = "Susan G. Komen"
    settings.tagline = "Breast cancer support, research and advocacy"
    settings.save()
    html = soup(client.get("/"))
    assert html.title.text == "Susan G. Komen – Breast cancer support, research and advocacy"
    # Other pages keep "Page | Organisation".
    about = StandardPageFactory(parent=site.root_page, title="About us")
    assert soup(client.get(about.url)).title.text == "About us | Susan G. Komen"


def test_meta_description_falls_back_from_search_description_to_summary_to_site_default(client, site):
    page = StandardPageFactory(
        parent=site.root_page, title="About", intro="<b>We</b> help   people.", listing_summary=""
    )
    assert meta(soup(client.get(page.url)), name="description") == "We help people."
    page.listing_summary = "Listing summary."
    page.save_revision().publish()
    assert meta(soup(client.get(page.url)), name="description") == "Listing summary."
    page.search_description = "Search description."
    page.save_revision().publish()
    html = soup(client.get(page.url))
    assert meta(html, name="description") == "Search description."
    assert meta(html, property="og:description") == "Search description."

    settings = SiteSettings.for_site(site)
    settings.default_description = "Default for pages without their own."
    settings.save()
    bare = StandardPageFactory(parent=site.root_page, title="Bare", intro="", listing_summary="")
    assert meta(soup(client.get(bare.url)), name="description") == "Default for pages without their own."
    # Views that are not pages get it too.
    assert meta(soup(client.get("/search/")), name="description") == "Default for pages without their own."


def test_long_fallback_descriptions_are_cut_at_160_characters(site):
    page = StandardPageFactory(parent=site.root_page, title="Long", intro="word " * 100, listing_summary="")
    assert len(page.get_meta_description()) <= 160
    assert page.get_meta_description().endswith("…")


def test_favicon_and_manifest(client, site):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # ICO header
    html = soup(client.get("/"))
    assert html.find("link", rel="apple-touch-icon")
    manifest_href = html.find("link", rel="manifest")["href"]
    assert manifest_href.startswith("/static/")
    manifest = json.loads(open(finders.find("site.webmanifest")).read())  # noqa: SIM115
    assert manifest["name"] and manifest["start_url"] == "/"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert finders.find(icon["src"]), icon["src"]


def test_social_image_is_the_pages_own_else_the_site_default(client, site):
    default = Image.objects.create(title="Default share", file=get_test_image_file(size=(1400, 800)))
    own = Image.objects.create(title="Own", file=get_test_image_file(size=(1400, 800)))
    settings = SiteSettings.for_site(site)
    settings.default_social_image = default
    settings.save()
    page = StandardPageFactory(parent=site.root_page, title="Shared")
    html = soup(client.get(page.url))
    og_image = meta(html, property="og:image")
    assert og_image.startswith(site.root_url + "/") and "fill-1200x630" in og_image
    assert og_image == site.root_url + default.get_rendition("fill-1200x630|format-jpeg").url
    assert meta(html, property="og:image:width") == "1200"
    assert meta(html, name="twitter:image") == og_image
    assert meta(html, name="twitter:card") == "summary_large_image"
    page.social_image = own
    page.save_revision().publish()
    own_url = site.root_url + own.get_rendition("fill-1200x630|format-jpeg").url
    assert meta(soup(client.get(page.url)), property="og:image") == own_url


def test_without_any_image_the_twitter_card_is_the_small_one(client, site):
    html = soup(client.get("/"))
    assert meta(html, property="og:image") is None
    assert meta(html, name="twitter:card") == "summary"


def test_every_demo_page_type_has_a_meta_description_and_one_title(client, db):
    call_command("load_demo_content", stdout=StringIO())
    urls = page_type_urls()
    assert urls
    for model, url in urls.items():
        html = soup(client.get(url))
        assert meta(html, name="description"), f"{model.__name__} at {url} has no meta description"
        assert html.title.text.strip(), url
