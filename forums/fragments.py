"""What the board and topic pages render per row, done once per page or once per post.

The topic page's profile (issue 15) put most of a render in the template: each post's author
line with its dates, and a dozen URL reversals per post for its links and forms. Here:

- **The author line of a visible post** (name, profile link, dates, "edited") is the same
  for every reader who may see the post, so it is rendered once and kept in the shared cache
  (Redis in production) under a key made of *everything it shows*: the post's id, status,
  creation and edit times, its author and their display name, whether the name links to the
  profile (public profile, or a signed-in reader), the language and the time zone. An edit,
  an approval, a rename, a member's deletion or a change of their profile's visibility gives
  a new key, so no purge path can be forgotten: the old entry is never read again and
  expires. The line is only read when its post's whole article (below) is not in the cache:
  the article's key names the line's key, so a page whose articles are all cached makes one
  round trip to Redis, not two. Posts that are not visible (held, hidden, deleted) are rendered for each request
  and never stored, so a held or hidden post cannot reach a reader through the cache, and
  nothing per reader (unread marker, reactions, links from the policy) is in the fragment.
- **Per-row URLs** are reversed once per page with a stand-in id and formatted per row
  (`RowUrls`), instead of `{% routablepageurl %}` / `{% url %}` for every link of every row.
- **The whole article of a visible post** (author line, body, reaction buttons with their
  counts and pressed state, saved state, the links this reader gets) is rendered from a plain
  dict of the values the view computed for this reader, and kept in the shared cache under a
  hash of that whole dict (plus language and time zone). The template sees nothing but that
  dict, so two readers share an entry only when everything it shows is the same for both: a
  member's pressed reactions or edit link can never reach another member, and a new count,
  an edit or a hide gives a new key. The form's CSRF token is the one per-request value: the
  entry holds a secret stand-in (derived from SECRET_KEY, so a post cannot contain it) that is
  replaced by the reader's token on the way out. Held, hidden and deleted posts are rendered
  for each request and never stored, as for the author lines.
"""

import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Site

from core.cache import fragment_store, pagecache, shells
from core.sessions import request_user
from forums.models import ProfileVisibility, Status

HEADER_TEMPLATE = "forums/includes/post_header.html"
HEADER_PREFIX = "forums:post-header:"
# Entries are never stale (their key names everything they show); this only bounds memory.
HEADER_TIMEOUT = 60 * 60 * 24
# Reversed in place of a row's id, then replaced by each row's id.
STAND_IN = 987654321987
POST_TEMPLATE = "forums/includes/post.html"
POST_PREFIX = "forums:post:"
POST_TIMEOUT = 60 * 60 * 24
# The post fragments' CSRF token until it is served: a secret, so no post body can contain it.
CSRF_STAND_IN = salted_hmac("forums.fragments.csrf", "stand-in", secret=settings.SECRET_KEY).hexdigest()
# What a post's article shows, read from the post into the dict the template renders.
POST_FIELDS = (
    "pk",
    "status",
    "header_html",
    "body_html",
    "is_collapsed",
    "signature",
    "react_url",
    "bookmark_url",
    "is_saved",
    "quote_url",
    "edit_url",
    "delete_url",
    "history_url",
    "pending_mine",
    "report_url",
    "moderate_url",
)


class RowUrls:
    """One URL pattern for many rows: reversed once, formatted per row."""

    def __init__(self, url_with_stand_in):
        head, found, tail = str(url_with_stand_in).rpartition(str(STAND_IN))
        if not found:
            raise ValueError(f"{url_with_stand_in!r} does not contain the stand-in id")
        self.head, self.tail = head, tail

    def __call__(self, pk):
        return f"{self.head}{int(pk)}{self.tail}"


def page_base_url(request, page):
    """The page's URL as `{% routablepageurl %}` builds it (relative, ending with a slash)."""
    base = page.relative_url(Site.find_for_request(request), request)
    return base if base.endswith("/") else base + "/"


def subpage_urls(request, page, *names):
    """{route name: RowUrls} for the page's routes that take one id."""
    base = page_base_url(request, page)
    return {name: RowUrls(base + _subpage_path(type(page), name)) for name in names}


# Reversing is a walk of the URL patterns (~25 µs each, nine a signed-in topic page, issue 15);
# what it gives is fixed by the arguments of these two, so each is done once per process.
@functools.lru_cache(maxsize=256)
def _subpage_path(page_class, name):
    """A routable page's sub-route with the stand-in id: Wagtail keeps one resolver per page
    class (`RoutablePageMixin.get_resolver`), so the path depends on nothing else."""
    return page_class.get_resolver().reverse(name, STAND_IN)  # what `reverse_subpage` does


