"""Who may read a board: its visibility, Wagtail view restrictions, moderators."""

from django.db.models import Q
from wagtail.models import PageViewRestriction

from forums.models import BoardPage, BoardVisibility, Status
from forums.policy.identity import _group_info, is_moderator, is_verified_account


def _restriction_rows(page_paths):
    """The view restrictions on any of these pages or their ancestors, groups prefetched."""
    ancestor_paths = {path[:end] for path in page_paths for end in range(4, len(path) + 1, 4)}
    return list(
        PageViewRestriction.objects.filter(page__path__in=ancestor_paths)
        .select_related("page")
        .prefetch_related("groups")
    )


def view_restrictions(board):
    """Wagtail view restrictions that apply to the board page (its own and its ancestors')."""
    cached = board.__dict__.get("_forum_restrictions")
    if cached is None:
        cached = _restriction_rows([board.path])
        board._forum_restrictions = cached
    return cached


def passes_view_restrictions(user, restrictions):
    """Whether the user gets past these restrictions without a request: a login restriction
    needs a verified account, a groups one membership of a group (superusers pass, as in
    Wagtail); a password is only ever given to a page view, so listings, search, profiles,
    feeds and emails treat password-protected boards as closed."""
    for restriction in restrictions:
        kind = restriction.restriction_type
        if kind == PageViewRestriction.PASSWORD:
            return False
        if kind == PageViewRestriction.LOGIN and not is_verified_account(user):
            return False
        if kind == PageViewRestriction.GROUPS:
            if not is_verified_account(user):
                return False
            if not user.is_superuser:
                allowed = {group.pk for group in restriction.groups.all()}
                if not allowed & _group_info(user)[0]:
                    return False
    return True


def can_read_board(user, board, page_view_checked=False):
    """Read a board's topics and posts.

    `page_view_checked`: Wagtail's page serving already applied the board page's view
    restrictions to this request (a password typed in this session counts); the board's own
    visibility still applies. Everywhere else (listings, search, profiles, emails) the
    restrictions are applied here, without a request."""
    let_in = page_view_checked or passes_view_restrictions(user, view_restrictions(board))
    if let_in and (board.visibility == BoardVisibility.PUBLIC or is_verified_account(user)):
        return True
    return is_moderator(user, board)  # moderators read the boards they moderate, whatever else


def readable_board_ids(user):
    """IDs of the live boards this user may read (site search, profiles, listings, emails)."""
    boards = list(BoardPage.objects.live().only("pk", "path", "visibility", "moderator_group_id"))
    restrictions = _restriction_rows([board.path for board in boards])
    readable = []
    for board in boards:
        board._forum_restrictions = [r for r in restrictions if board.path.startswith(r.page.path)]
        if can_read_board(user, board):
            readable.append(board.pk)
    return readable


def is_listed_to(user, board):
    """Whether a board appears in site search and sitemap.xml for this user (the boards index
    lists members-only boards with a label; search and the sitemap only what the user reads)."""
    return can_read_board(user, board)


def visible_posts_filter(user, board):
    """Q for the posts of a topic this user sees: visible ones, plus their own held ones."""
    signed_in = user is not None and user.is_authenticated
    return visible_posts_filter_for(user.pk if signed_in else None, moderator=is_moderator(user, board))


def visible_posts_filter_for(user_id, *, moderator):
    """visible_posts_filter() for a reader given by id (None: anonymous) and whether
    they moderate the board (for queries compiled once, core.compiled_queries)."""
    if moderator:
        return Q(status__in=[Status.VISIBLE, Status.HELD, Status.HIDDEN])
    condition = Q(status=Status.VISIBLE)
    if user_id is not None:
        condition |= Q(status=Status.HELD, author=user_id)
    return condition
