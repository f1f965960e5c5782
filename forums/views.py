"""The board and topic pages, and a post's permalink: BoardPage's routes "board", "search",
"topic" and "post". Every board sub-page is registered with `board_route` (forums.view_helpers),
which applies the read/sign-in/member guard from forums.policy once; the other page families
are forums.views_posting (new topic, reply, edit, delete, history), forums.views_board_actions
(report, watch) and forums.views_account (profile, join, member page, export, deletion,
unsubscribe)."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe

from core.cache import shells
from core.pagination import paginate
from core.sessions import request_user
from core.text import clean_query
from forums import (
    anon_pages,
    blank_forms,
    board_fragments,
    fragments,
    listing,
    member_pages,
    policy,
    view_helpers,
    views_modtools,
)
from forums.forms import ReplyForm
from forums.models import ForumSettings, Post, Status
from forums.search import search_posts
from forums.view_helpers import board_route

# The shared helpers, under the names these views were written with.
_board_context = view_helpers.board_context
_topic_or_404 = view_helpers.topic_or_404
_post_or_404 = view_helpers.post_or_404
_post_url = view_helpers.post_url


@board_route("board")
@anon_pages.shared_for_anonymous
@member_pages.shared_shell
def board(request, board):
    user = request_user(request)
    page_obj, elided, member, watching = listing.board_topics(board, user, request.GET.get("page"))
    board_fragments.attach_rows(request, board, page_obj.object_list)
    return shells.render(
        request,
        "forums/board_page.html",
        _board_context(
            request,
            board,
            page_obj=page_obj,
            elided_range=elided,
            member=member,
            can_watch=policy.can_watch(user, board, page_view_checked=True),
            watching=watching,
        ),
    )


@board_route("search")
def board_search(request, board):
    query, truncated = clean_query(request.GET.get("q", ""))
    page_obj, elided = None, []
    if query:
        results = search_posts(request.user, query, board=board)
        page_obj, elided = paginate(
            request, results, settings.SEARCH_RESULTS_PER_PAGE, on_each_side=2, on_ends=1
        )
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


@board_route("topic")
@anon_pages.shared_for_anonymous
@member_pages.shared_shell
def topic_detail(request, board, topic_id):
    try:
        topic = _topic_or_404(request, board, topic_id)
    except Http404:  # a moved topic's old address, or a rejected topic seen by its author
        return views_modtools.missing_topic(request, board, topic_id)
    labels = ForumSettings.for_request(request).reaction_labels()  # reactions, saved posts, blocks
    user = request_user(request)  # read ~150 times below: not through the lazy wrapper
    page_obj, elided = listing.topic_posts(board, topic, user, request.GET.get("page"), labels)
    member = policy.member_of(user)
    watching = False
    can_reply = None
    if member:
        watching = listing.is_watching(user, topic)
        listing.mark_read(user, topic)
        can_reply = policy.posting_refusal(user, board, topic) or True
    is_moderator = policy.is_moderator(user, board)
    rows = list(page_obj.object_list)
    # Context flags for the template, from the policy (the reader's part decided once a page).
    powers = policy.page_post_powers(user, board, topic, rows, page_view_checked=True)
    for post in rows:
        post.board, post.topic = board, topic
        post.can_edit, post.can_delete, post.can_report = powers[post.pk]
    # The author lines from the shared cache, the links reversed once for the page.
    fragments.attach_headers(rows, user, is_moderator=is_moderator)
    fragments.attach_links(request, board, topic, rows, can_reply=can_reply, is_moderator=is_moderator)
    # Where the post's forms come back to: this page of the topic, and nothing else of the
    # query string (it is part of every cached article's key: ?x=<random> must not make new ones).
    next_path = request.path + (f"?page={page_obj.number}" if "page" in request.GET else "")
    # Each post's whole article from the shared cache, keyed by everything it shows this reader.
    fragments.attach_articles(request, rows, next_path=next_path)
    page_obj.object_list = rows
    articles_html = mark_safe("".join(post.article_html for post in rows))  # noqa: S308 (each rendered by our template)
    return shells.render(
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
            can_watch=policy.can_watch(user, board, page_view_checked=True),
            watching=watching,
            can_reply=can_reply,
            reply_fields=blank_forms.blank_fields(ReplyForm) if can_reply is True else None,
            is_moderator=is_moderator,
            next_path=next_path,
            articles_html=articles_html,
            count_sentence=listing.count_sentence(page_obj),
            **views_modtools.topic_extras(request, board, topic),
        ),
        # Only a visible topic's page shares its shell (a held one's title is its author's).
        shared=topic.status == Status.VISIBLE,
    )


@board_route("post")
def post_link(request, board, post_id):
    post = _post_or_404(board, post_id)
    topic = _topic_or_404(request, board, post.topic_id)
    if not Post.objects.filter(policy.visible_posts_filter(request.user, board), pk=post.pk).exists():
        raise Http404("No such post")
    return redirect(_post_url(board, topic, post))
