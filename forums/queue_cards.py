"""The moderation queue's cards, rendered once and shared through the cache (issue 15).

The queue's profile put two thirds of a request in its 20 cards (~100 template nodes each:
badges, eighteen `blocktranslate`s, the author's history, open reports with their dismiss
forms, the approve / reject / hide forms with reason boxes and saved responses). Each card is
rendered from a plain dict of *everything it shows* (`card_values`), and kept in the shared
cache (Redis in production) under a hash of that whole dict, the language, the time zone and
the cache version, like the topic page's post articles (`forums.fragments.attach_articles`):

- the post: id, status, held reason, body (its stored HTML), the pending edit and its diff,
  creation time, topic title, board title, whether it opens its topic, crisis flag;
- its open reports: ids, reasons, reporters' names, times, details;
- the author: name, join date, approved count, ban and suspension, and their moderation
  history as this moderator sees it (counts and the last actions on the boards they moderate;
  all boards for a lead moderator);
- the saved responses (ids, titles, texts) offered in the reason boxes;
- what this moderator may do with the post (approve and reject, review an edit, hide, reach
  out), computed here from the post's state and `forums.policy`, and the URLs of those actions.

The template sees nothing but that dict, so two moderators share an entry only when everything
the card shows is the same for both: a moderator who sees another scope of history, or may do
other things, gets another key, and an approval, a rejection, a hide, a new or dismissed report,
an edit, a new history action or a changed saved response gives a new key (the old entry is
never read again and expires), so no purge path can be forgotten. Cards are only ever read by
the queue view, after its moderator check, under a prefix of their own: no public page can
reach them.

The forms' CSRF token is the one per-request value: the entry holds the secret stand-in of
`forums.fragments` (derived from SECRET_KEY, so no post can contain it), replaced by the
reader's token on the way out.
"""

import hashlib

from django.conf import settings
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.cache import pagecache
from forums import policy
from forums.fragments import CSRF_STAND_IN, STAND_IN, RowUrls, url_pattern
from forums.models import Status
from forums.models.members import author_display_name

CARD_TEMPLATE = "forums/moderation/includes/queue_card.html"
CARD_PREFIX = "forums:queue-card:"
# Entries are never stale (their key names everything they show); this only bounds memory.
CARD_TIMEOUT = 60 * 60 * 24


class Urls:
    """The URL patterns a page of cards uses, each reversed once for the page."""

    def __init__(self):
        self.moderation = url_pattern("moderation:post")
        self.dismiss = url_pattern("moderation:dismiss_report")
        self.reach_out = url_pattern("modtools:reach_out")
        self._permalinks = {}

    def permalink(self, post):
        """`Post.url` (the board's `post` route), reversed once per board."""
        pattern = self._permalinks.get(post.board_id)
        if pattern is None:
            board = post.board
            pattern = self._permalinks[post.board_id] = RowUrls(
                f"{board.url}{board.reverse_subpage('post', args=[STAND_IN])}"
            )
        return pattern(post.pk)


def canned_values(responses):
    """The saved responses as the reason boxes show them."""
    return tuple({"pk": r.pk, "title": r.title, "text": r.text} for r in responses)


def _member_values(post):
    member = getattr(post.author, "member", None) if post.author_id else None
    if member is None:
        return None
    return {
        "joined": member.created_at,
        "approved_post_count": member.approved_post_count,
        "is_banned": member.is_banned,
        "suspended_until": member.suspended_until,
    }


def _history_values(history):
    return {
        "posts": history["posts"],
        "visible": history["visible"],
        "actions": history["actions"],
        "recent_actions": tuple(
            {
                "action": action.get_action_display(),
                "moderator_name": action.moderator_name,
                "created_at": action.created_at,
                "reason": action.reason,
            }
            for action in history["recent_actions"]
        ),
    }


def _report_values(report, urls):
    reporter = getattr(report.reporter, "member", None) if report.reporter_id else None
    return {
        "pk": report.pk,
        "reason": report.get_reason_display(),
        "reporter_name": reporter.display_name if reporter else "",
        "created_at": report.created_at,
        "details": report.details,
        "dismiss_url": urls.dismiss(report.pk),
    }


def powers(user, post):
    """What this moderator may do with the post from its card."""
    moderates = policy.can_moderate(user, post.board)
    visible = post.status == Status.VISIBLE
    return {
        "approve": moderates and post.status == Status.HELD,
        "review_edit": moderates and visible and bool(post.pending_at),
        "hide": moderates and visible,
        "reach_out": moderates and bool(post.has_crisis),
    }


def card_values(post, user, urls, canned):
    """Everything the card of `post` (from `review_queue.page_posts` and `decorate`) shows to
    `user`, as plain values: the template's whole context."""
    may = powers(user, post)
    moderation_url = urls.moderation(post.pk)
    return {
        "pk": post.pk,
        "status": post.status,
        "status_display": post.get_status_display(),
        "has_crisis": bool(post.has_crisis),
        "pending": bool(post.pending_at),
        "pending_reason": post.pending_reason if post.pending_at else "",
        "pending_title": post.pending_title if post.pending_at else "",
        "pending_diff": tuple(tuple(row) for row in post.pending_diff),
        "is_first": post.is_first,
        "topic_title": post.topic.title,
        "board_title": post.board.title,
        "created_at": post.created_at,
        "held_reason": post.held_reason,
        "previous_body": post.previous_body or "",
        "body_html": post.body_html,
        "author_name": author_display_name(post.author if post.author_id else None),
        "member": _member_values(post),
        "history": _history_values(post.history),
        "reports": tuple(_report_values(report, urls) for report in post.open_reports),
        "canned": canned,
        "may": may,
        "moderation_url": moderation_url,
        "reach_out_url": urls.reach_out(post.pk) if may["reach_out"] else "",
        "post_url": urls.permalink(post),
    }


def card_key(values):
    raw = repr(
        (
            settings.PAGE_CACHE_VERSION,
            CSRF_STAND_IN,  # a new SECRET_KEY gives new entries (the old ones hold the old stand-in)
            get_language() or "",
            timezone.get_current_timezone_name(),
            values,
        )
    )
    return CARD_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def _shared_cache():
    return pagecache.cache() if pagecache.enabled() else None


def attach_cards(request, posts, canned):
    """Set `card_html` on each post of a queue page: from the shared cache (one round trip for
    the page, one more to store those missing), rendered otherwise. The reader's CSRF token
    goes in on the way out."""
    urls = Urls()
    canned = canned_values(canned)
    keyed = {}
    for post in posts:
        values = card_values(post, request.user, urls, canned)
        keyed[card_key(values)] = (post, values)
    cache = _shared_cache()
    found = cache.get_many(list(keyed)) if cache is not None and keyed else {}
    template = get_template(CARD_TEMPLATE)
    missing = {}
    for key, (post, values) in keyed.items():
        html = found.get(key)
        if html is None:
            html = missing[key] = template.render({"card": values, "csrf_token": CSRF_STAND_IN})
        post.card_html = html
    if cache is not None and missing:
        cache.set_many(missing, CARD_TIMEOUT)
    token = None
    for post in posts:
        html = post.card_html
        if CSRF_STAND_IN in html:
            token = token or get_token(request)
            html = html.replace(CSRF_STAND_IN, token)
        post.card_html = mark_safe(html)  # noqa: S308 (rendered by our template, autoescaped)
    return posts
