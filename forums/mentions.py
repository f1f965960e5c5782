"""`@display name` mentions: found in a post's text, at most MAX_MENTIONS a post.

Display names may contain spaces, so each "@" is matched against real display names (the
longest that fits wins) rather than a fixed pattern. Mentions stay plain text in the post.
"""

import operator
import re
from functools import reduce

from django.db.models import Q

from forums.models import Member

MAX_MENTIONS = 10
_AT = re.compile(r"(?<![\w@])@(\w[^\s@]{0,39})")


def mentioned_members(text):
    """Members mentioned in `text`, in order of first mention, at most MAX_MENTIONS."""
    starts = [(m.start(), m.group(1)) for m in _AT.finditer(text or "")][: MAX_MENTIONS * 3]
    if not starts:
        return []
    first_words = {word.rstrip(".,;:!?)").casefold() for _, word in starts}
    first_words.discard("")
    if not first_words:
        return []
    candidates = list(
        Member.objects.filter(user__is_active=True)
        .filter(reduce(operator.or_, (Q(display_name__istartswith=w) for w in first_words)))
        .select_related("user")[:200]
    )
    candidates.sort(key=lambda m: -len(m.display_name))
    found = []
    lowered = text.casefold()
    for position, _ in starts:
        after = position + 1
        for member in candidates:
            name = member.display_name.casefold()
            end = after + len(name)
            boundary = end >= len(lowered) or not (lowered[end].isalnum() or lowered[end] == "_")
            if lowered.startswith(name, after) and boundary:
                if member not in found:
                    found.append(member)
                break
        if len(found) >= MAX_MENTIONS:
            break
    return found


def names_starting_with(prefix, limit=8):
    """Display names for the editor's autocomplete."""
    prefix = " ".join((prefix or "").replace("\x00", "").split())[:40]
    if len(prefix) < 2:
        return []
    return list(
        Member.objects.filter(user__is_active=True, display_name__istartswith=prefix)
        .order_by("display_name")
        .values_list("display_name", flat=True)[:limit]
    )
