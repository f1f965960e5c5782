"""What a watched word sets off once a post is saved: a system report for "flag" entries and a
crisis case for "crisis" entries. Matching itself (forums.watched_words) stays below the models,
which render censor/replace/link when a post is saved.

Private messages are screened before they are saved (`screen_message`): forums.messages refuses,
holds, rewrites and reports them from the answer.
"""

from dataclasses import dataclass, field

from forums import crisis
from forums.models import Report, ReportReason
from forums.modtools_models import WatchedAction
from forums.watched_words import apply, entries_for, find


def after_post(post, text, entries=None):
    """Flag and crisis entries for a new or edited post: a system report, a crisis case."""
    if entries is None:
        entries = entries_for(post.board)
    entries = [e for e in entries if e.action in (WatchedAction.FLAG, WatchedAction.CRISIS)]
    matches = find(text, entries)
    flagged = sorted({m.entry.word for m in matches if m.entry.action == WatchedAction.FLAG})
    if flagged:
        Report.objects.create(
            post=post,
            reporter=None,
            reason=ReportReason.OTHER,
            details="Flagged automatically for the watched word(s): " + ", ".join(flagged),
        )
    crisis_words = [m.entry.word for m in matches if m.entry.action == WatchedAction.CRISIS]
    if crisis_words:
        crisis.open_case(post, matched=crisis_words[0])
    return flagged, crisis_words


def after_edit(post, old_text, new_text):
    """Flag and crisis entries that an author's edit brings in (not those already there)."""
    entries = [e for e in entries_for(post.board) if e.action in (WatchedAction.FLAG, WatchedAction.CRISIS)]
    before = {m.entry.pk for m in find(old_text, entries)}
    new_entries = [e for e in entries if e.pk not in before]
    if new_entries and find(new_text, new_entries):
        return after_post(post, new_text, entries=new_entries)
    return [], []


# Private messages ------------------------------------------------------------------------------

MESSAGE_REWRITING = (WatchedAction.CENSOR, WatchedAction.REPLACE)


@dataclass(frozen=True)
class MessageScreening:
    """What the site-wide watched words do to one private message (messages belong to no board).

    Unlike a post, a message is delivered as rewritten: `subject` and `body` are the text to
    store (censor and replace applied to both, link only to the body, which is Markdown), so
    what the recipients read, the export and the moderators' review all show the same words.
    `blocked`: refuse the message (the sender keeps the text they typed); `held`: the first hold
    word, the message waits for a lead moderator; `flagged` / `crisis`: a system report."""

    subject: str
    body: str
    blocked: list = field(default_factory=list)
    held: str = ""
    flagged: list = field(default_factory=list)
    crisis: list = field(default_factory=list)
    rewritten: bool = False


def _first_words(matches, action):
    words = []
    for match in matches:
        if match.entry.action == action and match.entry.word not in words:
            words.append(match.entry.word)
    return words


def screen_message(subject, body):
    """Match the site-wide entries once against the subject and body of a message."""
    entries = entries_for(None)
    matches = find(f"{subject}\n{body}", entries)
    blocked = _first_words(matches, WatchedAction.BLOCK)
    if blocked:
        return MessageScreening(subject=subject, body=body, blocked=blocked)
    held = _first_words(matches, WatchedAction.HOLD)
    new_subject = apply(subject, entries=[e for e in entries if e.action in MESSAGE_REWRITING])
    new_body = apply(body, entries=entries)
    return MessageScreening(
        subject=new_subject,
        body=new_body,
        held=held[0] if held else "",
        flagged=_first_words(matches, WatchedAction.FLAG),
        crisis=_first_words(matches, WatchedAction.CRISIS),
        rewritten=(new_subject, new_body) != (subject, body),
    )
