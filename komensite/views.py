import sys
import uuid

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe
from django.views.static import serve as static_serve
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Locale, Page, Site

from core.pagination import paginate
from core.search_backend import backend_for_language
from core.text import clean_query
from forums.search import search_posts, unreadable_board_paths
from komensite.middleware import database_unavailable_response, is_database_down
from resources import library as resource_library
from resources.models import ResourceIndexPage
from worker.runner import queue_state, uses_database_queue


@require_GET
def search(request):
    query, truncated = clean_query(request.GET.get("q", ""))
    promotions = []
    page_obj, elided_range = None, []
    resource_results, resource_total, resource_index = [], 0, None
    forum_posts = []
    language = translation.get_language()
    if query:
        # Results in the visitor's language only, the query parsed with its stemming; the
        # locale as a subquery so the search costs no extra query.
        locale = Locale.objects.filter(language_code=language).values("pk")
        # Boards the user may not read (members-only, view-restricted) stay out (forums.policy).
        hidden_boards = unreadable_board_paths(request.user)
        results = (
            Page.objects.live()
            .public()
            .filter(locale__in=locale)
            .exclude(path__in=hidden_boards)
            .search(query, backend=backend_for_language(language))
        )
        page_obj, elided_range = paginate(request, results, settings.SEARCH_RESULTS_PER_PAGE)
        # One query per page type for this page of results, not one per result.
        ids = [page.pk for page in page_obj.object_list]
        specific = Page.objects.filter(pk__in=ids).specific().in_bulk()
        page_obj.object_list = [specific[pk] for pk in ids if pk in specific]
        search_query = Query.get(query)
        search_query.add_hit()
        promotions = list(
            search_query.editors_picks.filter(
                page__live=True, page__locale__language_code=language
            ).select_related("page")
        )
        # Resources are snippets, not pages: list the best few under their own heading on the
        # first page of results, with a link to all of them in the library.
        if page_obj.number == 1:
            resource_results, resource_total = resource_library.site_search(query, language=language)
            if resource_total:
                resource_index = (
                    ResourceIndexPage.objects.live().filter(locale__language_code=language).first()
                )
        forum_posts = search_forum_posts(request.user, query, locale)
    return render(
        request,
        "search/search.html",
        {
            "search_query": query,
            "truncated": truncated,
            "max_length": settings.SEARCH_QUERY_MAX_LENGTH,
            "page_obj": page_obj,
            "promotions": promotions,
            "resource_results": resource_results,
            "resource_total": resource_total,
            "resource_index": resource_index,
            "forum_posts": forum_posts,
            "elided_range": elided_range,
            "other_language": other_language(language),
            "language": language,
        },
    )


def search_forum_posts(user, query, locale=None, limit=5):
    """The best-matching visible message-board posts this user may read (on boards in `locale`)."""
    return list(search_posts(user, query, locale=locale)[:limit])


# Written in the language they lead to, like the language switcher: a reader of the other
# language recognises them.
SEARCH_IN_LANGUAGE = {"en": "Search in English", "es": "Buscar en español"}


def other_language(language):
    """The other language's search page, for the "Search in English" / "Buscar en español" link."""
    code = next((code for code, _ in settings.LANGUAGES if code != language), None)
    if code is None:
        return None
    with translation.override(code):
        return {"code": code, "url": reverse("search"), "label": SEARCH_IN_LANGUAGE[code]}


@require_safe
def local_media(request, path):
    """Media files for `make serve` (SERVE_MEDIA). Image renditions and uploads never change
    under the same name, so browsers may keep them."""
    response = static_serve(request, path, document_root=settings.MEDIA_ROOT)
    patch_cache_control(response, public=True, max_age=365 * 24 * 3600, immutable=True)
    return response


