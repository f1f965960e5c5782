"""Board sub-page routing: BoardPage's routes (forums.models) dispatch by name to the views
that forums.views, forums.views_posting and forums.views_board_actions register here with
`board_route` (forums.view_helpers).

Wagtail's RoutablePageMixin wants the routes on the page class, while the views need the
models; so the dependency points one way (views → models → this registry) and the views
register themselves when Django loads the URLconf (forums.urls imports those modules), as
Wagtail's own hooks do. This module imports nothing from the app.
"""

from django.core.exceptions import ImproperlyConfigured

_views = {}


def register(name, view):
    if name in _views and _views[name] is not view:
        raise ValueError(f"Board route {name!r} is registered twice")
    _views[name] = view


def dispatch(name, request, board, *args):
    try:
        view = _views[name]
    except KeyError:  # pragma: no cover - the URLconf always loads the board views first
        raise ImproperlyConfigured(f"No view registered for board route {name!r}") from None
    return view(request, board, *args)
