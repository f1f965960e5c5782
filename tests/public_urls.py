"""Every public URL of the site, found from the page tree and the URL configuration.

The accessibility sweep (tests/browser/test_accessibility.py) and the hostile-input sweep
(tests/quality/test_hostile_inputs.py) both start here, so a new page type or a new URL
pattern is covered as soon as it exists: nothing lists URLs by hand.

- `page_type_urls()`: one live, public page of every concrete page type (from the demo
  content, which every app extends through its `demo.load`).
- `route_samples(values)`: a concrete path for every non-admin URL pattern, with each path
  converter filled from `values` (so hostile strings reach `<str:…>` / `<slug:…>` arguments).
  Regex patterns with groups cannot be filled generically: give them a sample in
  `REGEX_SAMPLES` (the test fails and names the pattern when one is missing).
"""

import re
from urllib.parse import quote

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from wagtail.models import Page, get_page_models

# Logged-in areas with their own tests; everything else is public.
PRIVATE_PREFIXES = ("admin/", "django-admin/")

# URL names whose paths are not made from the pattern itself.
#  - wagtail_serve: every page; covered by page_type_urls().
#  - None for media/: only exists with DEBUG.
COVERED_ELSEWHERE = {"wagtail_serve"}

# Regex patterns with groups: sample paths to try, per URL name. `{value}` is replaced by the
# value under test (quoted), `{int}` by a number that does not exist.
REGEX_SAMPLES = {
    "wagtaildocs_serve": ["documents/{int}/{value}.pdf"],
    "account_confirm_email": ["accounts/confirm-email/{value}/"],
    "account_reset_password_from_key": ["accounts/password/reset/key/{value}-{value}/"],
}

INT_SAMPLES = ["0", "2147483648", "99999999999999999999"]


def iter_patterns(patterns=None, prefix=()):
    """Yield (chain of patterns, URLPattern) for every leaf of the URL configuration."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            # i18n_patterns: English URLs have no language prefix (issue 20), so the sweeps
            # reach the same paths as before; the language prefix is not part of the route.
            pattern = () if isinstance(entry.pattern, LocalePrefixPattern) else (entry.pattern,)
            yield from iter_patterns(entry.url_patterns, (*prefix, *pattern))
        elif isinstance(entry, URLPattern):
            yield (*prefix, entry.pattern), entry


def _route_to_paths(route, values):
    """Fill each `<conv:name>` in a route with converter-appropriate samples."""
    parts = re.split(r"(<(?:\w+:)?\w+>)", route)
    paths = [""]
    for part in parts:
        match = re.fullmatch(r"<(?:(\w+):)?\w+>", part)
        if not match:
            paths = [p + part for p in paths]
            continue
        converter = match.group(1) or "str"
        if converter == "int":
            options = INT_SAMPLES
        elif converter == "uuid":
            options = ["00000000-0000-0000-0000-000000000000"]
        elif converter == "slug":
            options = ["a" * 300, "no-such-thing"]
        else:  # str, path and custom converters take any text
            options = [quote(v, safe="") for v in values]
        paths = [p + option for p in paths for option in options]
    return paths


def route_samples(values):
    """Return ({url name or path: [paths]}, [unsampled pattern descriptions])."""
    samples, missing = {}, []
    for chain, leaf in iter_patterns():
        text = "".join(str(p) for p in chain)
        if text.startswith(PRIVATE_PREFIXES) or leaf.name in COVERED_ELSEWHERE:
            continue
        if text.startswith("^media/") and leaf.name is None:
            continue
        key = leaf.name or text
        if all(isinstance(p, RoutePattern) for p in chain):
            samples[key] = ["/" + path for path in _route_to_paths(text, values)]
        elif any(isinstance(p, RegexPattern) and p.regex.groups for p in chain):
            templates = REGEX_SAMPLES.get(leaf.name)
            if not templates:
                missing.append(f"{leaf.name}: {text}")
                continue
            samples[key] = [
                "/" + t.format(value=quote(v, safe=""), int=INT_SAMPLES[-1])
                for t in templates
                for v in values
            ]
        else:  # regex without groups: the regex is the path
            literal = "".join(
                str(p) if isinstance(p, RoutePattern) else str(p).lstrip("^").rstrip("$").replace("\\", "")
                for p in chain
            )
            samples[key] = ["/" + literal]
    return samples, missing


def concrete_page_types():
    return [model for model in get_page_models() if model is not Page and not model._meta.abstract]


def page_type_urls():
    """{page model: URL of one live, public page of that type}; types with no such page are
    left out (the tests that need every type check for them)."""
    urls = {}
    for model in concrete_page_types():
        page = model.objects.live().public().order_by("path").first()
        if page is not None and page.url:
            urls[model] = page.url
    return urls