@require_GET
def site_menu(request):
    """The whole main menu as a page: where the "Menu" link leads on small screens without
    JavaScript. Two levels: the sections in the menu and their pages in the menu."""
    site = Site.find_for_request(request)
    sections = []
    if site:
        fields = ("id", "title", "url_path", "path", "depth")
        sections = list(site.root_page.get_children().live().public().in_menu().only(*fields))
        children = Page.objects.live().public().in_menu().filter(depth=site.root_page.depth + 2).only(*fields)
        by_parent = {}
        for child in children:
            by_parent.setdefault(child.path[: -Page.steplen], []).append(child)
        for section in sections:
            section.menu_children = by_parent.get(section.path, [])
    return render(request, "site_menu.html", {"sections": sections})


@require_GET
def pattern_library(request):
    """Every component of the design system in its states; development only."""
    if not settings.PATTERN_LIBRARY_ENABLED:
        raise Http404
    form = PatternForm({"email": "not-an-address", "topic": ""})
    form.is_valid()
    paginator = Paginator(range(200), 10)
    page_obj = paginator.get_page(4)
    return render(
        request,
        "pattern_library.html",
        {
            "form": form,
            "page_obj": page_obj,
            "elided_range": paginator.get_elided_page_range(page_obj.number),
            "swatches": PATTERN_SWATCHES,
        },
    )


PATTERN_SWATCHES = [
    ("--pink", "#b5005b"),
    ("--pink-dark", "#8a0045"),
    ("--ink", "#1f1f1f"),
    ("--muted", "#4a4a4a"),
    ("--tint", "#fbeef4"),
    ("--sand", "#f7f4f1"),
    ("--focus", "#1a4fd6"),
    ("--success", "#0b6b3a"),
    ("--warning", "#7a5b00"),
    ("--danger", "#b00020"),
]


class PatternForm(forms.Form):
    email = forms.EmailField(label="Email address", help_text="We never share it.")
    topic = forms.ChoiceField(label="Topic", choices=[("", "Choose a topic"), ("care", "Care")])


def site_root_url(request):
    """The Wagtail Site's root URL (hostname and port from SITE_URL, see `sync_site`)."""
    site = Site.find_for_request(request)
    return site.root_url if site else request.build_absolute_uri("/").rstrip("/")


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /search/",
        f"Sitemap: {site_root_url(request)}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors or database: whatever broke must not break this page too.
    # A database outage raised outside a view (sessions, auth, redirects middleware) lands
    # here too; it gets the "back soon" page with a 503 rather than "something went wrong".
    if is_database_down(sys.exc_info()[1]):
        return database_unavailable_response(request)
    return HttpResponseServerError(loader.get_template("500.html").render())


def _database_state():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "unavailable"
    return "ok"


def _cache_state():
    """Write, read and delete a unique key. Any failure of the backend (Redis stopped,
    refused, timing out) means the cache is unavailable; the site works without it."""
    key = f"health:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=settings.HEALTH_CHECK_CACHE_TIMEOUT)
        value = cache.get(key)
        cache.delete(key)
    except Exception:  # noqa: BLE001 - every backend raises its own exception types
        return "unavailable"
    # A backend that falls back to per-process memory (the counters' FallbackRedisCache)
    # answers the probe while Redis is down: ask it too.
    if not getattr(cache, "is_available", lambda: True)():
        return "unavailable"
    return "ok" if value == "ok" else "unavailable"


def _tasks_state(database):
    """The task queue and its worker, when tasks go through the database queue."""
    if not uses_database_queue():
        return {}  # tasks run at once (development, tests): there is no worker to report on
    if database != "ok":
        return {"worker": "unknown"}
    try:
        return queue_state()
    except DatabaseError:
        return {"worker": "unknown"}


@never_cache
@require_GET
def health(request):
    """For load balancers and monitors: 200 while the database answers (the cache is optional)
    and, with the database task queue, a worker has beaten recently; else 503."""
    database = _database_state()
    cache_state = _cache_state()
    tasks = _tasks_state(database)
    worker_silent = tasks.get("worker") == "silent"
    if database != "ok":
        status = "unavailable"
    elif cache_state != "ok" or worker_silent:
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse(
        {"status": status, "database": database, "cache": cache_state, **tasks},
        status=200 if database == "ok" and not worker_silent else 503,
    )
