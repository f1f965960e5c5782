from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

DEFAULT_PORTS = {"http": 80, "https": 443}


def parse_site_url(url):
    """'https://www.komen.org' -> ('www.komen.org', 443); 'http://127.0.0.1:8000' -> (…, 8000).

    Wagtail builds a Site's root URL from hostname and port alone (80 → http, 443 → https,
    anything else → http with the port), so only those combinations are accepted."""
    parts = urlsplit(url.strip())
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise CommandError(f"Not an http(s) URL with a host name: {url!r}")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise CommandError(f"The site URL is scheme, host and port only, without a path: {url!r}")
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
    except ValueError as error:
        raise CommandError(f"Bad port in {url!r}") from error
    if parts.scheme == "https" and port != 443:
        raise CommandError("Wagtail serves https only on port 443; use http:// for another port.")
    return parts.hostname, port


class Command(BaseCommand):
    help = (
        "Point the default Wagtail Site at the address visitors use (SITE_URL, or --url): "
        "canonical links, og:url, the sitemap, feeds and email links are built from it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", help="e.g. http://127.0.0.1:8000 (default: the SITE_URL setting)")

    def handle(self, *args, url=None, **options):
        url = url or settings.SITE_URL
        if not url:
            self.stdout.write("SITE_URL is not set: the default site is left as it is.")
            return
        hostname, port = parse_site_url(url)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            self.stdout.write("No default site yet: nothing to update.")
            return
        if (site.hostname, site.port) != (hostname, port):
            site.hostname, site.port = hostname, port
            site.save(update_fields=["hostname", "port"])
            Site.clear_site_root_paths_cache()
        self.stdout.write(f"Default site: {site.root_url}")
