import sys
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page

from core.pagination import paginate
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
    if query:
        # Boards the user may not read (members-only, view-restricted) stay out (forums.policy).
        hidden_boards = unreadable_board_paths(request.user)
        results = Page.objects.live().public().exclude(path__in=hidden_boards).search(query)
        page_obj, elided_range = paginate(request, results, settings.SEARCH_RESULTS_PER_PAGE)
        # One query per page type for this page of results, not one per result.
        ids = [page.pk for page in page_obj.object_list]
        specific = Page.objects.filter(pk__in=ids).specific().in_bulk()
        page_obj.object_list = [specific[pk] for pk in ids if pk in specific]
        search_query = Query.get(query)
        search_query.add_hit()
        promotions = list(search_query.editors_picks.filter(page__live=True).select_related("page"))
        # Resources are snippets, not pages: list the best few under their own heading on the
        # first page of results, with a link to all of them in the library.
        if page_obj.number == 1:
            resource_results, resource_total = resource_library.site_search(query)
            if resource_total:
                resource_index = ResourceIndexPage.objects.live().first()
        forum_posts = search_forum_posts(request.user, query)
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
        },
    )


def search_forum_posts(user, query, limit=5):
    """The best-matching visible message-board posts this user may read."""
    return list(search_posts(user, query)[:limit])


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
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
