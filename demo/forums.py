"""Demo content for the message boards: guidelines, the boards index, four boards, members
and a few conversations. Idempotent: only what is missing is created."""

import datetime as dt

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Site

from demo import members as demo_members
from demo import modtools as demo_modtools
from demo.utils import ensure_child, rich, stream_value
from forums.models import (
    BoardPage,
    BoardVisibility,
    CannedResponse,
    ForumIndexPage,
    ForumSettings,
    Member,
    Post,
    Report,
    Status,
    Topic,
)
from forums.policy import ensure_lead_moderators_group
from forums.posting import refresh_topic
from forums.screening import hold_reason
from pages.models import HomePage, StandardPage

BOARDS = [
    (
        "newly-diagnosed",
        "Newly Diagnosed",
        "For anyone who has just heard the words 'breast cancer': questions, first appointments and "
        "what helped others in the early weeks.",
        BoardVisibility.PUBLIC,
    ),
    (
        "family-friends-and-caregivers",
        "Family, Friends and Caregivers",
        "For partners, children, parents, friends and caregivers supporting someone with breast "
        "cancer, and looking after themselves too.",
        BoardVisibility.PUBLIC,
    ),
    (
        "living-with-metastatic-breast-cancer",
        "Living with Metastatic Breast Cancer",
        "A members-only space for people living with stage IV breast cancer to talk about "
        "treatment, scans, work and everyday life.",
        BoardVisibility.MEMBERS,
    ),
    (
        "life-after-treatment",
        "Life After Treatment",
        "Survivorship: follow-up care, side effects that linger, returning to work and finding a new normal.",
        BoardVisibility.PUBLIC,
    ),
]

MEMBERS = [
    ("maple.demo@example.org", "MapleLeaf"),
    ("river.demo@example.org", "RiverStone"),
    ("sunny.demo@example.org", "SunnyDays"),
    ("harbor.demo@example.org", "HarborLight"),
]

CONVERSATIONS = [
    (
        "newly-diagnosed",
        "MapleLeaf",
        "What should I ask at my first oncology appointment?",
        [
            (
                "MapleLeaf",
                "I was diagnosed last week and my first appointment with the oncologist is on Monday. "
                "My head is spinning. What questions did you wish you had asked?",
            ),
            (
                "RiverStone",
                "Bring someone with you if you can, and a notebook. I asked:\n\n"
                "- What type and stage is it, and what does that mean for treatment?\n"
                "- What are the next tests, and when will I hear results?\n"
                "- Who do I call with questions between appointments?\n\n"
                "It is fine to ask them to slow down or repeat things.",
            ),
            (
                "SunnyDays",
                "Ask if they have a nurse navigator. Mine has been *wonderful* at keeping track of "
                "appointments. And the helpline number at the bottom of this page is worth saving.",
            ),
        ],
    ),
    (
        "family-friends-and-caregivers",
        "HarborLight",
        "Looking after my mom and forgetting to look after me",
        [
            (
                "HarborLight",
                "My mom is halfway through chemo and I drive her to every appointment. I am tired all "
                "the time and feel guilty saying so. How do other caregivers make room for themselves?",
            ),
            (
                "MapleLeaf",
                "From the other side: I was so grateful when my sister took an afternoon off and a "
                "friend drove me instead. Your mom probably wants you to rest too. Could someone share "
                "the driving?",
            ),
        ],
    ),
    (
        "living-with-metastatic-breast-cancer",
        "RiverStone",
        "Scan anxiety: how do you cope with the waiting?",
        [
            (
                "RiverStone",
                "Scans every three months, and the week before is always the hardest. What helps you "
                "get through the wait for results?",
            ),
            (
                "SunnyDays",
                "I plan something small for the evening after every scan, whatever the news. It gives "
                "the day a second meaning.",
            ),
        ],
    ),
    (
        "life-after-treatment",
        "SunnyDays",
        "Going back to work after treatment",
        [
            (
                "SunnyDays",
                "I go back to the office next month after a year away. Did anyone arrange a gradual "
                "return, and how did you talk to your manager about it?",
            ),
        ],
    ),
]


def _ensure_member(email, display_name):
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create(username=email.split("@")[0], email=email)
        user.set_unusable_password()  # demo members sign in after a password reset
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if not hasattr(user, "member"):
        now = timezone.now() - dt.timedelta(days=120)
        Member.objects.create(
            user=user,
            display_name=display_name,
            profile_visibility="public",
            confirmed_adult_at=now,
            accepted_guidelines_at=now,
            created_at=now,
        )
    return user


