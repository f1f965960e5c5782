"""Board sub-pages (called from BoardPage's routes) and member pages. Views stay thin:
parse with a form, call forums.posting / forums.privacy, render."""

import json
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from forums import member_profile, moderation, posting, ratelimit, reactions
from forums.forms import (
    DeleteAccountForm,
    EditFirstPostForm,
    EditPostForm,
    JoinForm,
    ProfileForm,
    ReplyForm,
    ReportForm,
    TopicForm,
)
from forums.markup import quote_for_reply
from forums.models import (
    BoardPage,
    BoardWatch,
    ForumSettings,
    Member,
    Post,
    ProfileVisibility,
    Status,
    Topic,
    TopicRead,
    TopicWatch,
)
from forums.notifications import read_unsubscribe_token
from forums.privacy import delete_account, export_member_data
from forums.search import search_posts

RATE_LIMITED_MESSAGE = (
    "You have posted a lot in a short time, so we have paused posting for a few minutes to protect "
    "the boards from spam. Your message is still below: wait a little, then send it again."
)


# Helpers ------------------------------------------------------------------------------------


def _paginate(queryset, per_page, request):
    paginator = Paginator(queryset, per_page)
    page_obj = paginator.get_page(request.GET.get("page"))
    return page_obj, paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)


def _board_context(request, board, **extra):
    context = board.get_context(request)
    context.update(extra)
    return context


def _members_only(request, board):
    return render(request, "forums/members_only.html", _board_context(request, board), status=403)


MAX_ID = 2**63 - 1  # BigAutoField; larger numbers in a URL would overflow the query


def _check_id(value):
    if not 0 < value <= MAX_ID:
        raise Http404("No such item")
    return value


def _topic_or_404(request, board, topic_id):
    _check_id(topic_id)
    statuses = Q(status=Status.VISIBLE)
    if moderation.is_moderator(request.user, board):
        statuses |= Q(status__in=[Status.HELD, Status.HIDDEN])
    elif request.user.is_authenticated:
        statuses |= Q(status=Status.HELD, author=request.user)
    topic = Topic.objects.filter(statuses, board=board, pk=topic_id).first()
    if topic is None:
        raise Http404("No such topic")
    topic.board = board  # reuse the page we already have
    return topic


def _post_or_404(board, post_id):
    _check_id(post_id)
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


def _refusal(request, board, reason, status=403):
    return render(
        request, "forums/cannot_post.html", _board_context(request, board, reason=reason), status=status
    )


def _posting_rate_ok(request, member):
    config = ForumSettings.for_request(request)
    is_new = (timezone.now() - member.created_at).days < config.new_member_days
    limit = config.new_member_posts_per_window if is_new else config.posts_per_window
    return ratelimit.hit("post", request.user.pk, limit, config.rate_window_minutes * 60)


def _guard_posting(request, board, topic=None):
    """None when the user may post here, else the response to send."""
    if not moderation.can_read_board(request.user, board):
        return _members_only(request, board)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if moderation.member_of(request.user) is None:
        return redirect(f"{_join_url()}?next={request.get_full_path()}")
    try:
        moderation.check_can_post(request.user, board, topic)
    except moderation.PostingRefused as refusal:
        return _refusal(request, board, str(refusal))
    return None


def _join_url():
    from django.urls import reverse

    return reverse("forums:join")


# Board pages --------------------------------------------------------------------------------


def board(request, board):
    if not moderation.can_read_board(request.user, board):
        return _members_only(request, board)
    topics = (
        Topic.objects.filter(board=board, status=Status.VISIBLE)
        .select_related("author__member", "last_post__author__member")
        .order_by("-is_pinned", "-last_post_at", "-pk")
    )
    page_obj, elided = _paginate(topics, board.TOPICS_PER_PAGE, request)
    rows = list(page_obj.object_list)
    member = moderation.member_of(request.user)
    watching = False
    if member:
        reads = dict(
            TopicRead.objects.filter(user=request.user, topic__in=[t.pk for t in rows]).values_list(
                "topic_id", "read_at"
            )
        )
        for topic in rows:
            read_at = reads.get(topic.pk)
            topic.is_unread = (
                topic.last_post_at > read_at if read_at else topic.last_post_at > member.created_at
            )
        watching = BoardWatch.objects.filter(user=request.user, board=board).exists()
    page_obj.object_list = rows
    return render(
        request,
        "forums/board_page.html",
        _board_context(
            request, board, page_obj=page_obj, elided_range=elided, member=member, watching=watching
        ),
    )


