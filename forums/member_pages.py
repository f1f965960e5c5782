"""Signed-in board and topic pages rendered from a shell shared by every member (core.cache.shells).

A member's board or topic page differs from another member's only in its personal parts, each
named in the template with `{% personal %}`: the flash messages, the member bar, the watch form
and its CSRF token, the board's rows (the reader's unread markers), and on a topic page
everything from the moderator's tools to the reply form (the reader's own held posts, edit and
report links, reactions, what they may reply). Everything else — the site's head, header, menu,
breadcrumbs and footer, the page's title and description, the board's counts and pagination,
the support box — is the anonymous page's, and is kept here under the anonymous page's key
(forums.anon_pages: the board's and every board's generations, which database triggers replace
with any change such a page shows, and the site-wide generation of Wagtail content and
settings), with a variant of its own. Time-dependent content bounds its lifetime as it bounds
the anonymous page's (a slow mode ending, a timed close).

The view runs in full for every request (its queries and policy checks are the reader's); only
rendering what every reader shares is skipped.
"""

from functools import wraps

from core.cache import pagecache, shells
from forums import anon_pages

VARIANT = "member-shell"


def eligible(request):
    return (
        anon_pages.enabled()
        and request.method in pagecache.SAFE_METHODS
        and not getattr(request, "is_preview", False)
        and request.user.is_authenticated
        and anon_pages.query_is_shareable(request)
    )


def shared_shell(view):
    """Wrap a board sub-page view (after `board_route`'s guard, inside `shared_for_anonymous`) so
    that a signed-in reader's page is rendered from the members' shell when there is one, and
    captures it when there is not. The view renders with `core.cache.shells.render`."""

    @wraps(view)
    def wrapped(request, board, *args):
        if not eligible(request):
            return view(request, board, *args)
        key = anon_pages.cache_key(request, board, VARIANT)  # the generations, read first
        shell, generation = pagecache.lookup_value(key)

        def run_view():
            return view(request, board, *args)

        if shell is not None:
            return _render(request, shell, run_view)
        capture = shells.Capture()

        def render():
            response = _render(request, capture, run_view)
            capture.finish(request, response)  # no marks left in a page that was not captured
            return response

        response, _stored = anon_pages.render_and_keep(
            request,
            board,
            args,
            key,
            generation,
            render=render,
            keep=lambda response: capture.shell if response.status_code == 200 else None,
            store=pagecache.store_value,
        )
        return response

    return wrapped


def _render(request, shell, render):
    """`render()` with `shell` (a stored shell, or a Capture to fill) as the request's page shell."""
    request.page_shell = shell
    try:
        return render()
    finally:
        del request.page_shell