def url_pattern(view_name):
    """RowUrls for a site URL taking one id, in the active URL configuration, prefix and language
    (the `/es/` patterns)."""
    return RowUrls(_reversed(*_url_scope(), view_name, (STAND_IN,)))


def site_url(view_name):
    """`reverse(view_name)` for a site URL taking no argument, kept as `url_pattern`'s are."""
    return _reversed(*_url_scope(), view_name, ())


def _url_scope():
    return get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), get_language()


@functools.lru_cache(maxsize=512)
def _reversed(urlconf, prefix, language, view_name, args):
    """reverse() for the scope it is keyed by (the active one when called: `_url_scope`)."""
    return reverse(view_name, urlconf=urlconf, args=args)


@receiver(setting_changed)
def _urls_changed(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":  # tests: as Django clears its own resolver caches
        _reversed.cache_clear()


# Board pages ------------------------------------------------------------------------------------


def attach_topic_links(request, board, topics):
    """`page_url` on each topic of a board page, reversed once for the page."""
    topic_urls = subpage_urls(request, board, "topic")["topic"]
    for topic in topics:
        topic.page_url = topic_urls(topic.pk)
    return topics


# Topic pages ------------------------------------------------------------------------------------


def author_links(user):
    """RowUrls for member profiles, and whether a name links to a profile only when public."""
    return url_pattern("forums:member"), not (user and user.is_authenticated)


def _author_url(post, member_urls, public_only):
    """The author's profile link, from the posts query's columns (reactions.AUTHOR_COLUMNS)."""
    if post.author_member_id is None:  # a deleted account, or no member profile
        return ""
    if public_only and post.author_visibility != ProfileVisibility.PUBLIC:
        return ""
    return member_urls(post.author_member_id)


def key_scope():
    """What every fragment key of this request starts with: the cache version, the language and
    the time zone. Read once a page, not once a row (two context-local lookups, ~4.5 µs a row)."""
    return (settings.PAGE_CACHE_VERSION, get_language() or "", timezone.get_current_timezone_name())


def header_key(post, scope=None):
    """The author line's key: everything it shows (after reactions.topic_decorations)."""
    return fragment_store.hashed_key(
        HEADER_PREFIX,
        (
            scope or key_scope(),
            post.pk,
            post.status,
            post.created_at.isoformat(),
            post.edited_at.isoformat() if post.edited_at else "",
            post.author_id,
            post.author_member_id,
            post.author_shown,
            post.author_url,
        ),
    )


def _shared_cache():
    return pagecache.cache() if pagecache.enabled() else None


def attach_headers(posts, user, *, is_moderator=False):
    """Set `author_url` on each post, and `header_html`: for a post that is not visible (held,
    hidden, deleted) rendered for this reader now; for a visible post left to attach_articles,
    which needs it only when the post's article is not in the shared cache (`header_key` names
    the line in the article's key)."""
    member_urls, public_only = author_links(user)
    template = None
    scope = key_scope()
    for post in posts:
        post.author_url = _author_url(post, member_urls, public_only)
        post.header_html = None
        if post.status == Status.VISIBLE:
            post.header_key = header_key(post, scope)
        else:  # for this reader only
            template = template or get_template(HEADER_TEMPLATE)
            post.header_html = template.render({"post": post, "is_moderator": is_moderator})
    return posts


def _shared_headers(posts, cache):
    """{post pk: author line} for visible posts whose article was missing: from the shared cache
    in one round trip, the others rendered and stored."""
    keyed = {post.header_key: post for post in posts}
    found = fragment_store.get_many(cache, list(keyed)) if cache is not None and keyed else {}
    template = get_template(HEADER_TEMPLATE)
    missing = {key: template.render({"post": post}) for key, post in keyed.items() if key not in found}
    if cache is not None and missing:
        fragment_store.set_many(cache, missing, HEADER_TIMEOUT)
    return {post.pk: found.get(key) or missing[key] for key, post in keyed.items()}


POST_ROUTES = ("reply", "post_edit", "post_delete", "post_history", "post_report")


def attach_links(request, board, topic, posts, *, can_reply, is_moderator):
    """Each post's links and form actions for this reader (from the policy flags the view set),
    reversed once per page; and the topic's own form actions (`topic.reply_url`, `watch_url`,
    `mention_source`)."""
    user = request_user(request)
    routes = subpage_urls(request, board, *POST_ROUTES, "topic_watch")
    topic.reply_url, topic.watch_url = routes["reply"](topic.pk), routes["topic_watch"](topic.pk)
    topic.mention_source = site_url("forums:mention_names")  # the reply box's @name suggestions
    quote_base = topic.reply_url + "?quote="
    react = url_pattern("forums:react") if user.is_authenticated else None
    bookmark = url_pattern("forums:bookmark") if user.is_authenticated else None
    moderate = url_pattern("moderation:post") if is_moderator else None
    own = user.pk if user.is_authenticated else None
    for post in posts:
        visible = post.status == Status.VISIBLE
        post.quote_url = f"{quote_base}{post.pk}" if can_reply is True and visible else ""
        post.edit_url = routes["post_edit"](post.pk) if post.can_edit else ""
        post.delete_url = routes["post_delete"](post.pk) if post.can_delete else ""
        mine = own is not None and post.author_id == own
        post.history_url = routes["post_history"](post.pk) if post.edited_at and mine else ""
        post.pending_mine = bool(post.pending_at and mine)
        post.report_url = routes["post_report"](post.pk) if post.can_report else ""
        post.moderate_url = moderate(post.pk) if moderate else ""
        post.react_url = react(post.pk) if react and post.can_react else ""
        post.bookmark_url = bookmark(post.pk) if bookmark and visible else ""
    return posts


def _article_context(post, next_path):
    values = {name: getattr(post, name) for name in POST_FIELDS}
    values["author_name"] = post.author_shown
    values["reaction_list"] = tuple(tuple(item) for item in post.reaction_list)
    if values["header_html"] is None:  # a visible post: its author line by the key naming it
        values["header_key"] = post.header_key
    return {"post": values, "next_path": next_path, "csrf_token": CSRF_STAND_IN}


# The names of the article dict's values, in the order `_article_context` writes them (a visible
# post's dict ends with "header_key"): the key hashes the values alone, in that order, so it
# names the fields once here instead of once a post (sorting and writing out ~20 names a post
# was half the key's cost, ~8 µs a post, issue 15).
ARTICLE_SHAPE = repr((*POST_FIELDS, "author_name", "reaction_list", "header_key?"))


def _article_key(context, scope=None):
    return fragment_store.hashed_key(
        POST_PREFIX,
        (
            scope or key_scope(),
            CSRF_STAND_IN,  # a new SECRET_KEY gives new entries (the old ones hold the old stand-in)
            ARTICLE_SHAPE,
            tuple(context["post"].values()),  # plain values (str, int, bool, None, tuples of them)
            context["next_path"],
        ),
    )


def attach_articles(request, posts, *, next_path):
    """Set `article_html` on each post (after attach_headers and attach_links): visible posts'
    from the shared cache (one round trip for the page; when some are missing, one more for
    their author lines and one to store what was rendered), the others rendered for this
    request only. The reader's CSRF token goes in on the way out."""
    template = get_template(POST_TEMPLATE)
    shareable, contexts = {}, {}
    scope = key_scope()
    for post in posts:
        context = contexts[post.pk] = _article_context(post, next_path)
        if post.status == Status.VISIBLE:
            shareable[_article_key(context, scope)] = post
    cache = _shared_cache()
    found = fragment_store.get_many(cache, list(shareable)) if cache is not None and shareable else {}
    rendered = {shareable[key].pk: html for key, html in found.items()}
    absent = {key: post for key, post in shareable.items() if key not in found}
    if absent:
        headers = _shared_headers(absent.values(), cache)
        missing = {}
        for key, post in absent.items():
            context = contexts[post.pk]
            context["post"]["header_html"] = headers[post.pk]
            rendered[post.pk] = missing[key] = template.render(context)
        if cache is not None:
            fragment_store.set_many(cache, missing, POST_TIMEOUT)
    token = None
    for post in posts:
        html = rendered.get(post.pk)
        if html is None:  # held, hidden or deleted: for this reader only
            html = template.render(contexts[post.pk])
        if CSRF_STAND_IN in html:
            token = token or shells.page_csrf_token(request)  # the one the page's own forms use
            html = html.replace(CSRF_STAND_IN, token)
        post.article_html = mark_safe(html)  # noqa: S308 (rendered by our template, autoescaped)
    return posts
