"""Anonymous board and topic pages served whole from the shared cache, keyed by the board's
generation, which PostgreSQL replaces on every change such a page shows.

Why this is never stale: the key holds the board's number and the every-board number
(forums.models.board_generation), which database triggers replace in the same transaction as
any write to topics, posts, reaction counts, members' names, signatures, the forum settings,
slow mode or timed close, whatever wrote it (a view, the admin, a command, `update()`,
`bulk_create`, SQL); Wagtail content and site settings are covered by the page cache's
site-wide generation, which every entry carries (`pagecache.Entry`) and which publishing or a
setting's save replaces. The numbers are read *before* anything the page shows: a render can
only be newer than the numbers in its key, never older, so a reader who finds an entry under
the current numbers sees everything committed when those numbers were current. Two things a
render reads were loaded before the numbers or come from a cache of their own, so a miss
checks them against the database before storing: the board page (loaded by Wagtail's routing;
a publish may have committed in between) and the forum settings (their own cache key,
deleted after commit). Time-dependent content (slow mode ending, a timed close, anything that
called `pagecache.limit_lifetime`) bounds the entry's lifetime.

Who gets it: the page cache's own rules (`pagecache.request_is_eligible`: GET or HEAD, no
session or messages cookie, no Authorization header), never a signed-in user, never a
preview, and only URLs with no query string but `?page=N` (the pagination links copy every
parameter, so another one would be shared with every reader). What is stored: a 200 that
sets no cookie, needs no CSRF token, changed no session and passes the page cache's refusal
rules (`pagecache.response_is_cacheable`); the response is stored as the view returns it, so
the middleware adds the per-request headers (CSP, `Cache-Control: private`) to hits as to
misses. Off on databases other than PostgreSQL (no triggers) and when whole pages are off.
"""

import re
from functools import wraps

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from core.cache import pagecache
from core.compiled_queries import CompiledQuery
from forums.models import ALL_BOARDS, BoardGeneration, BoardPage, ForumSettings, SlowMode, TopicSchedule

KEY_PREFIX = "pagecache:forum-page:"
# The one query parameter these pages read; a page number longer than this is not stored.
PAGE_PARAM = "page"
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")


def enabled():
    return pagecache.whole_pages_enabled() and connection.vendor == "postgresql"


def query_is_shareable(request):
    if not request.GET:
        return True
    if list(request.GET) != [PAGE_PARAM]:
        return False
    values = request.GET.getlist(PAGE_PARAM)
    return len(values) == 1 and PAGE_NUMBER.fullmatch(values[0]) is not None


def eligible(request):
    """May this request be answered from, or stored in, the anonymous copies?"""
    return (
        enabled()
        and pagecache.request_is_eligible(request)
        and not getattr(request, "is_preview", False)
        and not request.user.is_authenticated
        and query_is_shareable(request)
    )


# Compiled once (core.compiled_queries): every board page read by a member or a visitor runs it.
GENERATIONS_QUERY = CompiledQuery(
    lambda shape, *, board: BoardGeneration.objects.filter(Q(board_id=ALL_BOARDS) | Q(board_id=board))
)


def generations(board):
    """(every-board number, this board's number), 0 for one never replaced: read with the board's
    row when a recorded route loaded it (`BoardPage.routed_queryset`), else one query."""
    if hasattr(board, "every_board_generation"):
        return board.every_board_generation or 0, board.this_board_generation or 0
    found = {row.board_id: row.generation for row in GENERATIONS_QUERY(None, board=board.pk)}
    return found.get(ALL_BOARDS, 0), found.get(board.pk, 0)


def cache_key(request, board, variant=""):
    """The key of `board`'s page for this request: `variant` names another kind of entry for the
    same page (forums.member_pages' shells)."""
    every_board, this_board = generations(board)
    parts = (board.pk, this_board, every_board, request.GET.get(PAGE_PARAM, ""))
    return pagecache.page_key(KEY_PREFIX, request, variant, parts)


def rendered_nothing_personal(request):
    """No per-request value the response does not show as a cookie: a session or messages write
    (their cookies come from middleware after the view) or a CSP nonce (django-csp adds the
    header after the view, and a nonce served to everyone would defeat it)."""
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    storage = getattr(request, "_messages", None)
    if storage is not None and getattr(storage, "added_new", False):
        return False
    return not isinstance(getattr(request, "_csp_nonce", None), str)


def rendered_from_current_rows(request, board):
    """Were the board page and the forum settings this render used still the database's rows
    after the generations were read? (Both were read before them or from a cache of their own.)"""
    if not BoardPage.objects.filter(pk=board.pk, live=True, live_revision_id=board.live_revision_id).exists():
        return False
    used = ForumSettings.for_request(request)
    fields = [field.attname for field in ForumSettings._meta.concrete_fields]
    row = ForumSettings.objects.filter(pk=used.pk).values(*fields).first()
    return row is not None and all(row[name] == getattr(used, name) for name in fields)


def time_limit(request, board, topic_id, now):
    """Bound the entry's lifetime by the next slow mode end or timed close on this page after
    `now`: the time the render began (a slow mode ending during the render still bounds it)."""
    where = Q(board_id=board.pk)
    if topic_id is not None:
        where |= Q(topic_id=topic_id)
    ends = SlowMode.objects.filter(where, ends_at__gt=now).values_list("ends_at")
    if topic_id is not None:
        ends = ends.union(
            TopicSchedule.objects.filter(topic_id=topic_id, close_at__gt=now).values_list("close_at")
        )
    soonest = min((row[0] for row in ends), default=None)
    pagecache.limit_lifetime(request, soonest, now=now)


def render_and_keep(request, board, args, key, generation, *, render, keep, store):
    """On a miss: render the board page (`render()`) and keep what `keep(response)` gives (None:
    nothing) with `store(key, generation, value, seconds)`, the sequence both kinds of entry follow
    (this module's pages, forums.member_pages' shells). The generation is claimed before the
    render (after a Redis restart there is none yet): a change during the render replaces it, and
    the entry is never read. The entry is kept only if the rows the render used were still the
    database's, for no longer than the page's next timed event after the render began.
    Returns (response, whether it was stored)."""
    generation, started = pagecache.claim_generation(generation), timezone.now()
    response = render()
    value = keep(response)
    if value is None or not rendered_from_current_rows(request, board):
        return response, False
    time_limit(request, board, args[0] if args else None, started)
    return response, store(key, generation, value, pagecache.lifetime(request))


def shared_for_anonymous(view):
    """Wrap a board sub-page view (after `board_route`'s guard) so that anonymous readers get the
    page from the shared cache while nothing it shows has changed."""

    @wraps(view)
    def wrapped(request, board, *args):
        if not eligible(request):
            return view(request, board, *args)
        key = cache_key(request, board)  # the generations, read before anything the page shows
        entry, generation = pagecache.lookup(key)
        if entry is not None:
            return entry.to_response()

        def keep(response):
            cacheable = pagecache.response_is_cacheable(request, response)
            return response if cacheable and rendered_nothing_personal(request) else None

        response, stored = render_and_keep(
            request,
            board,
            args,
            key,
            generation,
            render=lambda: view(request, board, *args),
            keep=keep,
            store=pagecache.store,
        )
        if stored:
            response["X-Cache"] = "MISS"
        return response

    return wrapped
