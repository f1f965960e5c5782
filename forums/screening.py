"""Whether a new post or an edit goes straight up or waits for a moderator.

Plain functions, no requests: pre-moderation, blocked words and the new-member link limit.
Links are counted in the sanitised HTML the post would be shown as (forums.markup, the same
pipeline that renders posts), so protocol-relative links, email autolinks and relative or
bare-domain link targets count like any other; so does a web address left as text.
"""

import re
from html.parser import HTMLParser

from django.utils import timezone
from wagtail.models import Site

from forums.markup import render_markdown
from forums.models import ForumSettings, PreModeration
from forums.watched_words import hold_word

# A web address written as text: scheme://…, //host…, www.…, mailto:… or a bare domain.
TEXT_LINK = re.compile(
    r"(?:[a-z][a-z0-9+.-]*:)?//\S+|www\.\S+|mailto:\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b(?:/\S*)?",
    re.IGNORECASE,
)


class _LinkCounter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.count = 0
        self._in_link = 0

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._in_link += 1
            if any(name == "href" and value for name, value in attrs):
                self.count += 1

    def handle_endtag(self, tag):
        if tag == "a" and self._in_link:
            self._in_link -= 1

    def handle_data(self, data):
        if not self._in_link:
            self.count += len(TEXT_LINK.findall(data))


def count_links(text):
    """Links a reader would see in the message: anchors plus addresses written as text."""
    counter = _LinkCounter()
    counter.feed(render_markdown(text or ""))
    counter.close()
    return counter.count


def blocked_word_in(board, text):
    """The first site-wide or board "hold" watched word found in `text`, or ""."""
    return hold_word(board, text)


def default_forum_settings():
    """The message-board settings of the default site (posting rules run without a request)."""
    site = Site.objects.filter(is_default_site=True).first()
    return ForumSettings.for_site(site) if site else ForumSettings()


def is_new_member(member, now=None, config=None):
    """Members count as new for `new_member_days` after joining (link and rate limits)."""
    config = config or default_forum_settings()
    now = now or timezone.now()
    return (now - member.created_at).days < config.new_member_days


def hold_reason(board, member, text="", now=None):
    """Why a new post (or an edit) by `member` must wait for a moderator, or "" when it may go
    straight up."""
    if board.premoderation == PreModeration.ALL:
        return "This board holds every new post for review."
    if (
        board.premoderation == PreModeration.NEW_MEMBERS
        and member.approved_post_count < board.premoderation_threshold
    ):
        return f"New member: fewer than {board.premoderation_threshold} approved posts."
    word = blocked_word_in(board, text)
    if word:
        return f"Contains a watched word: “{word}”."
    config = default_forum_settings()
    links = count_links(text)
    if links > config.new_member_max_links and is_new_member(member, now, config):
        return f"New member's post with {links} links (limit {config.new_member_max_links})."
    return ""
