"""Issue 12, items 1, 2, 4-8, 13-15: the holes an outside review found in who may do what."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import nested_form_data, rich_text

from forums import actions, policy, posting, screening
from forums.models import (
    ActionKind,
    BoardVisibility,
    BoardWatch,
    ForumSettings,
    ModerationAction,
    Post,
    PreModeration,
    Report,
    Status,
    TopicWatch,
)
from forums.modtools_models import WatchedAction, WatchedWord
from tests.factories.forums import (
    PASSWORD,
    BoardPageFactory,
    MemberFactory,
    PostFactory,
    TopicFactory,
    UserFactory,
    make_moderator,
)


def client_for(member):
    client = Client()
    client.force_login(member.user)
    return client


def edit_url(post):
    return post.board.url + f"posts/{post.pk}/edit/"


# Item 1: edits pass the gates of a new post ---------------------------------------------------


@pytest.mark.parametrize("state", ["banned", "suspended", "locked"])
def test_edits_are_refused_like_new_posts_and_keep_the_typed_text(board, state):
    author = MemberFactory()
    topic = TopicFactory(board=board, author=author.user)
    post = topic.posts.get()
    if state == "banned":
        author.is_banned = True
        author.save()
    elif state == "suspended":
        author.suspended_until = timezone.now() + dt.timedelta(days=2)
        author.save()
    else:
        topic.is_locked = True
        topic.save()
    typed = "Buy cheap pills at [a](https://a.example) <script>alert(1)</script>"
    response = client_for(author).post(edit_url(post), {"message": typed, "title": topic.title})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Buy cheap pills" in html and "<script>alert(1)" not in html  # kept, escaped
    assert 'role="alert"' in html or "error" in html
    post.refresh_from_db()
    assert post.body.startswith("Opening") and post.pending_at is None


def test_an_edit_a_new_post_would_hold_waits_for_review_and_the_approved_text_stays(
    board, moderator, mod_client
):
    board.premoderation = PreModeration.ALL
    board.save()
    WatchedWord.objects.create(board=board, word="casino", action=WatchedAction.HOLD)  # was a blocked word
    author = MemberFactory()
    post = PostFactory(topic=TopicFactory(board=board), author=author.user, body="Thank you all")
    response = client_for(author).post(edit_url(post), {"message": "Visit the <b>casino</b>\nThank you all"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body == "Thank you all" and post.pending_body.startswith("Visit the")
    assert post.pending_reason and post.pending_at
    reader = Client().get(post.topic.url).content.decode()
    assert "Thank you all" in reader and "casino" not in reader

    queue = mod_client.get("/moderation/").content.decode()
    assert "Edit awaiting review" in queue
    assert "Added: </span>Visit the &lt;b&gt;casino&lt;/b&gt;" in queue  # the diff, escaped
    assert "<b>casino</b>" not in queue
    mod_client.post(f"/moderation/posts/{post.pk}/approve_edit/", {"reason": ""})
    post.refresh_from_db()
    assert post.body.startswith("Visit the") and post.pending_at is None
    assert post.revisions.filter(body="Thank you all").exists()
    assert ModerationAction.objects.filter(action=ActionKind.APPROVE_EDIT, target_id=post.pk).exists()


def test_a_rejected_edit_leaves_the_post_as_it_was_and_tells_the_author(
    board, moderator, django_capture_on_commit_callbacks
):
    WatchedWord.objects.create(board=board, word="miracle", action=WatchedAction.HOLD)  # was a blocked word
    author = MemberFactory()
    post = PostFactory(topic=TopicFactory(board=board), author=author.user, body="Original words")
    assert posting.author_edit(post, author, "A miracle cure") == posting.EDIT_PENDING
    with pytest.raises(actions.ActionRefused):
        actions.reject_edit(moderator.user, post, "")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.reject_edit(moderator.user, post, "Blocked word")
    post.refresh_from_db()
    assert post.body == "Original words" and post.pending_body == "" and post.pending_at is None
    assert [m.to for m in mail.outbox] == [[author.user.email]]
    assert "your edit" in mail.outbox[0].body


def test_new_members_edit_with_many_links_is_held(board, site):
    config = ForumSettings.for_site(site)
    config.new_member_max_links = 2
    config.save()
    newcomer = MemberFactory(created_at=timezone.now())
    post = PostFactory(topic=TopicFactory(board=board), author=newcomer.user, body="Hello")
    spam = "[a](https://a.example) [b](https://b.example) [c](https://c.example) [d](https://d.example)"
    client_for(newcomer).post(edit_url(post), {"message": spam})
    post.refresh_from_db()
    assert post.body == "Hello" and "4 links" in post.pending_reason


def test_edits_count_against_the_posting_rate_limit(board, site):
    config = ForumSettings.for_site(site)
    config.posts_per_window = 1
    config.save()
    author = MemberFactory()
    post = PostFactory(topic=TopicFactory(board=board), author=author.user, body="First")
    client = client_for(author)
    assert client.post(edit_url(post), {"message": "Second"}).status_code == 302
    response = client.post(edit_url(post), {"message": "Third version of my words"})
    assert response.status_code == 429 and "Third version of my words" in response.content.decode()
    post.refresh_from_db()
    assert post.body == "Second"


# Item 2: a verified primary email for every member power, whatever the login path -----------


def test_unverified_account_signed_in_through_wagtail_login_gets_no_member_powers(
    private_board, board, moderator
):
    user = UserFactory(verified=False, is_staff=True)
    MemberFactory(user=user)
    client = Client()
    client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert "_auth_user_id" in client.session
    topic = TopicFactory(board=private_board, title="Private words")
    response = client.get(private_board.url)
    assert response.status_code == 403 and "Private words" not in response.content.decode()
    assert "confirm your email address" in response.content.decode()
    client.post(board.url + "watch/", {"watch": "1"})
    assert not BoardWatch.objects.filter(user=user).exists()
    public_post = TopicFactory(board=board).posts.get()
    mail.outbox.clear()
    client.post(board.url + f"posts/{public_post.pk}/report/", {"reason": "crisis", "details": "x"})
    assert not Report.objects.exists() and mail.outbox == []
    assert topic.pk  # the members-only topic exists; the account just may not read it


def test_a_secondary_verified_address_is_not_enough(board):
    member = MemberFactory(user=UserFactory(verified=False))
    member.user.emailaddress_set.create(email="other@example.org", verified=True, primary=False)
    member.user.emailaddress_set.create(email=member.user.email, verified=False, primary=True)
    assert policy.posting_refusal(member.user, board).startswith("Confirm your email")


def test_watch_emails_go_only_to_verified_watchers_who_may_still_read(board, private_board):
    verified, unverified = MemberFactory(), MemberFactory(user=UserFactory(verified=False))
    for watcher in (verified, unverified):
        BoardWatch.objects.create(user=watcher.user, board=board)
    mail.outbox.clear()
    posting.start_topic(board, MemberFactory(), "Hello", "New words")
    assert [m.to for m in mail.outbox] == [[verified.user.email]]


# Items 4 and 5: view restrictions and members-only boards in every listing ----------------


@pytest.fixture
def restricted_board(forum):
    board = BoardPageFactory(parent=forum, title="Survivors circle", slug="survivors-circle")
    PageViewRestriction.objects.create(page=board, restriction_type="password", password="s3cret")
    return board


def test_view_restricted_board_posts_stay_out_of_search_profiles_and_emails(client, restricted_board, member):
    author = MemberFactory(profile_visibility="public")
    topic = TopicFactory(board=restricted_board, author=author.user, title="Whispered")
    PostFactory(topic=topic, author=author.user, body="Zanzibarian secret words")
    assert "secret words" not in client.get("/search/", {"q": "Zanzibarian"}).content.decode()
    member_client = client_for(member)
    assert "secret words" not in member_client.get("/search/", {"q": "Zanzibarian"}).content.decode()
    assert "Whispered" not in member_client.get("/search/", {"q": "Zanzibarian"}).content.decode()
    profile = member_client.get(f"/members/{author.pk}/").content.decode()
    assert "Whispered" not in profile
    BoardWatch.objects.create(user=member.user, board=restricted_board)
    TopicWatch.objects.create(user=member.user, topic=topic)
    mail.outbox.clear()
    posting.reply_to(topic, author, "More secret words")
    assert mail.outbox == []
    # The page view itself still works for whoever typed the password (Wagtail's own check).
    assert client.get(restricted_board.url).status_code == 200
    assert "password" in client.get(restricted_board.url).content.decode().lower()


def test_groups_and_login_restrictions_in_listings(forum, member):
    circle = Group.objects.create(name="Circle")
    grouped = BoardPageFactory(parent=forum, title="Grouped")
    restriction = PageViewRestriction.objects.create(page=grouped, restriction_type="groups")
    restriction.groups.add(circle)
    login_only = BoardPageFactory(parent=forum, title="Login only")
    PageViewRestriction.objects.create(page=login_only, restriction_type="login")
    assert grouped.pk not in policy.readable_board_ids(member.user)
    assert login_only.pk in policy.readable_board_ids(member.user)
    assert login_only.pk not in policy.readable_board_ids(AnonymousUser())
    insider = MemberFactory()
    insider.user.groups.add(circle)
    assert grouped.pk in policy.readable_board_ids(insider.user)


def test_members_only_boards_stay_out_of_anonymous_search_and_the_sitemap(client, forum, private_board):
    private_board.description = "Quixotically private description"
    private_board.save_revision().publish()
    assert "Living with MBC" not in client.get("/search/", {"q": "Quixotically"}).content.decode()
    assert private_board.url not in client.get("/sitemap.xml").content.decode()
    assert forum.url in client.get("/sitemap.xml").content.decode()
    member = MemberFactory()
    assert "Living with MBC" in client_for(member).get("/search/", {"q": "Quixotically"}).content.decode()
    index = client.get(forum.url).content.decode()
    assert "Living with MBC" in index and "Members only" in index


# Item 6: assigning a board's moderator group ----------------------------------------------


def test_only_permitted_editors_see_the_moderator_group_field(board):
    editor = UserFactory(is_staff=True)
    lead = MemberFactory().user
    lead.groups.add(policy.ensure_lead_moderators_group())
    form_class = type(board).get_edit_handler().get_form_class()
    assert "moderator_group" not in form_class(instance=board, for_user=editor).fields
    assert "moderator_group" in form_class(instance=board, for_user=lead).fields
    assert not policy.can_assign_moderator_group(editor)
    assert policy.can_assign_moderator_group(lead)


def test_assigning_a_moderator_group_in_the_editor_is_logged(client, board):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(superuser)
    group = Group.objects.create(name="Moderators: Newly Diagnosed")
    data = nested_form_data(
        {
            "title": board.title,
            "slug": board.slug,
            "description": board.description,
            "guidelines": rich_text(""),
            "visibility": board.visibility,
            "premoderation": board.premoderation,
            "premoderation_threshold": board.premoderation_threshold,
            "moderator_group": group.pk,
            "action-publish": "publish",
        }
    )
    response = client.post(f"/admin/pages/{board.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    board.refresh_from_db()
    assert board.moderator_group_id == group.pk
    row = ModerationAction.objects.get(action=ActionKind.ASSIGN_MODERATORS)
    assert (
        row.board_id == board.pk
        and row.after["group_name"] == group.name
        and row.moderator_id == superuser.pk
    )


# Item 7: who acts on whom -----------------------------------------------------------------


def test_board_moderators_cannot_act_on_moderators_and_nobody_on_a_superuser(board, other_board, lead):
    moderator = make_moderator(board)
    fellow = make_moderator(board)
    elsewhere = make_moderator(other_board)
    for target in (lead, fellow, elsewhere):
        PostFactory(topic=TopicFactory(board=board), author=target.user)
        with pytest.raises(PermissionDenied, match="lead moderators"):
            actions.suspend(moderator.user, target, board, timezone.now() + dt.timedelta(days=365), "Gone")
        target.refresh_from_db()
        assert target.suspended_until is None
    superuser = MemberFactory(user=UserFactory(is_superuser=True))
    PostFactory(topic=TopicFactory(board=board), author=superuser.user)
    with pytest.raises(PermissionDenied, match="superuser"):
        actions.suspend(lead.user, superuser, board, timezone.now() + dt.timedelta(days=1), "No")
    with pytest.raises(PermissionDenied):
        actions.ban(lead.user, superuser, board, "No")
    actions.suspend(lead.user, fellow, board, timezone.now() + dt.timedelta(days=1), "Cool off")
    fellow.refresh_from_db()
    assert fellow.suspended_until is not None


def test_moderation_page_explains_instead_of_offering_member_actions_on_a_lead(board, lead, mod_client):
    post = PostFactory(topic=TopicFactory(board=board), author=lead.user)
    html = mod_client.get(f"/moderation/posts/{post.pk}/").content.decode()
    assert "Only lead moderators can act on moderators." in html and "Suspend posting" not in html
    response = mod_client.post(f"/moderation/posts/{post.pk}/member/suspend/", {"days": 365, "reason": "x"})
    assert response.status_code == 403


# Item 8: links counted in the HTML that would be shown --------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("[a](//spam.example) [b](//spam.example/x)", 2),
        ("<spam@spam.example> and <more@spam.example>", 2),
        ("[c](spam.example) visit spam.example today", 2),
        ("See https://a.example and www.b.example and [c](https://c.example)", 3),
        ("No links here, e.g. none at all. 3.5 cm.", 0),
    ],
)
def test_links_are_counted_in_the_rendered_post(text, expected):
    assert screening.count_links(text) == expected


def test_protocol_relative_links_hold_a_new_members_post(board, site):
    config = ForumSettings.for_site(site)
    config.new_member_max_links = 1
    config.save()
    newcomer = MemberFactory(created_at=timezone.now())
    post = posting.reply_to(
        TopicFactory(board=board), newcomer, "[a](//spam.example) <b@spam.example> [c](spam.example)"
    )
    assert post.status == Status.HELD and "3 links" in post.held_reason


# Item 13: queue history only from the moderator's boards -----------------------------------


def test_queue_history_is_limited_to_the_moderators_boards(board, other_board, moderator, lead):
    author = MemberFactory(display_name="Wanderer")
    elsewhere = PostFactory(topic=TopicFactory(board=other_board), author=author.user)
    actions.hide(lead.user, elsewhere, "Secret reason from elsewhere")
    board.premoderation = PreModeration.ALL
    board.save()
    posting.reply_to(TopicFactory(board=board), author, "Held here")
    html = client_for(moderator).get("/moderation/").content.decode()
    assert "Held here" in html and "Secret reason from elsewhere" not in html
    assert "No earlier moderation actions." in html
    lead_html = client_for(lead).get("/moderation/").content.decode()
    assert "Secret reason from elsewhere" in lead_html
    held = Post.objects.get(body="Held here")
    post_page = client_for(moderator).get(f"/moderation/posts/{held.pk}/").content.decode()
    assert "Secret reason from elsewhere" not in post_page


# Item 14: watched topics on the profile ----------------------------------------------------


def test_profile_lists_only_watched_topics_the_member_may_read_now(board, forum, member, lead):
    visible = TopicFactory(board=board, title="Still here")
    hidden = TopicFactory(board=board, title="Hidden since")
    closed_board = BoardPageFactory(parent=forum, title="Closed", visibility=BoardVisibility.MEMBERS)
    restricted = TopicFactory(board=closed_board, title="Behind a password")
    PageViewRestriction.objects.create(page=closed_board, restriction_type="password", password="pw")
    for topic in (visible, hidden, restricted):
        TopicWatch.objects.create(user=member.user, topic=topic)
    actions.hide(lead.user, hidden.posts.get(is_first=True), "Off topic")
    html = client_for(member).get("/members/profile/").content.decode()
    assert "Still here" in html
    assert "Hidden since" not in html and "Behind a password" not in html


# Item 15: every refusal keeps the form and the typed text ----------------------------------


@pytest.mark.parametrize("state", ["suspended", "locked"])
def test_refused_reply_comes_back_with_the_typed_text(board, state):
    member = MemberFactory()
    topic = TopicFactory(board=board)
    if state == "suspended":
        member.suspended_until = timezone.now() + dt.timedelta(hours=5)
        member.save()
    else:
        topic.is_locked = True
        topic.save()
    typed = "Something I spent a long time writing"
    response = client_for(member).post(topic.url + "reply/", {"message": typed})
    assert response.status_code == 403
    html = response.content.decode()
    assert typed in html and "<textarea" in html
    assert ("suspended" in html) if state == "suspended" else ("locked" in html)
    assert not Post.objects.filter(body=typed).exists()


def test_refused_new_topic_comes_back_with_the_typed_text(board):
    member = MemberFactory(is_banned=True)
    response = client_for(member).post(board.url + "new/", {"title": "My title", "message": "My long text"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "My long text" in html and 'value="My title"' in html and "no longer post" in html