def _ensure_conversation(board, members, title, posts):
    if Topic.objects.filter(board=board, title=title).exists():
        return False

    start = timezone.now() - dt.timedelta(days=10 - len(title) % 7)
    topic = Topic.objects.create(
        board=board, title=title, author=members[posts[0][0]], created_at=start, last_post_at=start
    )
    for n, (author, body) in enumerate(posts):
        Post.objects.create(
            topic=topic,
            board=board,
            author=members[author],
            body=body,
            is_first=n == 0,
            created_at=start + dt.timedelta(hours=5 * n),
        )
    refresh_topic(topic)
    return True


def load(log):
    home = HomePage.objects.first()
    site = Site.objects.get(is_default_site=True)
    guidelines, _ = ensure_child(
        home,
        StandardPage,
        "community-guidelines",
        log,
        title="Community guidelines",
        listing_summary="How we keep the message boards kind, safe and useful.",
        intro="The message boards are for support, not medical advice. These guidelines keep them a "
        "place where everyone can speak openly.",
        body=stream_value(
            ("heading", {"text": "Be kind and respectful", "level": "h2"}),
            (
                "paragraph",
                rich(
                    "Everyone's experience of breast cancer is different. Disagree gently and never attack "
                    "a person.",
                    "You must be 18 or older to join.",
                ),
            ),
            ("heading", {"text": "Protect privacy", "level": "h2"}),
            (
                "paragraph",
                rich(
                    "Use a display name you are comfortable with. Never post anyone's full name, phone "
                    "number or address, or photos of medical documents.",
                ),
            ),
            ("heading", {"text": "Share experience, not prescriptions", "level": "h2"}),
            (
                "paragraph",
                rich(
                    "Talk about what worked for you, and encourage others to talk with their own care team. "
                    "Moderators remove misleading medical claims.",
                    "Research and survey links need a moderator's approval first. One account per person.",
                ),
            ),
        ),
    )
    forum_settings = ForumSettings.for_site(site)
    if forum_settings.guidelines_page_id is None:
        forum_settings.guidelines_page = guidelines
        forum_settings.save()
    index, _ = ensure_child(
        home,
        ForumIndexPage,
        "message-boards",
        log,
        title="Message Boards",
        show_in_menus=True,
        listing_summary="Share experiences with people who understand.",
        intro="Talk with others affected by breast cancer. Boards are moderated by trained volunteers. "
        "Posts share personal experience, not medical advice.",
    )
    boards = {}
    for slug, title, description, visibility in BOARDS:
        boards[slug], _ = ensure_child(
            index, BoardPage, slug, log, title=title, description=description, visibility=visibility
        )
    members = {name: _ensure_member(email, name) for email, name in MEMBERS}
    created = 0
    for slug, _starter, title, posts in CONVERSATIONS:
        board = BoardPage.objects.get(pk=boards[slug].pk)
        created += _ensure_conversation(board, members, title, posts)
    if created:
        log(f"  created {created} demo topic(s) on the message boards")
    demo_modtools.load(log)  # watched words (issue 17), before the held posts that use them
    _load_moderation(boards, members, log)
    demo_modtools.open_crisis_cases(log)
    demo_members.load(members, log)  # issue 16: messages, reactions, profiles
    return index


# Moderation: a moderator per board, a lead moderator, saved responses, held and reported posts.

MODERATORS = {
    "newly-diagnosed": ("mod.newly-diagnosed.demo@example.org", "NewlyDiagnosedMod"),
    "family-friends-and-caregivers": ("mod.caregivers.demo@example.org", "CaregiversMod"),
    "living-with-metastatic-breast-cancer": ("mod.mbc.demo@example.org", "MetastaticMod"),
    "life-after-treatment": ("mod.after-treatment.demo@example.org", "AfterTreatmentMod"),
}
LEAD_MODERATOR = ("lead.moderator.demo@example.org", "LeadModJordan")

CANNED_RESPONSES = [
    (
        "Medical claim without a source",
        "Your post makes a medical claim we could not find support for. Please share personal experience, "
        "and encourage others to talk with their care team. Our reviewed articles are a good place to start.",
    ),
    (
        "Personal information",
        "We removed someone's personal details (a full name, phone number or address) to protect their "
        "privacy. Please use first names or display names only.",
    ),
    (
        "Advertising or spam",
        "The message boards are for peer support. Posts promoting products, services or fundraising pages "
        "are not allowed.",
    ),
    (
        "Research link awaiting approval",
        "Links to research studies and surveys need a moderator's approval first. We will review it and "
        "publish it if it meets our guidelines.",
    ),
]

