"""Signed-in pages kept as a shared *shell*, with the reader's own parts rendered per request.

A signed-in page cannot be kept whole: parts of it belong to its reader (who they are, their
unread markers, a form's CSRF token, a moderator's tools) and parts change with the clock (a
suspension ending, a slow mode closing). Most of it does not: the site's head, header, menus,
breadcrumbs and footer, the page's title and counts, its pagination and support box are the
same for every reader of the page in a language, and change only when what they show does.

The template names the reader's parts, each one a template of its own included with
`{% personal "template.html" %}` (core.cache.templatetags.pagecache_tags). A full render
(`Capture`) marks where each part went; what is left between the parts is the shell, kept under
a key the caller makes of everything the shell shows. A later render for any reader renders
only the parts, with the view's context for that reader, and puts them back between the shell's
pieces. The view itself runs as before (its queries, its policy checks); only the rendering of
what is not the reader's is skipped.

What keeps a reader's things out of the shell: each part is named in the template, and a shell
is refused if, outside the parts, it still holds a CSRF field or the request's CSP nonce.
"""

import re
import secrets
from functools import partial

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render as render_whole
from django.template import loader
from django.template.context import make_context
from django.utils.functional import SimpleLazyObject

from core.cache import pagecache

KEY_PREFIX = "pagecache:shell:"

# What must never be in a shell: a form's CSRF token (masked per render, so looked for by name).
CSRF_FIELD = 'name="csrfmiddlewaretoken"'


class Capture:
    """A full render that marks its personal parts, so that their surroundings can be kept."""

    def __init__(self):
        self.token = secrets.token_hex(16)
        self.parts = []
        self.shell = None  # (template name, pieces, part names) once `take` found a clean one
        self.taken = False

    def mark(self, template_name, html):
        index = len(self.parts)
        self.parts.append(template_name)
        return f"<!--{self.token}:{index}-->{html}<!--/{self.token}:{index}-->"

    def take(self, request, template_name, html):
        """The page without its marks; keeps the shell in `self.shell` when it is clean (and
        `template_name` is given: None takes the marks out and keeps nothing)."""
        self.taken = True
        pattern = re.compile(rf"<!--{self.token}:(\d+)-->(.*?)<!--/{self.token}:\1-->", re.DOTALL)
        pieces, parts, start = [], [], 0
        for match in pattern.finditer(html):
            pieces.append(html[start : match.start()])
            parts.append(match.group(2))
            start = match.end()
        pieces.append(html[start:])
        page = "".join(piece + part for piece, part in zip(pieces, [*parts, ""], strict=True))
        nonce = getattr(request, "_csp_nonce", None)
        clean = (
            len(parts) == len(self.parts)
            and self.token not in page
            and not any(
                CSRF_FIELD in piece or (isinstance(nonce, str) and nonce in piece) for piece in pieces
            )
        )
        if clean and template_name is not None:
            self.shell = (template_name, tuple(pieces), tuple(self.parts))
        return page

    def finish(self, request, response):
        """Take the marks out of a response rendered some other way (an error page, a page not
        to be shared) while this capture was on."""
        if not self.taken and self.parts and not response.streaming:
            response.content = self.take(request, None, response.content.decode(response.charset))


def page_csrf_token(request):
    """One masked CSRF token for everything rendered for this request: Django's `get_token`
    masks a new one at each call (~300 function calls), and a page's parts and its post fragments
    (forums.fragments) each asked for one. One token in several forms of one response is what
    Django's own `csrf_token` context variable gives a template."""
    kept = request.__dict__.get("_page_csrf_token")  # (the secret it masks, the token)
    if kept is None or kept[0] != request.META.get("CSRF_COOKIE"):  # none yet, or rotated (a login)
        token = get_token(request)  # sets CSRF_COOKIE when the request had none
        kept = request._page_csrf_token = (request.META["CSRF_COOKIE"], token)
    return kept[1]


def fill(request, shell, context):
    """The page from its shell: the personal parts rendered with `context` for this request."""
    template_name, pieces, part_names = shell
    request_context = make_context(context, request)
    # Context processors run once, as for the whole template.
    with request_context.bind_template(loader.get_template(template_name).template):
        request_context.update({"csrf_token": SimpleLazyObject(partial(page_csrf_token, request))})
        parts = [loader.get_template(name).template.render(request_context) for name in part_names]
    return "".join(piece + part for piece, part in zip(pieces, [*parts, ""], strict=True))


def render(request, template_name, context, shared=True):
    """django.shortcuts.render, from the request's shell when it has one for this template
    (`request.page_shell`, set by the view's caller), marking the parts when it captures one.
    `shared=False`: this page is not to be shared in any part (rendered whole, nothing kept)."""
    shell = getattr(request, "page_shell", None)
    if isinstance(shell, tuple) and shared and shell[0] == template_name:
        return HttpResponse(fill(request, shell, context))
    response = render_whole(request, template_name, context)
    if isinstance(shell, Capture):
        # A page not to be shared loses its marks and leaves nothing kept.
        page = response.content.decode(response.charset)
        response.content = shell.take(request, template_name if shared else None, page)
    return response


def mark(context, template_name, html):
    """The personal tag's output: marked while a shell is captured, as it is otherwise."""
    capture = getattr(context.get("request"), "page_shell", None)
    return capture.mark(template_name, html) if isinstance(capture, Capture) else html


def kept_key(request, variant, parts):
    """The key of a page's shell kept by `render_kept`: the page (address, language, time zone)
    and `parts`, everything the shell shows besides the site's own content (which the page
    cache's site-wide generation, carried by every entry, covers)."""
    return pagecache.page_key(KEY_PREFIX, request, variant, parts)


def render_kept(request, template_name, context, variant, parts):
    """`render` for a signed-in page that is no Wagtail page (the moderation queue): from the
    shell kept under `kept_key(request, variant, parts)` when there is one, else rendered whole
    and its shell kept. Only GET and HEAD requests whose query names a page at most (the
    pagination's links copy the query, so another parameter would be in the shell); off when
    whole pages are off. The generation is claimed before the render: a site-wide change during
    it replaces the generation, and the shell is never read."""
    if not (
        pagecache.whole_pages_enabled()
        and request.method in pagecache.SAFE_METHODS
        and not getattr(request, "is_preview", False)
        and set(request.GET) <= {"page"}
    ):
        return render(request, template_name, context)
    key = kept_key(request, variant, parts)
    shell, generation = pagecache.lookup_value(key)
    if shell is None:
        generation = pagecache.claim_generation(generation)
        shell = Capture()
    request.page_shell = shell
    try:
        response = render(request, template_name, context)
    finally:
        del request.page_shell
    if isinstance(shell, Capture):
        shell.finish(request, response)
        if shell.shell is not None and response.status_code == 200:
            pagecache.store_value(key, generation, shell.shell, pagecache.lifetime(request))
    return response