def board_search(request, board):
    from komensite.views import clean_query

    if not moderation.can_read_board(request.user, board):
        return _members_only(request, board)
    query, truncated = clean_query(request.GET.get("q", ""))
    page_obj, elided = None, []
    if query:
        results = search_posts(request.user, query, board=board)
        page_obj, elided = _paginate(results, settings.SEARCH_RESULTS_PER_PAGE, request)
    return render(
        request,
        "forums/board_search.html",
        _board_context(
            request,
            board,
            search_query=query,
            board_query=query,
            truncated=truncated,
            page_obj=page_obj,
            elided_range=elided,
        ),
    )


def _submission_refused(request, form, member):
    """Form errors for a repeated message or a member over the posting limit.

    Returns the HTTP status to answer with, or None when the message may be posted."""
    if posting.is_duplicate(request.user, form.cleaned_data["message"]):
        form.add_error("message", "You already posted this message. Change it or go back to your post.")
        return 200
    if not _posting_rate_ok(request, member):
        form.add_error(None, RATE_LIMITED_MESSAGE)
        return 429
    return None


def new_topic(request, board):
    refusal = _guard_posting(request, board)
    if refusal:
        return refusal
    member = request.user.member
    form = TopicForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        refused = _submission_refused(request, form, member)
        if refused:
            status = refused
        else:
            topic, post = posting.start_topic(
                board, member, form.cleaned_data["title"], form.cleaned_data["message"]
            )
            if post.status == Status.HELD:
                messages.info(
                    request, "Thank you. Your topic is awaiting review by a moderator before others see it."
                )
            else:
                messages.success(request, "Your topic is posted.")
            return redirect(topic.get_url(request))
    elif request.method == "POST":
        status = 400
    return render(request, "forums/topic_form.html", _board_context(request, board, form=form), status=status)


def topic_detail(request, board, topic_id):
    if not moderation.can_read_board(request.user, board):
        return _members_only(request, board)
    topic = _topic_or_404(request, board, topic_id)
    posts = (
        Post.objects.filter(topic=topic)
        .filter(moderation.visible_posts_filter(request.user, board) | Q(status=Status.DELETED))
        .select_related("author__member")
        .order_by("created_at", "pk")
    )
    labels = ForumSettings.for_request(request).reaction_labels()  # issue 16: reactions, saved, blocks
    posts = reactions.annotate_for_reader(posts, request.user, labels)
    page_obj, elided = _paginate(posts, board.POSTS_PER_PAGE, request)
    page_obj.object_list = reactions.topic_decorations(request.user, list(page_obj.object_list), labels)
    member = moderation.member_of(request.user)
    watching = False
    can_reply = None
    if member:
        watching = TopicWatch.objects.filter(user=request.user, topic=topic).exists()
        posting.mark_read(request.user, topic)
        try:
            moderation.check_can_post(request.user, board, topic)
            can_reply = True
        except moderation.PostingRefused as refusal:
            can_reply = str(refusal)
    return render(
        request,
        "forums/topic.html",
        _board_context(
            request,
            board,
            topic=topic,
            topic_subpath=board.reverse_subpage("topic", args=[topic.pk]),
            page_obj=page_obj,
            elided_range=elided,
            member=member,
            watching=watching,
            can_reply=can_reply,
            reply_form=ReplyForm() if can_reply is True else None,
            is_moderator=moderation.is_moderator(request.user, board),
        ),
    )


def reply(request, board, topic_id):
    topic = (
        _topic_or_404(request, board, topic_id) if moderation.can_read_board(request.user, board) else None
    )
    if topic is None:
        return _members_only(request, board)
    refusal = _guard_posting(request, board, topic)
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
    if request.method == "POST" and form.is_valid():
        refused = _submission_refused(request, form, member)
        if refused:
            status = refused
        else:
            post = posting.reply_to(topic, member, form.cleaned_data["message"])
            if post.status == Status.HELD:
                messages.info(
                    request, "Thank you. Your reply is awaiting review by a moderator before others see it."
                )
            else:
                messages.success(request, "Your reply is posted.")
            return redirect(_post_url(board, topic, post))
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "forums/reply_form.html",
        _board_context(request, board, topic=topic, form=form),
        status=status,
    )


def _post_url(board, topic, post):
    """Link to the page of the topic holding `post`."""
    before = Post.objects.filter(topic=topic, status__in=[Status.VISIBLE, Status.DELETED]).filter(
        Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk)
    )
    number = before.count() // board.POSTS_PER_PAGE + 1
    url = board.url + board.reverse_subpage("topic", args=[topic.pk])
    return f"{url}?page={number}#post-{post.pk}" if number > 1 else f"{url}#post-{post.pk}"


