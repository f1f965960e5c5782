"""A board page's topic rows, rendered once and shared through the cache.

The board page's profile (issue 15) put a third of a render in its 25 topic rows (two `date`
filters, a `blocktranslate` and a dozen variable lookups each) and most of its query time in
building six model instances a row (topic, author, member, last post, its author, member) to
show two names. Here the listing fetches the row's columns and the two names as plain values
(`forums.listing.board_topics`), and each row's HTML comes from the shared cache (Redis in
production) under a key made of *everything the row shows*: the topic's id, title, pin and
lock state, reply count, last post (id and time), the author's and last poster's names as
shown, the topic's URL, the language, the time zone, and the reader's unread marker as a
yes/no. A reply, an edit of the title, a lock, a pin, a rename or a deleted account gives a
new key, so no purge path can be forgotten: the old entry is never read again and expires.

The unread marker is the only per-reader bit of a row. It comes from the listing's one query
for the page; the two versions of a row (new / not new) are two entries, and neither says
anything about who reads it, so members share them without sharing anything of their own.
A row whose topic or last post is not visible (held, hidden, deleted: the listing shows
visible topics only, so this is a race with a moderator) is rendered for the request and never
stored, so the cache can never carry a held or hidden post's author to anyone.
"""

import hashlib

from django.template.loader import get_template

from core.cache import fragment_store, pagecache
from forums import fragments
from forums.models import Status
from forums.models.members import display_name_of

ROW_TEMPLATE = "forums/includes/board_topic_row.html"
ROW_PREFIX = "forums:board-row:"
# Entries are never stale (their key names everything they show); this only bounds memory.
ROW_TIMEOUT = 60 * 60 * 24


def row_key(topic, scope=None):
    raw = "|".join(
        str(part)
        for part in (
            *(scope or fragments.key_scope()),
            topic.pk,
            topic.title,
            topic.is_pinned,
            topic.is_locked,
            topic.is_unread,
            topic.reply_count,
            topic.last_post_at.isoformat(),
            topic.last_post_id or "",
            topic.author_name_shown,
            topic.last_poster_name,
            topic.page_url,
        )
    )
    return ROW_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def _shareable(topic):
    return topic.status == Status.VISIBLE and (
        topic.last_post_id is None or topic.last_post_status == Status.VISIBLE
    )


def _shared_cache():
    return pagecache.cache() if pagecache.enabled() else None


def attach_rows(request, board, topics):
    """Set `row_html` on each topic of a board page (from `forums.listing.board_topics`): from
    the shared cache in one round trip for the page, one more to store those missing."""
    fragments.attach_topic_links(request, board, topics)
    template = get_template(ROW_TEMPLATE)
    shareable = {}
    scope = fragments.key_scope()
    for topic in topics:
        topic.is_unread = getattr(topic, "is_unread", False)
        topic.author_name_shown = display_name_of(topic.author_id, topic.author_display)
        topic.last_poster_name = (
            display_name_of(topic.last_poster_id, topic.last_poster_display) if topic.last_post_id else ""
        )
        topic.row_html = None
        if _shareable(topic):
            shareable[row_key(topic, scope)] = topic
    cache = _shared_cache()
    found = fragment_store.get_many(cache, list(shareable)) if cache is not None and shareable else {}
    missing = {}
    for key, topic in shareable.items():
        if key in found:
            topic.row_html = found[key]
        else:
            topic.row_html = missing[key] = template.render({"topic": topic})
    for topic in topics:
        if topic.row_html is None:  # not visible: for this request only
            topic.row_html = template.render({"topic": topic})
    if cache is not None and missing:
        fragment_store.set_many(cache, missing, ROW_TIMEOUT)
    return topics
