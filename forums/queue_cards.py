"""The moderation queue's cards, each rendered from a plain dict of what it shows (issue 15).

The queue's profile put two thirds of a request in its 20 cards (~100 template nodes each:
badges, eighteen `blocktranslate`s, the author's history, open reports with their dismiss
forms, the approve / reject / hide forms with reason boxes and saved responses). Here each
card's values are computed once (`card_values`): the post, its open reports, the author and
their history as this moderator sees it, the saved responses, what this moderator may do
(`forums.policy`) and the URLs of those actions, reversed once a page (`Urls`); the card
template reads nothing else. The sentences that name the post, its topic, its author or a
count (`_sentences`, `_member_values`, ...) are translated here with the same messages the
template's `blocktranslate` tags used, and the dates formatted here (`when`): a tag or a `date`
filter cost 4-10 times the gettext call or `isoformat` it wraps, thirteen times a card.

Each message is translated once a page, not once a card (`PageText`, `labels`): in English a
gettext call looks the message up, and misses, in each of the site's ~40 catalogues in turn,
and the cards made ~500 of them a page, a third of their time. The card's CSRF field is
rendered once a page too (`csrf_input`), not by six `{% csrf_token %}` tags a card.

Cards are NOT kept in the shared cache, although their key could name everything they show (as
the topic page's post articles do): every card shows a held or reported post, and issue 15
requires that a held post never appears in any cached fragment. They are rendered for each
request, with the reader's CSRF token: the card template once for each shape of card on the page
(which badges, forms and how many reports and earlier actions it shows), and each card's values
filled in, escaped as the template escapes them (`core.shaped_templates`; the shapes, which
hold no value, are kept for the process per language and saved responses). So the card
template outputs values as `card_values` gives them, through no filter, and compares only the
values named in `CARD_KEPT`.
"""

from django.template.backends.utils import csrf_input
from django.template.defaultfilters import truncatewords
from django.template.loader import get_template
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext

from core.sessions import request_user
from core.shaped_templates import ShapedTemplate
from forums import policy
from forums.fragments import STAND_IN, RowUrls, url_pattern
from forums.models import Status
from forums.models.members import author_display_name

CARD_TEMPLATE = "forums/moderation/includes/queue_card.html"
# The card values the card template compares (core.shaped_templates: the card's shape): the
# post's status and the kind of each row of the pending edit's diff ("removed", "added",
# "same"). Both come from fixed sets: shapes are kept for the process, and a member's words
# (a diff row's line) must never be part of one.
CARD_KEPT = (("status",), ("pending_diff", "*", 0))


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


# Translations of the cards' fixed messages and choice labels, per language, for the process's
# life: the catalogues do not change while it runs, and each message is a literal of this module
# (or a choice), so the memo is bounded. Counts' sentences and dates are kept for one page only.
_TRANSLATED = {}


def _per_process(language, key, make):
    """`make()`, once a process for `key` in `language` (the page's, read once a page)."""
    key = (language, *key)
    text = _TRANSLATED.get(key)
    if text is None:
        text = _TRANSLATED[key] = make()
    return text


class PageText:
    """gettext and ngettext for one page of cards, each message translated once a process (in
    the page's language) and each count's sentence once a page; and the cards' dates, formatted
    as the `date` filter formats them."""

    def __init__(self):
        self._texts = {}
        self._language = get_language()

    def _once(self, key, make):
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = make()
        return text

    def gettext(self, message):
        return _per_process(self._language, ("gettext", message), lambda: gettext(message))

    def ngettext(self, singular, plural, number):
        return self._once((singular, number), lambda: ngettext(singular, plural, number))

    def display(self, instance, field):
        """`instance.get_<field>_display()`, once a process per value (a choice's label is a
        lazy translation: each display call looked it up in the catalogues again)."""
        display = getattr(instance, f"get_{field}_display")
        return _per_process(
            self._language, (type(instance), field, getattr(instance, field)), lambda: str(display())
        )

    def _month(self, month):
        """The `date` filter's "M": the month's translated three letters, title-cased."""
        return _per_process(self._language, ("month", month), lambda: str(MONTHS_3[month]).title())

    def day(self, local):
        """A local datetime as the `date` filter's "M j, Y"."""
        return f"{self._month(local.month)} {local.day}, {local.year:04d}"

    def minute(self, local):
        """A local datetime as the `date` filter's "M j, Y, g:i a" (the "a.m." / "p.m." of
        Django's catalogue)."""
        half = self.gettext("p.m.") if local.hour > 11 else self.gettext("a.m.")
        return f"{self.day(local)}, {local.hour % 12 or 12}:{local.minute:02d} {half}"


