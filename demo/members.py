"""Demo content for the member features: a private conversation, reactions, a saved
post, a diagnosis profile shown to members and a daily-digest member. Idempotent: only what is
missing is created. Called from demo.forums.load with the demo members (display name → user)."""

from forums import reactions
from forums.member_models import (
    Bookmark,
    Conversation,
    ConversationMember,
    MemberPreferences,
    MemberProfile,
    Message,
    Reaction,
)
from forums.models import Post, Status

DEMO_SUBJECT = "Thank you for your reply"


def load(members, log):
    maple, river, sunny = members["MapleLeaf"], members["RiverStone"], members["SunnyDays"]
    created = []
    details, made = MemberProfile.objects.get_or_create(
        member=maple.member,
        defaults={
            "diagnosis_type": "Invasive ductal carcinoma",
            "diagnosis_stage": "I",
            "diagnosis_year": 2025,
            "diagnosis_visibility": "members",
            "about_me": "Gardener, mother of two, finding my way through treatment.",
            "about_me_visibility": "everyone",
            "show_signature": True,
        },
    )
    if made:
        created.append("a diagnosis profile")
    if MemberPreferences.objects.get_or_create(member=sunny.member, defaults={"email_frequency": "daily"})[1]:
        created.append("a daily-digest member")
    if not Conversation.objects.filter(subject=DEMO_SUBJECT).exists():
        conversation = Conversation.objects.create(subject=DEMO_SUBJECT)
        ConversationMember.objects.bulk_create(
            [ConversationMember(conversation=conversation, user=u) for u in (maple, river)]
        )
        Message.objects.create(
            conversation=conversation,
            author=river,
            body="Your post about the first appointment helped me so much. Thank you for writing it.",
        )
        Message.objects.create(conversation=conversation, author=maple, body="I'm so glad. How did yours go?")
        created.append("a private conversation")
    first_posts = Post.objects.filter(is_first=True, status=Status.VISIBLE, author=maple).order_by("pk")[:2]
    for post in first_posts:
        for user, label in ((river, "Thank you"), (sunny, "Sending hugs"), (river, "Me too")):
            Reaction.objects.get_or_create(post=post, user=user, label=label)
        Bookmark.objects.get_or_create(user=sunny, post=post)
    reactions.recount([post.pk for post in first_posts])  # the counts the topic page shows
    if created:
        log("  created " + ", ".join(created) + " (member features)")
