"""What the boards' views share, written once: the board sub-page guard (`board_route`) and its
lookups, ids from the URL, and the moderation views' guard (`moderator_view`: sign-in, the lookup of the
post, topic or case for a moderator, the 403) and their refusal and error pages.

Board sub-pages are registered for BoardPage's routes with `board_route`, which applies the
read/sign-in/member guard from forums.policy once; the views themselves live by page family
in forums.views (board and topic pages), forums.views_posting (new topic, reply, edit, delete,
history) and forums.views_board_actions (report, watch).
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from core.sessions import request_user
from forums import listing, policy, ratelimit, routes
from forums.forms import ReplyForm, TopicForm
from forums.models import ForumSettings, Post, Status, Topic
from forums.screening import is_new_member

MAX_ID = 2**63 - 1  # BigAutoField; larger numbers in a URL would overflow the query

RATE_LIMITED_MESSAGE = (
    "You have posted a lot in a short time, so we have paused posting for a few minutes to protect "
    "the boards from spam. Your message is still below: wait a little, then send it again."
)


def check_id(value):
    if not 0 < value <= MAX_ID:
        raise Http404("No such item")
    return value


# Moderation pages ----------------------------------------------------------------------------


NOT_YOUR_BOARD = gettext_lazy("You do not moderate this board.")


def forbidden(request, message=NOT_YOUR_BOARD):
    return render(request, "forums/moderation/forbidden.html", {"message": message}, status=403)


def error_page(request, form_or_message, status=400):
    """A moderation action that cannot be done: the form's errors, or one message."""
    message = form_or_message if isinstance(form_or_message, str) else None
    form = None if message else form_or_message
    return render(
        request, "forums/moderation/action_error.html", {"form": form, "error": message}, status=status
    )