def labels():
    """The card's fixed labels, translated once a process per language (see `_TRANSLATED`)."""
    return _per_process(get_language(), ("labels",), _labels)


def _labels():
    return {
        "crisis": gettext("Crisis"),
        "awaiting_review": gettext("Awaiting review"),
        "edit_awaiting": gettext("Edit awaiting review"),
        "select_for_bulk": gettext("Select for bulk action"),
        "previous_message": gettext("Previous message in the topic"),
        "banned": gettext("Banned"),
        "account_deleted": gettext("Account deleted"),
        "no_actions": gettext("No earlier moderation actions."),
        "reports": gettext("Reports"),
        "from_former": gettext("from a former member or an automatic flag"),
        "dismiss": gettext("Dismiss"),
        "this_report": gettext("this report"),
        "approve": gettext("Approve"),
        "reject": gettext("Reject"),
        "publish_edit": gettext("Publish the edit"),
        "reject_edit": gettext("Reject the edit"),
        "email_reason": gettext("This reason is written to the member: email it to them"),
        "hide": gettext("Hide"),
        "reach_out": gettext("Reach out"),
        "all_actions": gettext("All actions"),
        "all_actions_list": gettext("edit, lock, move, warn, suspend…"),
        "see_in_topic": gettext("See it in the topic"),
    }


def when(value, tr, with_time=True):
    """(ISO 8601, display) of a datetime in the current time zone: what the template's
    `|date:'c'` and `|date:"M j, Y, g:i a"` (or `"M j, Y"`) give, without a filter call or
    Django's format parser for each (issue 15: `dateformat.format` was 40 % of the cards'
    values, a regular expression and two catalogue lookups a date)."""
    local = timezone.localtime(value)
    return local.isoformat(), tr.minute(local) if with_time else tr.day(local)


def canned_values(responses):
    """The saved responses as the reason boxes show them."""
    return tuple({"pk": r.pk, "title": r.title, "text": r.text} for r in responses)


def _member_values(post, tr):
    member = getattr(post.author, "member", None) if post.author_id else None
    if member is None:
        return None
    history = post.history
    posts = history["posts"]
    return {
        "joined": tr.gettext("Joined %(date)s") % {"date": tr.day(timezone.localtime(member.created_at))},
        "posts": tr.ngettext(
            "%(counter)s post (%(visible)s visible)", "%(counter)s posts (%(visible)s visible)", posts
        )
        % {"counter": posts, "visible": history["visible"]},
        "approved": tr.gettext("%(count)s approved") % {"count": member.approved_post_count},
        "is_banned": member.is_banned,
        "suspended_until": (
            tr.gettext("Suspended until %(until)s")
            % {"until": tr.day(timezone.localtime(member.suspended_until))}
            if member.suspended_until
            else ""
        ),
    }


def _history_values(history, tr):
    actions = history["actions"]
    return {
        "actions": actions,
        "actions_line": tr.ngettext(
            "%(counter)s earlier moderation action:", "%(counter)s earlier moderation actions:", actions
        )
        % {"counter": actions},
        "recent_actions": tuple(
            {
                "text": tr.gettext("%(action)s by %(name)s")
                % {"action": tr.display(action, "action"), "name": action.moderator_name},
                "created_at": when(action.created_at, tr, with_time=False),
                "reason": truncatewords(action.reason, 20),
            }
            for action in history["recent_actions"]
        ),
    }