HELD_REPLY = (
    "newly-diagnosed",
    "What should I ask at my first oncology appointment?",
    "NewHere2",
    "I'm seeing my surgeon on Thursday. Is it okay to ask for a second opinion before deciding anything? "
    "A neighbour keeps telling me about a miracle cure clinic.",
    None,  # the real rule decides (the board publishes straight away; a watched word holds it)
)
HELD_TOPIC = (
    "life-after-treatment",
    "Join our wellness study",
    "NewHere2",
    "We are recruiting survivors for an online survey about sleep after treatment: "
    "https://survey.example/sleep and https://survey.example/info and https://survey.example/consent",
    "New member's post with 3 links (limit 2).",
)
REPORTED = [
    (
        "life-after-treatment",
        "Going back to work after treatment",
        "CureSeeker",
        "Forget follow-up scans. A strict juice cleanse keeps cancer from coming back, my cousin proved it.",
        "MapleLeaf",
        "misinformation",
        "This tells people to skip their follow-up care.",
    ),
    (
        "living-with-metastatic-breast-cancer",
        "Scan anxiety: how do you cope with the waiting?",
        "QuietNight",
        "Some nights I don't see the point of carrying on with any of this. I'm so tired.",
        "SunnyDays",
        "crisis",
        "I'm worried about QuietNight. Could someone reach out to them tonight?",
    ),
]


def _load_moderation(boards, members, log):
    for slug, (email, name) in MODERATORS.items():
        board = BoardPage.objects.get(pk=boards[slug].pk)
        group, _ = Group.objects.get_or_create(name=f"Moderators: {board.title}")
        if board.moderator_group_id is None:
            board.moderator_group = group
            board.save_revision().publish()
            log(f"  created moderator group for {board.title}")
        user = _ensure_member(email, name)
        user.groups.add(board.moderator_group or group)
    lead = _ensure_member(*LEAD_MODERATOR)
    lead.groups.add(ensure_lead_moderators_group())
    for title, text in CANNED_RESPONSES:
        if not CannedResponse.objects.filter(title=title).exists():
            CannedResponse.objects.create(title=title, text=text)
            log(f"  created saved response '{title}'")

    newcomer = _ensure_member("newhere.demo@example.org", "NewHere2")
    Member.objects.filter(user=newcomer).update(created_at=timezone.now() - dt.timedelta(days=2))
    people = {**members, "NewHere2": newcomer}
    for name in ("CureSeeker", "QuietNight"):
        people[name] = _ensure_member(f"{name.lower()}.demo@example.org", name)

    slug, topic_title, author, body, reason = HELD_REPLY
    topic = Topic.objects.filter(board_id=boards[slug].pk, title=topic_title).first()
    if topic and not Post.objects.filter(topic=topic, body=body).exists():
        reason = hold_reason(topic.board, Member.objects.get(user=people[author]), body)
        Post.objects.create(
            topic=topic,
            board_id=topic.board_id,
            author=people[author],
            body=body,
            status=Status.HELD,
            held_reason=reason,
        )
        log("  created a held reply for the moderation queue")
    slug, title, author, body, reason = HELD_TOPIC
    if not Topic.objects.filter(board_id=boards[slug].pk, title=title).exists():
        held = Topic.objects.create(
            board_id=boards[slug].pk, title=title, author=people[author], status=Status.HELD
        )
        Post.objects.create(
            topic=held,
            board_id=held.board_id,
            author=people[author],
            body=body,
            status=Status.HELD,
            is_first=True,
            held_reason=reason,
        )
        refresh_topic(held)
        log("  created a held topic for the moderation queue")
    for slug, topic_title, author, body, reporter, reason, details in REPORTED:
        topic = Topic.objects.filter(board_id=boards[slug].pk, title=topic_title).first()
        if topic is None:
            continue
        post = Post.objects.filter(topic=topic, body=body).first()
        if post is None:
            post = Post.objects.create(topic=topic, board_id=topic.board_id, author=people[author], body=body)
            refresh_topic(topic)
        _, made = Report.objects.get_or_create(
            post=post, reporter=people[reporter], defaults={"reason": reason, "details": details}
        )
        if made:
            log(f"  created a '{reason}' report for the moderation queue")
