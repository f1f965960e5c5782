"""Demo data for the moderator tools (issue 17): site-wide watched words, including the crisis
phrases editors maintain. Called from the message-board demo loader; only creates what is missing."""

from forums.models import Report, ReportReason, ReportStatus
from forums.modtools_models import CrisisCase, CrisisSource, WatchedWord

WATCHED_WORDS = [
    # word, action, replacement, link
    ("miracle cure", "hold", "", ""),
    ("casino", "block", "", ""),
    ("buy now", "block", "", ""),
    ("f*ck", "censor", "", ""),
    ("Big Pharma Pill", "replace", "a medicine", ""),
    ("988", "link", "", "https://988lifeline.org/"),
    ("kill myself", "crisis", "", ""),
    ("end my life", "crisis", "", ""),
    ("want to die", "crisis", "", ""),
    ("no reason to live", "crisis", "", ""),
]


def load(log):
    created = 0
    for word, action, replacement, link in WATCHED_WORDS:
        _, made = WatchedWord.objects.get_or_create(
            word=word, board=None, defaults={"action": action, "replacement": replacement, "link_url": link}
        )
        created += made
    if created:
        log(f"  created {created} site-wide watched word(s)")


def open_crisis_cases(log):
    """A crisis case for each open demo crisis report (no emails: it is demo data)."""
    opened = 0
    for report in Report.objects.filter(reason=ReportReason.CRISIS, status=ReportStatus.OPEN).select_related(
        "post"
    ):
        if not CrisisCase.objects.filter(post=report.post, closed_at__isnull=True).exists():
            CrisisCase.objects.create(
                post=report.post,
                board_id=report.post.board_id,
                report=report,
                source=CrisisSource.REPORT,
                opened_at=report.created_at,
            )
            opened += 1
    if opened:
        log(f"  opened {opened} crisis case(s) for the demo crisis reports")
