"""Watched words: what happens when a member writes a word an editor listed (Discourse-style).

Each `WatchedWord` is a word, phrase or simple wildcard (`*` = any letters inside a word) with an
action: block, hold, flag, censor, replace, link or crisis. Matching ignores case and accents
("cafe" matches "Café") and respects word boundaries ("class" never matches "classic").

Plain functions, no requests: the posting views ask `blocked_words()` before saving, the hold
rule asks `hold_word()`, posting calls `after_post()` (flag reports and crisis cases), and a
post's HTML is rendered from `apply()` (censor, replace, link) while `Post.body` keeps what the
member wrote. Private messages (branch members) should call `blocked_words(text, None)` and
`hold_word(None, text)` with board None: site-wide entries only.
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from forums.modtools_models import WatchedAction, WatchedWord

CENSOR_MARK = "■■■"
CSV_COLUMNS = ["word", "action", "board", "replacement", "link_url"]
WHAT_HAPPENS = {
    WatchedAction.BLOCK: "The post is refused; the member keeps their text and is told which words to change.",
    WatchedAction.HOLD: "The post waits for a moderator's review.",
    WatchedAction.FLAG: "The post is published and reported to the moderators.",
    WatchedAction.CENSOR: f"The words are shown as {CENSOR_MARK}.",
    WatchedAction.REPLACE: "The words are shown replaced.",
    WatchedAction.LINK: "The words become a link.",
    WatchedAction.CRISIS: "The post is published and a crisis case opens (moderators alerted at once).",
}


def _fold_char(char):
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold(text):
    """Lower-case, accent-free text for matching."""
    return "".join(_fold_char(c) for c in text or "")


def _folded_with_positions(text):
    """(folded text, start index in `text` of each folded character)."""
    out, positions = [], []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        out.append(folded)
        positions.extend([index] * len(folded))
    return "".join(out), positions


def pattern_for(word):
    """A compiled regex for one entry, on folded text, with word boundaries."""
    parts = []
    for token in fold(word).split():
        parts.append(r"\w*".join(re.escape(piece) for piece in token.split("*")))
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)")


@dataclass(frozen=True)
class Match:
    entry: WatchedWord
    start: int
    end: int
    text: str


def entries_for(board):
    """Site-wide entries plus the board's own (board may be None: site-wide only)."""
    condition = Q(board__isnull=True)
    if board is not None:
        condition |= Q(board=board)
    return list(WatchedWord.objects.filter(condition).order_by("action", "word"))


def find(text, entries):
    """Every match of every entry in `text`, in the original text's positions."""
    text = text or ""
    folded, positions = _folded_with_positions(text)
    found = []
    for entry in entries:
        for match in pattern_for(entry.word).finditer(folded):
            if match.end() == match.start():
                continue
            start = positions[match.start()]
            end = positions[match.end() - 1] + 1
            found.append(Match(entry, start, end, text[start:end]))
    return sorted(found, key=lambda m: (m.start, -m.end))


def _words(text, board, action):
    seen = []
    for match in find(text, [e for e in entries_for(board) if e.action == action]):
        if match.entry.word not in seen:
            seen.append(match.entry.word)
    return seen


def blocked_words(text, board):
    """The block entries found in `text` (empty list: may be posted)."""
    return _words(text, board, WatchedAction.BLOCK)


def block_message(words):
    quoted = ", ".join(f"“{word}”" for word in words)
    return _(
        "Your message uses words our community guidelines do not allow here (%(words)s). "
        "Change them and send it again; your text is kept below."
    ) % {"words": quoted}


def hold_word(board, text):
    """The first hold entry found in `text`, or ""."""
    words = _words(text, board, WatchedAction.HOLD)
    return words[0] if words else ""


TRANSFORMING = (WatchedAction.CENSOR, WatchedAction.REPLACE, WatchedAction.LINK)