def _report_values(report, urls, tr):
    reporter = getattr(report.reporter, "member", None) if report.reporter_id else None
    return {
        "pk": report.pk,
        "reason": tr.display(report, "reason"),
        "from": tr.gettext("from %(name)s") % {"name": reporter.display_name} if reporter else "",
        "created_at": when(report.created_at, tr),
        "details": report.details,
        "dismiss_url": urls.dismiss(report.pk),
    }


def _sentences(post, reports, tr):
    """The card's translated sentences that name the post or its topic (the same messages the
    template's `blocktranslate` tags were: the catalogue's translations apply as before)."""
    number = {"number": post.pk}
    title = {"title": post.topic.title}
    return {
        "heading": (
            tr.gettext("New topic: “%(title)s”") if post.is_first else tr.gettext("Reply in “%(title)s”")
        )
        % title,
        "reports": tr.ngettext("%(counter)s report", "%(counter)s reports", len(reports))
        % {"counter": len(reports)},
        "held": tr.gettext("Held: %(reason)s") % {"reason": post.held_reason} if post.held_reason else "",
        "status": tr.gettext("Status: %(status)s") % {"status": tr.display(post, "status")},
        "author": tr.gettext("Author: %(name)s")
        % {"name": author_display_name(post.author if post.author_id else None)},
        "post_number": tr.gettext("post %(number)s") % number,
        "to_post_number": tr.gettext("to post %(number)s") % number,
        "to_author_of_post": tr.gettext("to the author of post %(number)s") % number,
        "for_post_number": tr.gettext("for post %(number)s") % number,
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


def card_values(post, user, urls, tr):
    """Everything the card of `post` (from `review_queue.page_posts` and `queue_history.decorate`) shows to
    `user`, as plain values (`tr`: the page's PageText): the template's context, with the
    page's `labels()` and `csrf_input`. Shortened texts are shortened here, not by template
    filters, and the sanitised body is marked safe here: the card template outputs values as
    they are (see `CARD_KEPT`)."""
    may = powers(user, post)
    moderation_url = urls.moderation(post.pk)
    reports = tuple(_report_values(report, urls, tr) for report in post.open_reports)
    return {
        "pk": post.pk,
        "status": post.status,
        "text": _sentences(post, reports, tr),
        "has_crisis": bool(post.has_crisis),
        "pending": bool(post.pending_at),
        "pending_reason": post.pending_reason if post.pending_at else "",
        "pending_title": post.pending_title if post.pending_at else "",
        "pending_diff": tuple(tuple(row) for row in post.pending_diff),
        "board_title": post.board.title,
        "created_at": when(post.created_at, tr),
        "previous_body": truncatewords(post.previous_body or "", 50),
        "body_html": mark_safe(post.body_html),  # noqa: S308 (sanitised by forums.markup when saved)
        "member": _member_values(post, tr),
        "history": _history_values(post.history, tr),
        "reports": reports,
        "may": may,
        "moderation_url": moderation_url,
        "reach_out_url": urls.reach_out(post.pk) if may["reach_out"] else "",
        "post_url": urls.permalink(post),
    }


def attach_cards(request, posts, canned):
    """Set `card_html` on each post of a queue page, rendered for this request (never stored:
    see the module's docstring). The card template is rendered once for each shape of card and
    each card's values filled in, escaped as the template escapes them (core.shaped_templates:
    20 renders a page took more than half of the cards' time). Shapes, which hold the labels and
    the saved responses but no value, are kept for the process per language and saved responses."""
    urls = Urls()
    saved = canned_values(canned)
    cards = ShapedTemplate(
        get_template(CARD_TEMPLATE),
        {"label": labels(), "canned": saved},
        "card",
        kept=CARD_KEPT,
        # The CSRF field as `{% csrf_token %}` renders it (Django's own helper), once a page.
        page_values={"csrf_input": csrf_input(request)},
        shared=(get_language(), tuple(tuple(response.items()) for response in saved)),
    )
    tr = PageText()
    user = request_user(request)  # read for every card's powers: not through the lazy wrapper
    for post in posts:
        values = card_values(post, user, urls, tr)
        post.card_html = mark_safe(cards.render(values))  # noqa: S308 (our template, values escaped as it does)
    return posts
