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

from forums.models import ModerationAction, Post, Status, Topic
from forums.posting import refresh_topic

REMOVE_POSTS = "remove"
KEEP_POSTS = "keep"


def _iso(value):
    return value.isoformat() if value else None


def export_member_data(user):
    member = getattr(user, "member", None)
    topics = Topic.objects.filter(author=user).select_related("board").order_by("created_at")
    posts = Post.objects.filter(author=user).select_related("topic").order_by("created_at")
    return {
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
            }
            if member
            else None
        ),
        "topics": [
            {
                "id": t.pk,
                "title": t.title,
                "board": t.board.title,
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
                "created_at": _iso(p.created_at),
                "edited_at": _iso(p.edited_at),
                "status": p.status,
                "message": p.body,
            }
            for p in posts
        ],
        "watching": {
            "topics": list(user.topic_watches.values_list("topic_id", flat=True)),
            "boards": list(user.board_watches.values_list("board_id", flat=True)),
        },
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
    user.delete()  # posts kept are now by "Deleted member" (author SET_NULL)
    for topic in Topic.objects.filter(pk__in=touched_topic_ids):
        refresh_topic(topic)
