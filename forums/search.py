"""Searching members' posts: visible posts in visible topics on boards the user may read."""

from wagtail.models import Locale

from forums.models import BoardPage, Post, Status
from forums.policy import readable_board_ids


def search_posts(user, query, board=None, locale=None):
    """`locale` (a Locale or a queryset of Locale ids) keeps to the boards in that language."""
    board_ids = readable_board_ids(user)
    if board is not None:
        board_ids = [pk for pk in board_ids if pk == board.pk]
    if locale is not None:
        # A subquery, not a query of its own: the site search's query budget stays the same.
        board_ids = BoardPage.objects.filter(pk__in=board_ids, locale__in=_locale_ids(locale)).values("pk")
    return (
        Post.objects.filter(status=Status.VISIBLE, topic__status=Status.VISIBLE, board_id__in=board_ids)
        .select_related("topic", "board", "author__member")
        .search(query)
    )


def unreadable_board_paths(user):
    """Tree paths of the live boards this user may not read, to leave out of site search."""
    readable = set(readable_board_ids(user))
    return [path for pk, path in BoardPage.objects.live().values_list("pk", "path") if pk not in readable]


def _locale_ids(locale):
    return [locale.pk] if isinstance(locale, Locale) else locale