def post_link(request, board, post_id):
    if not moderation.can_read_board(request.user, board):
        return _members_only(request, board)
    post = _post_or_404(board, post_id)
    topic = _topic_or_404(request, board, post.topic_id)
    if not Post.objects.filter(moderation.visible_posts_filter(request.user, board), pk=post.pk).exists():
        raise Http404("No such post")
    return redirect(_post_url(board, topic, post))


def post_edit(request, board, post_id):
    if not moderation.can_read_board(request.user, board):
        return _members_only(request, board)
    post = _post_or_404(board, post_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not moderation.can_change_post(request.user, post):
        return _refusal(request, board, "You can only edit your own posts.")
    form_class = EditFirstPostForm if post.is_first else EditPostForm
    initial = {"message": post.body, "title": post.topic.title}
    form = form_class(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        posting.edit_post(
            post, request.user, form.cleaned_data["message"], title=form.cleaned_data.get("title")
        )
        messages.success(request, "Your post is updated.")
        return redirect(_post_url(board, post.topic, post))
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "forums/post_edit.html",
        _board_context(request, board, topic=post.topic, post=post, form=form),
        status=status,
    )


def post_delete(request, board, post_id):
    if not moderation.can_read_board(request.user, board):
        return _members_only(request, board)
    post = _post_or_404(board, post_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not moderation.can_change_post(request.user, post):
        return _refusal(request, board, "You can only delete your own posts.")
    if request.method == "POST":
        topic = posting.delete_post(post)
        messages.success(request, "Your post is deleted.")
        if topic.status == Status.DELETED:
            return redirect(board.url)
        return redirect(topic.get_url(request))
    return render(
        request, "forums/post_delete.html", _board_context(request, board, topic=post.topic, post=post)
    )


def post_history(request, board, post_id):
    if not moderation.can_read_board(request.user, board):
        return _members_only(request, board)
    post = _post_or_404(board, post_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not (post.author_id == request.user.pk or moderation.is_moderator(request.user, board)):
        return _refusal(request, board, "Only the author and moderators can see a post's edit history.")
    revisions = post.revisions.select_related("edited_by__member")
    return render(
        request,
        "forums/post_history.html",
        _board_context(request, board, topic=post.topic, post=post, revisions=revisions),
    )


REPORTS_LIMITED = (
    "You have sent a lot of reports in the last hour, so we have paused reporting for a while. "
    "If someone is in danger right now, call 911."
)


def post_report(request, board, post_id):
    """A member reports a post. A crisis report shows crisis resources straight away."""
    from forums.models import Report

    if not moderation.can_read_board(request.user, board):
        return _members_only(request, board)
    post = _post_or_404(board, post_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if moderation.member_of(request.user) is None:
        return redirect(f"{_join_url()}?next={request.get_full_path()}")
    if post.status != Status.VISIBLE or post.topic.status != Status.VISIBLE:
        raise Http404("No such post")
    if post.author_id == request.user.pk:
        return _refusal(request, board, "You cannot report your own post. You can edit or delete it instead.")
    context = _board_context(request, board, topic=post.topic, post=post)
    if Report.objects.filter(post=post, reporter=request.user).exists():
        return render(request, "forums/report_received.html", {**context, "already": True})
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        config = ForumSettings.for_request(request)
        if not ratelimit.hit("report", request.user.pk, config.reports_per_hour, 3600):
            form.add_error(None, REPORTS_LIMITED)
            status = 429
        else:
            try:
                report = moderation.report_post(
                    request.user, post, form.cleaned_data["reason"], form.cleaned_data["details"]
                )
            except moderation.AlreadyReported:
                return render(request, "forums/report_received.html", {**context, "already": True})
            return render(request, "forums/report_received.html", {**context, "report": report})
    elif request.method == "POST":
        status = 400
    return render(request, "forums/report_form.html", {**context, "form": form}, status=status)


def _watch_toggle(request, board):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(board.url)
    if not moderation.can_read_board(request.user, board):
        return _members_only(request, board)
    return None


def topic_watch(request, board, topic_id):
    refusal = _watch_toggle(request, board)
    if refusal:
        return refusal
    topic = _topic_or_404(request, board, topic_id)
    watch = request.POST.get("watch") == "1"
    posting.toggle_topic_watch(request.user, topic, watch)
    messages.success(
        request, "You will get an email about new replies." if watch else "You stopped watching this topic."
    )
    return redirect(topic.get_url(request))


def board_watch(request, board):
    refusal = _watch_toggle(request, board)
    if refusal:
        return refusal
    watch = request.POST.get("watch") == "1"
    posting.toggle_board_watch(request.user, board, watch)
    messages.success(
        request,
        "You will get an email about new posts on this board."
        if watch
        else "You stopped watching this board.",
    )
    return redirect(board.url)


# Member pages -------------------------------------------------------------------------------


@login_required
def profile(request):
    member = moderation.member_of(request.user)
    if member is None:
        return redirect("forums:join")
    form = ProfileForm(request.POST or None, instance=member)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, "Your profile is saved.")
            return redirect("forums:profile")
        status = 400
    return render(
        request,
        "forums/profile.html",
        {
            "member": member,
            "form": form,
            "post_count": Post.objects.filter(author=request.user, status=Status.VISIBLE).count(),
            "watched_topics": TopicWatch.objects.filter(user=request.user)
            .select_related("topic__board")
            .order_by("-topic__last_post_at")[:50],
            "watched_boards": BoardWatch.objects.filter(user=request.user).select_related("board"),
            "suspension": moderation.suspension_message(member),
            "is_moderator": moderation.is_any_moderator(request.user),
        },
        status=status,
    )


@login_required
def join(request):
    """Accounts made outside sign-up (e.g. editors) create their member profile here."""
    if moderation.member_of(request.user) is not None:
        return redirect("forums:profile")
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.create_member(request.user)
        messages.success(request, "Welcome to the message boards.")
        target = request.GET.get("next", "")
        from django.utils.http import url_has_allowed_host_and_scheme

        if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            return redirect(target)
        return redirect("forums:profile")
    return render(
        request, "forums/join.html", {"form": form}, status=400 if request.method == "POST" else 200
    )


def member_detail(request, member_id):
    _check_id(member_id)
    member = get_object_or_404(Member.objects.select_related("user"), pk=member_id, user__is_active=True)
    if member.profile_visibility != ProfileVisibility.PUBLIC and not request.user.is_authenticated:
        return render(request, "forums/member_private.html", {"member": member}, status=403)
    readable = moderation.readable_board_ids(request.user, BoardPage.objects.all())
    recent = (
        Post.objects.filter(
            author=member.user, status=Status.VISIBLE, topic__status=Status.VISIBLE, board_id__in=readable
        )
        .select_related("topic", "board")
        .order_by("-created_at")[:10]
    )
    return render(
        request,
        "forums/member_detail.html",
        {
            "member": member,
            "post_count": Post.objects.filter(author=member.user, status=Status.VISIBLE).count(),
            "recent_posts": recent,
            **member_profile.member_page_extras(request.user, member),  # issue 16
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def export_data(request):
    if request.method == "GET":
        return render(request, "forums/export.html", {})
    data = export_member_data(request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="my-message-board-data.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account_view(request):
    if request.user.is_staff or request.user.is_superuser:
        # Editors' accounts also run the CMS; an administrator removes them in the Wagtail admin.
        return render(request, "forums/delete_account.html", {"staff": True}, status=403)
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        delete_account(user, form.cleaned_data["posts"])
        return render(request, "forums/account_deleted.html", {})
    return render(
        request,
        "forums/delete_account.html",
        {
            "form": form,
            "post_count": Post.objects.filter(author=request.user).exclude(status=Status.DELETED).count(),
        },
        status=400 if request.method == "POST" else 200,
    )


@csrf_exempt  # mail clients POST here without a CSRF token (RFC 8058); the signed token is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """One click (GET or an RFC 8058 POST) stops the emails; the page offers to undo it."""
    try:
        user_id, kind, object_id = read_unsubscribe_token(token)
    except signing.BadSignature:
        return render(request, "forums/unsubscribe.html", {"invalid": True}, status=400)
    model, field = (TopicWatch, "topic_id") if kind == "topic" else (BoardWatch, "board_id")
    if request.method == "POST" and request.POST.get("watch") == "1":
        # "Undo": only from our own page, which carries a CSRF token.
        model.objects.get_or_create(user_id=user_id, **{field: object_id})
        return render(
            request, "forums/unsubscribe.html", {"resubscribed": True, "token": token, "kind": kind}
        )
    model.objects.filter(user_id=user_id, **{field: object_id}).delete()
    target = (
        Topic.objects.filter(pk=object_id).first()
        if kind == "topic"
        else BoardPage.objects.filter(pk=object_id).first()
    )
    return render(request, "forums/unsubscribe.html", {"kind": kind, "target": target, "token": token})
