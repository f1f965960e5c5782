"""The URLs `make lighthouse` measures: one per public page type of the demo site, plus the
views that page types serve on sub-URLs (a topic, the locator with results, a board's topic)
and search results.

    python3 scripts/lighthouse_pages.py http://127.0.0.1:8000   # checks, then prints the paths

Before printing, it checks the running site: every path answers 200 with the page type it
claims (the `data-page-type` on <body>), and every page type of a page in the sitemap has a
path here. It exits non-zero otherwise, so a new page type cannot go unmeasured
(tests/design/test_lighthouse_pages.py also checks every page model is listed).
Standard library only: it runs outside the virtualenv.
"""

import re
import sys
import urllib.request
from html.parser import HTMLParser

# (page type as app_label.modelname, or None for a view that is not a page; path)
PAGES = [
    ("pages.homepage", "/"),
    ("pages.standardpage", "/about-us/"),
    ("pages.conditionindexpage", "/metastatic-breast-cancer/"),
    ("pages.conditionarticlepage", "/metastatic-breast-cancer/breast-cancer-recurrence/"),
    ("pages.perspectiveindexpage", "/komen-perspectives/"),
    ("pages.perspectivepage", "/komen-perspectives/living-with-metastatic-breast-cancer/"),
    ("pages.topicindexpage", "/topics/"),
    ("pages.topicindexpage", "/topics/treatment/"),  # a topic page (sub-URL)
    ("pages.glossarypage", "/glossary/"),
    ("pages.medicalreviewerspage", "/medical-reviewers/"),
    ("resources.resourceindexpage", "/fact-sheets-and-booklets/"),
    ("resources.audiencelandingpage", "/family-and-friends/"),
    ("affiliates.affiliatelocatorpage", "/find-your-local-affiliate/"),
    ("affiliates.affiliatelocatorpage", "/find-your-local-affiliate/?q=52801"),  # results and map
    ("affiliates.affiliatepage", "/find-your-local-affiliate/komen-iowa/"),
    ("forums.forumindexpage", "/message-boards/"),
    ("forums.boardpage", "/message-boards/newly-diagnosed/"),
    ("forums.boardpage", "/message-boards/newly-diagnosed/topics/1/"),  # a topic and its posts
    (None, "/search/?q=cancer"),  # robots-excluded on purpose (see README)
]

LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>")


class BodyPageType(HTMLParser):
    page_type = None

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.page_type = dict(attrs).get("data-page-type")


def fetch(url):
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (our own server)
        return response.status, response.read().decode("utf-8", "replace")


def page_type(html):
    parser = BodyPageType()
    parser.feed(html)
    return parser.page_type


def problems(base):
    """What is wrong with PAGES for the site at `base`: a list of sentences, empty if nothing."""
    found = []
    for expected, path in PAGES:
        try:
            status, html = fetch(base + path)
        except OSError as error:
            found.append(f"{path}: {error}")
            continue
        served = page_type(html)
        if status != 200 or served != expected:
            found.append(f"{path}: answered {status} with page type {served}, expected {expected}")
    listed = {expected for expected, _ in PAGES}
    _, sitemap = fetch(base + "/sitemap.xml")
    unmeasured = {}
    for url in LOC.findall(sitemap):
        _, html = fetch(url)
        served = page_type(html)
        if served and served not in listed:
            unmeasured.setdefault(served, url)
    for served, url in sorted(unmeasured.items()):
        found.append(f"page type {served} (e.g. {url}) has no URL in scripts/lighthouse_pages.py")
    return found


def main(base):
    found = problems(base)
    if found:
        print("lighthouse: the page list does not match the site:", *found, sep="\n  ", file=sys.stderr)
        return 1
    print("\n".join(path for _, path in PAGES))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000"))
