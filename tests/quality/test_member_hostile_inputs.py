"""Every form and endpoint of issue 16's member features answers hostile input with a 4xx or a
clean page: never a 500, never the payload's markup reflected unescaped, and on a refusal the
member's own text is still on the page."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from forums.member_models import Conversation, Message
from tests.factories.forums import (
    BoardPageFactory,
    ForumIndexPageFactory,
    MemberFactory,
    TopicFactory,
    make_lead_moderator,
)
from tests.quality.test_hostile_inputs import HOSTILE, MARKUP


@pytest.fixture
def setup(home):
    board = BoardPageFactory(parent=ForumIndexPageFactory(parent=home), title="Board")
    maple, river = MemberFactory(display_name="Maple"), MemberFactory(display_name="River")
    lead = make_lead_moderator("LeadLee")
    topic = TopicFactory(board=board, author=river.user)
    client = Client()
    client.force_login(maple.user)
    client.post("/members/messages/new/", {"to": "River", "subject": "Hi", "message": "Hello"})
    conversation = Conversation.objects.get()
    river_message = Message.objects.create(conversation=conversation, author=river.user, body="Reply")
    return {
        "client": client,
        "conversation": conversation,
        "message": river_message,
        "post": topic.posts.get(),
        "river": river,
        "lead": lead,
    }


def forms(ctx):
    """(path, field names) for every POST form of the member features."""
    c, m, p = ctx["conversation"], ctx["message"], ctx["post"]
    return [
        ("/members/messages/new/", ["to", "subject", "message", "website"]),
        (f"/members/messages/{c.pk}/", ["message", "website"]),
        (f"/members/messages/report/{m.pk}/", ["reason", "details"]),
        ("/members/profile/preferences/", ["allow_messages", "email_frequency", "emails_paused_until"]),
        ("/members/profile/watch-frequency/", ["kind", "object_id", "frequency"]),
        (
            "/members/profile/details/",
            [
                "diagnosis_type",
                "diagnosis_stage",
                "diagnosis_year",
                "diagnosis_visibility",
                "treatments",
                "treatments_visibility",
                "about_me",
                "about_me_visibility",
                "show_signature",
            ],
        ),
        (f"/members/posts/{p.pk}/react/", ["reaction", "next"]),
        (f"/members/posts/{p.pk}/bookmark/", ["next"]),
        (f"/members/{ctx['river'].pk}/block/", ["block"]),
        ("/members/notifications/", ["page"]),
    ]


def assert_clean(response, path, value):
    assert response.status_code < 500, (path, value, response.status_code)
    if response.status_code in (301, 302):
        assert response["Location"].startswith("/") and not response["Location"].startswith("//"), path
        return
    body = response.content.decode("utf-8", "replace")
    for markup in MARKUP:
        assert markup not in body, (path, markup)


def test_every_member_form_survives_hostile_input(setup):
    client = setup["client"]
    for path, fields in forms(setup):
        for value in HOSTILE:
            response = client.post(path, dict.fromkeys(fields, value))
            assert_clean(response, path, value)


def test_text_kept_on_refusal(setup):
    client = setup["client"]
    typed = "Words I do not want to lose"
    refused = client.post("/members/messages/new/", {"to": "Nobody", "subject": "S", "message": typed})
    assert refused.status_code == 400 and typed in refused.content.decode()
    details = client.post("/members/profile/details/", {"about_me": typed, "diagnosis_year": "abc"})
    assert details.status_code == 400 and typed in details.content.decode()


def test_member_endpoints_with_hostile_query_and_ids(setup):
    client = setup["client"]
    lead = Client()
    lead.force_login(setup["lead"].user)
    for value in HOSTILE:
        for path in [
            "/members/messages/",
            "/members/messages/new/",
            "/members/notifications/",
            "/members/saved/",
            "/members/latest/",
            "/members/mention-names/",
        ]:
            assert_clean(
                client.get(path, {"page": value, "q": value, "to": value, "new": value}), path, value
            )
        assert_clean(
            lead.post("/moderation/messages/1/", {"action": value, "reason": value}), "review", value
        )
    for path in [
        "/members/messages/99999999999999999999999/",
        "/members/messages/report/0/",
        "/members/unsubscribe/digest/%3Cscript%3E/",
        "/moderation/messages/99999999999999999999999/",
    ]:
        response = lead.get(path)
        assert 400 <= response.status_code < 500, path
    page = BeautifulSoup(client.get("/members/latest/", {"new": MARKUP[0]}).content, "html.parser")
    assert not page.select("script:-soup-contains('alert')")
