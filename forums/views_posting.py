"""Posting and editing on a board: new topic, reply, edit, delete and a post's edit history
(BoardPage's routes, guarded by `board_route`). Thin: parse the form, ask forums.policy, call
forums.posting, render; a refused send keeps everything typed."""

import re

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from forums import policy, posting, views_modtools
from forums.forms import EditFirstPostForm, EditPostForm, ReplyForm, TopicForm
from forums.markup import quote_for_reply
from forums.models import Post, Status
from forums.view_helpers import (
    RATE_LIMITED_MESSAGE,
    board_context,
    board_route,
    guard_posting,
    post_or_404,
    post_url,
    posting_rate_ok,
    refusal_page,
    topic_or_404,
)


def _submission_refused(request, form, member):
    """Form errors for a repeated message or a member over the posting limit.

    Returns the HTTP status to answer with, or None when the message may be posted."""
    if posting.is_duplicate(request.user, form.cleaned_data["message"]):
        form.add_error("message", _("You already posted this message. Change it or go back to your post."))
        return 200
    if not posting_rate_ok(request, member):
        form.add_error(None, RATE_LIMITED_MESSAGE)
        return 429
    return None


def _already_saved(request, board, post):
    """A form sent again (double click, or a retry after an error page hid the first answer):
    show what the first send saved instead of saving it twice or refusing it as a duplicate."""
    messages.info(request, _("We had already received this message: here it is."))
    if post.board_id == board.pk:
        post.board = post.topic.board = board
    if post.is_first:
        return redirect(post.topic.get_url(request))
    return redirect(post_url(post.board, post.topic, post))


def _post_once(request, board, form, save):
    """Send a valid new-topic or reply form once per form rendering (its submission token):
    `save(token)` saves the post (forums.posting, which raises AlreadySubmitted when a
    simultaneous send of the same form got there first) and returns the response to send.

    Returns that response; what the first send saved when the form comes again (a double
    click, a retry after an error page hid the first answer); or, when the form is refused (a
    blocked word, a repeated message, over the posting limit), the HTTP status to re-render it
    with, its errors added and everything typed kept."""
    token = form.cleaned_data["submission_token"]
    if saved := posting.submitted_post(request.user, token):
        return _already_saved(request, board, saved)
    refused = views_modtools.blocked_refusal(form, board) or _submission_refused(
        request, form, request.user.member
    )
    if refused:
        if saved := posting.submitted_post(request.user, token):
            return _already_saved(request, board, saved)  # the first send committed meanwhile
        return refused
    try:
        return save(token)
    except posting.AlreadySubmitted as repeat:
        return _already_saved(request, board, repeat.post)


@board_route("new_topic", login=True, member=True)
def new_topic(request, board):
    refusal = guard_posting(request, board)
    if refusal:
        return refusal
    member = request.user.member
    form = TopicForm(request.POST or None)
    status = 200

    def save(token):
        topic, post = posting.start_topic(
            board, member, form.cleaned_data["title"], form.cleaned_data["message"], token
        )
        if post.status == Status.HELD:
            messages.info(
                request, _("Thank you. Your topic is awaiting review by a moderator before others see it.")
            )
        else:
            messages.success(request, _("Your topic is posted."))
        return redirect(topic.get_url(request))

    if request.method == "POST" and form.is_valid():
        answer = _post_once(request, board, form, save)
        if not isinstance(answer, int):
            return answer
        status = answer
    elif request.method == "POST":
        status = 400
    return render(request, "forums/topic_form.html", board_context(request, board, form=form), status=status)


@board_route("reply", login=True, member=True)
def reply(request, board, topic_id):
    topic = topic_or_404(request, board, topic_id)
    refusal = guard_posting(request, board, topic)
    if refusal:
        return refusal
    member = request.user.member
    initial = {}
    quote_id = request.GET.get("quote", "")
    if request.method == "GET" and re.fullmatch(r"[0-9]{1,18}", quote_id):
        quoted = (
            Post.objects.filter(pk=int(quote_id), topic=topic, status=Status.VISIBLE)
            .select_related("author__member")
            .first()
        )
        if quoted:
            initial["message"] = quote_for_reply(quoted.author_name, quoted.body)
    form = ReplyForm(request.POST or None, initial=initial)
    status = 200

    def save(token):
        post = posting.reply_to(topic, member, form.cleaned_data["message"], token)
        if post.status == Status.HELD:
            messages.info(
                request, _("Thank you. Your reply is awaiting review by a moderator before others see it.")
            )
        else:
            messages.success(request, _("Your reply is posted."))
        return redirect(post_url(board, topic, post))

    if request.method == "POST" and form.is_valid():
        answer = _post_once(request, board, form, save)
        if not isinstance(answer, int):
            return answer
        status = answer
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "forums/reply_form.html",
        board_context(request, board, topic=topic, form=form),
        status=status,
    )


