"""A member's own data: download it as JSON, or delete the account.

On deletion the member chooses what happens to their words:
- "remove": their posts are deleted. A topic they started that others replied to stays, its
  first message replaced by a note, so the replies keep their context.
- "keep": posts stay, shown as written by "Deleted member"; nothing links them to the person.
In both cases the account, profile, email addresses, watches and read markers are deleted.

The moderation log is append-only, but with "remove" it forgets the member's words: the post
text copied into moderators' edit rows and the titles of topics they started are redacted
(`ModerationActionQuerySet.redact_authored`); who acted, when, how and why stay, with the
display name the member had. `templates/forums/delete_account.html` says exactly this.
"""

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from forums import member_privacy, reactions
from forums.models import ModerationAction, Post, Report, Status, Topic
from forums.posting import refresh_topic

REMOVE_POSTS = "remove"
KEEP_POSTS = "keep"


def _iso(value):
    return value.isoformat() if value else None


EXPORT_README = [
    "This file holds what you gave the message boards, as JSON (a plain-text format any text "
    "editor can open).",
    "account: your email addresses and when you joined and last signed in.",
    "profile: your display name, who may see your profile,, your notification and message choices "
    "(preferences) and the optional profile fields with who may see each (details).",
    "topics and posts: everything you wrote, with its web address, its moderation status "
    "(visible, held for review, hidden or removed by a moderator, deleted by you) and, for posts "
    "you edited, each earlier version (revisions).",
    "reports: the posts and private messages you reported to the moderators, and what happened to each report.",
    "messages: your private conversations: their subject, who took part and the messages you wrote.",
    "watching: the topics and boards you get emails about, with their titles and addresses.",
    "Times are in UTC (ISO 8601). Questions: use the contact details on the website.",
]


def _board_url(board, cache):
    if board.pk not in cache:
        cache[board.pk] = board.get_full_url() or ""
    return cache[board.pk]


def _topic_url(topic, cache):
    return _board_url(topic.board, cache) + topic.board.reverse_subpage("topic", args=[topic.pk])


def _post_url(post, cache):
    return _board_url(post.board, cache) + post.board.reverse_subpage("post", args=[post.pk])


def export_member_data(user):
    member = getattr(user, "member", None)
    urls = {}
    topics = Topic.objects.filter(author=user).select_related("board").order_by("created_at")
    posts = (
        Post.objects.filter(author=user)
        .select_related("topic", "board")
        .prefetch_related("revisions")
        .order_by("created_at")
    )
    reports = (
        Report.objects.filter(reporter=user)
        .select_related("post__board", "post__topic")
        .order_by("created_at")
    )
    topic_watches = user.topic_watches.select_related("topic__board").order_by("created_at")
    board_watches = user.board_watches.select_related("board").order_by("created_at")
    return {
        "README": EXPORT_README,
        "exported_at": _iso(timezone.now()),
        "account": {
            "email": user.email,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "email_addresses": [
                {"email": e.email, "verified": e.verified, "primary": e.primary}
                for e in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
        },
        "profile": (
            {
                "display_name": member.display_name,
                "profile_visibility": member.profile_visibility,
                "joined": _iso(member.created_at),
                "confirmed_adult_at": _iso(member.confirmed_adult_at),
                "accepted_guidelines_at": _iso(member.accepted_guidelines_at),
                "email_notifications": member.email_notifications,
                **member_privacy.export_profile(member),
            }
            if member
            else None
        ),
        "topics": [
            {
                "id": t.pk,
                "title": t.title,
                "board": t.board.title,
                "url": _topic_url(t, urls),
                "created_at": _iso(t.created_at),
                "status": t.status,
            }
            for t in topics
        ],
        "posts": [
            {
                "id": p.pk,
                "topic_id": p.topic_id,
                "topic_title": p.topic.title,
                "board": p.board.title,
                "url": _post_url(p, urls),
                "created_at": _iso(p.created_at),
                "edited_at": _iso(p.edited_at),
                "status": p.status,
                "message": p.body,
                "revisions": [
                    {"replaced_at": _iso(r.replaced_at), "message": r.body, "reason": r.reason}
                    for r in p.revisions.all()
                ],
            }
            for p in posts
        ],
        "reports": [
            {
                "created_at": _iso(r.created_at),
                "post_url": _post_url(r.post, urls),
                "topic_title": r.post.topic.title,
                "reason": r.get_reason_display(),
                "details": r.details,
                "status": r.status,
            }
            for r in reports
        ]
        + member_privacy.export_message_reports(user),
        "watching": {
            "topics": [
                {"id": w.topic_id, "title": w.topic.title, "url": _topic_url(w.topic, urls)}
                for w in topic_watches
            ],
            "boards": [
                {"id": w.board_id, "title": w.board.title, "url": _board_url(w.board, urls)}
                for w in board_watches
            ],
        },
        "messages": member_privacy.export_messages(user),
    }


@transaction.atomic
def delete_account(user, posts_choice):
    if posts_choice not in (REMOVE_POSTS, KEEP_POSTS):
        raise ValueError(f"Unknown choice {posts_choice!r}")
    touched_topic_ids = set(Post.objects.filter(author=user).values_list("topic_id", flat=True))
    if posts_choice == REMOVE_POSTS:
        ModerationAction.objects.redact_authored(
            list(Post.objects.filter(author=user).values_list("pk", flat=True)),
            list(Topic.objects.filter(author=user).values_list("pk", flat=True)),
        )
        for topic in Topic.objects.filter(author=user):
            others = Post.objects.filter(topic=topic).exclude(author=user).exists()
            if not others:
                topic.delete()  # cascades to its posts and their search entries
                touched_topic_ids.discard(topic.pk)
        for post in Post.objects.filter(author=user):
            if post.is_first:
                # Keep the row so other members' replies still have a topic; drop the words.
                post.body = "This message was removed by its author."
                post.status = Status.DELETED
                post.author = None
                post.save()
                post.revisions.all().delete()
            else:
                post.delete()
    member_privacy.remove_messages_text(user)  # messages' words go with the account
    reacted_to = reactions.posts_reacted_to_by(user)
    user.delete()  # posts kept are now by "Deleted member" (author SET_NULL); reactions go
    reactions.recount(reacted_to, create=False)  # one recount for all their posts
    for topic in Topic.objects.filter(pk__in=touched_topic_ids):
        refresh_topic(topic)