def post_only(request):
    """None for a signed-in POST, else the response: 405, or the sign-in page."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("moderation:queue"))
    return None


def post_for_moderator(request, post_id):
    """The post, for a moderator of its board: 404 when missing, PermissionDenied otherwise."""
    check_id(post_id)
    post = Post.objects.select_related("topic", "board", "author__member").filter(pk=post_id).first()
    if post is None:
        raise Http404("No such post")
    if not policy.is_moderator(request.user, post.board):
        raise PermissionDenied(NOT_YOUR_BOARD)
    return post


def topic_for_moderator(request, topic_id):
    """The topic, for a moderator of its board: 404 when missing, PermissionDenied otherwise."""
    check_id(topic_id)
    topic = Topic.objects.select_related("board").filter(pk=topic_id).first()
    if topic is None:
        raise Http404("No such topic")
    if not policy.is_moderator(request.user, topic.board):
        raise PermissionDenied(NOT_YOUR_BOARD)
    return topic


def moderator_view(lookup, id_name, *, action=False, actions=None):
    """The guard every moderation page about one thing opens with, written once: sign-in (a
    page comes back to itself; an `action` answers 405 to anything but POST and, signed out,
    sends to sign-in and then the queue), an `action` name outside `actions` is a 404, then
    `lookup(request, id)` gives the thing (404 when missing) or refuses with PermissionDenied,
    answered by the 403 page. The view is called with the thing in place of the URL's
    `id_name`."""

    def decorate(view):
        @wraps(view)
        def guarded(request, **kwargs):
            if action:
                refusal = post_only(request)
                if refusal:
                    return refusal
            elif not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if actions is not None and kwargs.get("action") not in actions:
                raise Http404("No such action")
            try:
                target = lookup(request, kwargs.pop(id_name))
            except PermissionDenied as error:
                return forbidden(request, str(error))
            return view(request, target, **kwargs)

        return guarded

    return decorate


def moderator_page(may_see, message):
    """The guard of a moderation page about no one thing (a queue, a dashboard, the guide):
    sign-in, then `may_see(user)` from forums.policy or the 403 page with `message`."""

    def decorate(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not may_see(request.user):
                return forbidden(request, message)
            return view(request, *args, **kwargs)

        return guarded

    return decorate


def moderator_post_view(**options):
    """`moderator_view` for a page or action on one post (the URL's `post_id`)."""
    return moderator_view(post_for_moderator, "post_id", **options)


def moderator_topic_view(**options):
    """`moderator_view` for a page or action on one topic (the URL's `topic_id`)."""
    return moderator_view(topic_for_moderator, "topic_id", **options)


# Board sub-pages -----------------------------------------------------------------------------


def board_context(request, board, **extra):
    context = board.get_context(request)
    context.update(extra)
    return context


def members_only(request, board):
    return render(
        request,
        "forums/members_only.html",
        board_context(
            request,
            board,
            unverified=request.user.is_authenticated and not policy.is_verified_account(request.user),
        ),
        status=403,
    )


def board_route(name, *, login=False, member=False, methods=None):
    """Register `view` for BoardPage's route `name` behind the one guard every board sub-page
    passes: the HTTP method, reading the board (forums.policy; Wagtail's page serving has
    already applied the page's view restrictions), then sign-in and a member profile when the
    route needs them. The view still asks the policy about its own action (post, edit, ...)."""

    def decorate(view):
        @wraps(view)
        def guarded(request, board, *args):
            if methods and request.method not in methods:
                return HttpResponseNotAllowed(methods)
            user = request_user(request)
            if not policy.can_read_board(user, board, page_view_checked=True):
                return members_only(request, board)
            if login and not user.is_authenticated:
                return redirect_to_login(_login_next(request, board, methods))
            if member and policy.member_of(user) is None:
                return redirect(f"{reverse('forums:join')}?next={request.get_full_path()}")
            return view(request, board, *args)

        routes.register(name, guarded)
        return guarded

    return decorate


def _login_next(request, board, methods):
    # A POST-only route has nothing to show after signing in: come back to the board.
    return board.url if methods == ["POST"] else request.get_full_path()


def topic_or_404(request, board, topic_id):
    check_id(topic_id)
    user = request_user(request)
    topic = listing.reader_topic(board, topic_id, user, is_moderator=policy.is_moderator(user, board))
    if topic is None:
        raise Http404("No such topic")
    topic.board = board  # reuse the page we already have
    return topic


def post_or_404(board, post_id):
    check_id(post_id)
    post = (
        Post.objects.select_related("topic")
        .filter(pk=post_id, board=board)
        .exclude(status__in=[Status.DELETED, Status.REMOVED])
        .exclude(topic__status__in=[Status.DELETED, Status.REMOVED])
        .first()
    )
    if post is None:
        raise Http404("No such post")
    post.topic.board = board
    return post


def post_url(board, topic, post):
    """Link to the page of the topic holding `post`."""
    before = Post.objects.filter(topic=topic, status__in=[Status.VISIBLE, Status.DELETED]).filter(
        Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk)
    )
    number = before.count() // board.POSTS_PER_PAGE + 1
    url = board.url + board.reverse_subpage("topic", args=[topic.pk])
    return f"{url}?page={number}#post-{post.pk}" if number > 1 else f"{url}#post-{post.pk}"


def refusal_page(request, board, reason, status=403):
    return render(
        request, "forums/cannot_post.html", board_context(request, board, reason=reason), status=status
    )


def posting_rate_ok(request, member):
    config = ForumSettings.for_request(request)
    is_new = is_new_member(member, config=config)
    limit = config.new_member_posts_per_window if is_new else config.posts_per_window
    return ratelimit.hit("post", request.user.pk, limit, config.rate_window_minutes * 60)


def guard_posting(request, board, topic=None):
    """None when the user may post here (forums.policy), else the response to send: a POST
    comes back as its form with the typed text and the reason, so nothing typed is lost."""
    reason = policy.posting_refusal(request.user, board, topic)
    if not reason:
        return None
    if request.method != "POST":
        return refusal_page(request, board, reason)
    if topic is None:
        form, template, extra = TopicForm(request.POST), "forums/topic_form.html", {}
    else:
        form, template, extra = ReplyForm(request.POST), "forums/reply_form.html", {"topic": topic}
    form.is_valid()
    form.add_error(None, reason)
    return render(request, template, board_context(request, board, form=form, **extra), status=403)
