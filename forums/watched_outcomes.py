"""What a watched word sets off once a post is saved: a system report for "flag" entries and a
crisis case for "crisis" entries. Matching itself (forums.watched_words) stays below the models,
which render censor/replace/link when a post is saved.
"""

from forums import crisis
from forums.models import Report, ReportReason
from forums.modtools_models import WatchedAction
from forums.watched_words import entries_for, find


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
