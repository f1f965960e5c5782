import json
import os
import secrets
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.test import override_settings
from wagtail.images.models import Rendition
from wagtail_factories import ImageFactory

from tests.factories import StandardPageFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def purge_recorder():
    """A real HTTP cache endpoint on loopback that records the PURGE requests it receives."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):  # noqa: N802
            received.append(f"http://{self.headers['Host']}{self.path}")
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    backends = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    with override_settings(WAGTAILFRONTENDCACHE=backends):
        yield received
    server.shutdown()
    server.server_close()


def test_publishing_purges_page_ancestors_and_sitemap_from_the_cdn(home, publish, purge_recorder):
    section = StandardPageFactory(parent=home, slug="living-with-cancer")
    page = StandardPageFactory(parent=section, slug="nutrition")
    purge_recorder.clear()
    publish(page)
    assert set(purge_recorder) >= {
        "http://localhost/living-with-cancer/nutrition/",
        "http://localhost/living-with-cancer/",
        "http://localhost/",
        "http://localhost/sitemap.xml",
    }


def test_moving_purges_the_old_url_from_the_cdn(home, purge_recorder, django_capture_on_commit_callbacks):
    section = StandardPageFactory(parent=home, slug="section")
    page = StandardPageFactory(parent=home, slug="moving")
    purge_recorder.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page.move(section, pos="last-child")
    assert {"http://localhost/moving/", "http://localhost/section/moving/"} <= set(purge_recorder)


def test_site_wide_changes_purge_every_live_page_from_the_cdn(
    site, purge_recorder, django_capture_on_commit_callbacks
):
    from pages.models import SiteSettings

    StandardPageFactory(parent=site.root_page, slug="about")
    purge_recorder.clear()
    with django_capture_on_commit_callbacks(execute=True):
        SiteSettings.for_site(site).save()
    assert {"http://localhost/", "http://localhost/about/", "http://localhost/sitemap.xml"} <= set(
        purge_recorder
    )


def test_renditions_are_made_when_an_image_is_saved(home, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory(width=1600, height=900)
    assert Rendition.objects.filter(image=image, filter_spec="format-jpeg|fill-1200x400").exists()


def test_home_page_with_hero_image_makes_no_rendition_on_view(
    client, home, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory(width=1600, height=900)
    home.hero_image = image
    home.hero_image_alt = "Volunteers at a fundraising walk"  # alt text is required (or decorative)
    with django_capture_on_commit_callbacks(execute=True):
        home.save_revision().publish()
    before = Rendition.objects.count()
    response = client.get("/")
    assert response.status_code == 200 and "fill-1200x400" in response.content.decode()
    assert Rendition.objects.count() == before


def test_pregenerate_renditions_command_backfills(home):
    from io import StringIO

    from django.core.management import call_command

    image = ImageFactory(width=1600, height=900)  # no commit hooks run: no renditions yet
    assert not Rendition.objects.filter(image=image).exists()
    out = StringIO()
    call_command("pregenerate_renditions", stdout=out)
    assert Rendition.objects.filter(image=image, filter_spec="format-jpeg|fill-1200x400").exists()
    assert "fill-1200x400" in out.getvalue()


def production_settings(extra_env):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("AWS_", "CLOUD", "REDIS_URL", "RATELIMIT_REDIS_URL"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "komensite.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "www.example.org",
            **extra_env,
        }
    )
    script = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'caches': s.CACHES, 'storage': s.STORAGES['default'], 'cdn': s.WAGTAILFRONTENDCACHE, "
        "'page_cache': s.PAGE_CACHE_ENABLED, 'page_cache_alias': s.PAGE_CACHE_ALIAS}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_wires_redis_cdn_and_object_storage_from_the_environment():
    configured = production_settings(
        {
            "REDIS_URL": "redis://cache.internal:6379/0",
            "CLOUDFLARE_ZONE_ID": "zone123",
            "CLOUDFLARE_API_TOKEN": "token456",
            "CLOUDFRONT_DISTRIBUTION_ID": "E123",
            "AWS_STORAGE_BUCKET_NAME": "komen-media",
            "AWS_S3_ENDPOINT_URL": "https://s3.example.org",
        }
    )
    # Pages in the shared Redis; counters (the default alias allauth reads) fall back to it.
    assert configured["caches"]["pages"]["BACKEND"] == "core.cache.backends.TolerantRedisCache"
    assert configured["caches"]["pages"]["LOCATION"] == "redis://cache.internal:6379/0"
    assert configured["page_cache_alias"] == "pages"
    assert configured["caches"]["default"]["BACKEND"] == "core.cache.backends.FallbackRedisCache"
    assert configured["caches"]["default"]["LOCATION"] == "redis://cache.internal:6379/0"
    assert configured["page_cache"] is True
    assert configured["cdn"]["cloudflare"]["ZONEID"] == "zone123"
    assert configured["cdn"]["cloudfront"]["DISTRIBUTION_ID"] == "E123"
    assert configured["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert configured["storage"]["OPTIONS"]["bucket_name"] == "komen-media"
    assert configured["storage"]["OPTIONS"]["endpoint_url"] == "https://s3.example.org"

    separate = production_settings(
        {
            "REDIS_URL": "redis://cache.internal:6379/0",
            "RATELIMIT_REDIS_URL": "redis://counters.internal:6379/0",
        }
    )
    assert separate["caches"]["default"]["LOCATION"] == "redis://counters.internal:6379/0"
    assert separate["caches"]["pages"]["LOCATION"] == "redis://cache.internal:6379/0"
    assert separate["caches"]["renditions"]["LOCATION"] == "redis://cache.internal:6379/0"

    bare = production_settings({})
    assert bare["caches"]["default"]["BACKEND"].endswith("LocMemCache")
    assert bare["page_cache"] is False and bare["cdn"] == {}
    assert bare["storage"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