def _edit_refused(request, form, post, refusal):
    """Form errors for an edit the policy refuses, with a blocked word, repeating another post
    or over the posting limit: the HTTP status to answer with, or None when it may be saved.
    Every refusal keeps the form and the typed text."""
    if refusal:
        form.add_error(None, refusal)
        return 403
    if blocked := views_modtools.blocked_refusal(form, post.board):
        return blocked
    if posting.is_duplicate(request.user, form.cleaned_data["message"], exclude_pk=post.pk):
        form.add_error("message", _("You already posted this message. Change it or go back to your post."))
        return 200
    if not posting_rate_ok(request, request.user.member):
        form.add_error(None, RATE_LIMITED_MESSAGE)
        return 429
    return None


def _edit_already_saved(request, board, post):
    """An edit form sent again (double click, or a retry after an error page hid the first
    answer): show the post as the first send left it instead of editing it twice."""
    messages.info(request, _("We had already received this edit: here is your post."))
    return redirect(post_url(board, post.topic, post))


@board_route("post_edit", login=True)
def post_edit(request, board, post_id):
    post = post_or_404(board, post_id)
    post.board = board
    user = request.user
    if not (post.author_id == user.pk and post.status in (Status.VISIBLE, Status.HELD)):
        return refusal_page(request, board, _("You can only edit your own posts."))
    form_class = EditFirstPostForm if post.is_first else EditPostForm
    initial = {"message": post.pending_body or post.body, "title": post.pending_title or post.topic.title}
    form = form_class(request.POST or None, initial=initial)
    refusal = policy.edit_refusal(user, post)
    status = 200
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["submission_token"]
        if posting.submitted_edit(post, token):
            return _edit_already_saved(request, board, post)
        refused = _edit_refused(request, form, post, refusal)
        if refused and posting.submitted_edit(post, token):
            return _edit_already_saved(request, board, post)  # the first send committed meanwhile
        if refused:
            status = refused
        else:
            try:
                outcome = posting.author_edit(
                    post,
                    user.member,
                    form.cleaned_data["message"],
                    title=form.cleaned_data.get("title"),
                    submission_token=token,
                )
            except posting.AlreadySubmitted:
                return _edit_already_saved(request, board, post)
            if outcome == posting.EDIT_PENDING:
                messages.info(
                    request,
                    _(
                        "Thank you. Your edit is awaiting review by a moderator; until then others see "
                        "your post as it was."
                    ),
                )
            else:
                messages.success(request, _("Your post is updated."))
            return redirect(post_url(board, post.topic, post))
    elif request.method == "POST":
        status = 400
    elif refusal:
        return refusal_page(request, board, refusal)
    return render(
        request,
        "forums/post_edit.html",
        board_context(request, board, topic=post.topic, post=post, form=form),
        status=status,
    )


@board_route("post_delete", login=True)
def post_delete(request, board, post_id):
    post = post_or_404(board, post_id)
    post.board = board
    if not policy.can_delete_post(request.user, post, page_view_checked=True):
        return refusal_page(request, board, _("You can only delete your own posts."))
    if request.method == "POST":
        topic = posting.delete_post(post)
        messages.success(request, _("Your post is deleted."))
        if topic.status == Status.DELETED:
            return redirect(board.url)
        return redirect(topic.get_url(request))
    return render(
        request, "forums/post_delete.html", board_context(request, board, topic=post.topic, post=post)
    )


@board_route("post_history", login=True)
def post_history(request, board, post_id):
    post = post_or_404(board, post_id)
    post.board = board
    if not policy.can_see_history(request.user, post):
        return refusal_page(
            request, board, _("Only the author and moderators can see a post's edit history.")
        )
    revisions = post.revisions.select_related("edited_by__member")
    return render(
        request,
        "forums/post_history.html",
        board_context(request, board, topic=post.topic, post=post, revisions=revisions),
    )