def apply(text, board=None, entries=None):
    """The member's text with censor, replace and link entries applied (Markdown, for rendering)."""
    if entries is None:
        entries = entries_for(board)
    entries = [e for e in entries if e.action in TRANSFORMING]
    if not entries or not text:
        return text
    pieces, cursor = [], 0
    for match in find(text, entries):
        if match.start < cursor:  # overlaps an earlier match: the earlier one wins
            continue
        pieces.append(text[cursor : match.start])
        entry = match.entry
        if entry.action == WatchedAction.CENSOR:
            pieces.append(CENSOR_MARK)
        elif entry.action == WatchedAction.REPLACE:
            pieces.append(entry.replacement)
        else:
            label = match.text.replace("[", "").replace("]", "")
            pieces.append(f"[{label}]({entry.link_url})")
        cursor = match.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def apply_to_board_id(text, board_id):
    condition = Q(board__isnull=True) | Q(board_id=board_id)
    entries = list(WatchedWord.objects.filter(condition, action__in=TRANSFORMING))
    return apply(text, entries=entries)


def test_text(text, board=None):
    """What the admin's "test a text" box shows: each match, its action and the outcome."""
    matches = find(text, entries_for(board))
    rows = [
        {
            "word": m.entry.word,
            "matched": m.text,
            "action": m.entry.get_action_display(),
            "board": m.entry.board.title if m.entry.board_id else "Every board",
            "outcome": WHAT_HAPPENS[m.entry.action],
        }
        for m in matches
    ]
    return {"matches": rows, "result": apply(text, board)}


def display_name_refused(name):
    """True when a display name uses a site-wide block, hold, censor or crisis entry."""
    entries = [
        e
        for e in entries_for(None)
        if e.action in (WatchedAction.BLOCK, WatchedAction.HOLD, WatchedAction.CENSOR, WatchedAction.CRISIS)
    ]
    return bool(find(name, entries))


# CSV import and export -------------------------------------------------------------------------


def export_csv(queryset=None):
    rows = (queryset if queryset is not None else WatchedWord.objects.all()).select_related("board")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for entry in rows.order_by("word", "pk"):
        writer.writerow(
            [
                entry.word,
                entry.action,
                entry.board.slug if entry.board_id else "",
                entry.replacement,
                entry.link_url,
            ]
        )
    return out.getvalue()


class CSVRefused(Exception):
    """The CSV was refused; `errors` lists each problem with its line number."""

    def __init__(self, errors):
        super().__init__("; ".join(errors))
        self.errors = errors


def import_csv(data):
    """Validate every row, then create or update entries (word + board identify one).

    Nothing is written when any row is wrong. Returns (created, updated)."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise CSVRefused(["The file is not UTF-8 text."]) from error
    reader = csv.DictReader(io.StringIO(data))
    if reader.fieldnames is None or [f.strip() for f in reader.fieldnames][:2] != CSV_COLUMNS[:2]:
        raise CSVRefused([f"The first line must be the column names: {','.join(CSV_COLUMNS)}."])
    board_model = WatchedWord._meta.get_field("board").related_model  # BoardPage, without importing it
    boards = {b.slug: b for b in board_model.objects.all()}
    errors, valid = [], []
    for line, row in enumerate(reader, start=2):
        row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        board = None
        if row.get("board"):
            board = boards.get(row["board"])
            if board is None:
                errors.append(f"Line {line}: no board with the slug “{row['board']}”.")
                continue
        entry = WatchedWord(
            word=row.get("word", ""),
            action=row.get("action", ""),
            board=board,
            replacement=row.get("replacement", ""),
            link_url=row.get("link_url", ""),
        )
        try:
            entry.full_clean(validate_constraints=False)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.append(f"Line {line}: {field}: {' '.join(messages)}")
            continue
        valid.append(entry)
    if errors:
        raise CSVRefused(errors)
    created = updated = 0
    with transaction.atomic():
        for entry in valid:
            existing = WatchedWord.objects.filter(word__iexact=entry.word, board=entry.board).first()
            if existing:
                existing.action, existing.replacement, existing.link_url = (
                    entry.action,
                    entry.replacement,
                    entry.link_url,
                )
                existing.save(update_fields=["action", "replacement", "link_url"])
                updated += 1
            else:
                entry.save()
                created += 1
    return created, updated
