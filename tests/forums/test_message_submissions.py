"""Sending a message form twice (issue 13 item 2, for private messages): a one-use token per
form rendering, enforced by a unique constraint, so a double submit sends once and a retry
shows the message that was sent. Concurrent sends run on the suite's real PostgreSQL."""

import uuid

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from demo.factories.forums import MemberFactory
from forums.member_models import Conversation, ConversationMember, Message, Notification
from tests.forums.test_concurrency import run_together

NEW = "/members/messages/new/"
concurrent = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def client_for(member):
    client = Client()
    client.force_login(member.user)
    return client


def token_in(response):
    return BeautifulSoup(response.content, "html.parser").find("input", attrs={"name": "submission_token"})[
        "value"
    ]


def test_each_rendering_of_a_message_form_has_its_own_token(member, other_member):
    client = client_for(member)
    first, second = client.get(NEW), client.get(NEW)
    assert token_in(first) != token_in(second)
    page = first.content.decode()
    assert "data-submit-once" in page and "js/submit-once.js" in page
    client.post(
        NEW, {"to": "River", "subject": "Hi", "message": "Hello", "submission_token": token_in(first)}
    )
    conversation = Conversation.objects.get()
    thread = client.get(f"/members/messages/{conversation.pk}/")
    assert token_in(thread) != token_in(client.get(f"/members/messages/{conversation.pk}/"))
    assert "data-submit-once" in thread.content.decode()


def test_a_retried_new_message_shows_the_sent_conversation(member, other_member):
    client = client_for(member)
    form = {"to": "River", "subject": "Scan day", "message": "Nervous", "submission_token": str(uuid.uuid4())}
    first = client.post(NEW, form)
    again = client.post(NEW, form, follow=True)
    conversation = Conversation.objects.get()
    assert first.status_code == 302 and first["Location"] == f"/members/messages/{conversation.pk}/"
    assert again.redirect_chain[-1][0] == first["Location"]
    assert "We had already received this message" in again.content.decode()
    assert Message.objects.count() == 1 and ConversationMember.objects.count() == 2
    assert Notification.objects.filter(user=other_member.user).count() == 1


def test_a_retried_reply_shows_it_and_other_members_cannot_reuse_a_token(member, other_member):
    client = client_for(member)
    client.post(NEW, {"to": "River", "subject": "Hi", "message": "Hello"})
    conversation = Conversation.objects.get()
    url = f"/members/messages/{conversation.pk}/"
    reply = {"message": "Thinking of you", "submission_token": str(uuid.uuid4())}
    sent = client.post(url, reply)
    repeat = client.post(url, reply, follow=True)
    assert sent.status_code == 302 and repeat.redirect_chain[-1][0] == sent["Location"]
    assert "We had already received this message" in repeat.content.decode()
    assert Message.objects.filter(body="Thinking of you").count() == 1
    # The same token from another member is theirs to use: tokens are per author.
    assert client_for(other_member).post(url, reply).status_code == 302
    assert Message.objects.filter(body="Thinking of you").count() == 2


def test_a_mangled_token_is_ignored_and_the_message_still_sends(member, other_member):
    client = client_for(member)
    form = {"to": "River", "subject": "Hi", "message": "Hello", "submission_token": "<script>"}
    assert client.post(NEW, form).status_code == 302
    assert Message.objects.get().submission_token is None


@concurrent
def test_double_submits_at_the_same_instant_send_once(site):
    pairs = [
        (MemberFactory(display_name=f"Ash {n}"), MemberFactory(display_name=f"Birch {n}")) for n in range(10)
    ]
    for sender, recipient in pairs:
        form = {
            "to": recipient.display_name,
            "subject": f"For {recipient.display_name}",
            "message": "Thinking of you today",
            "submission_token": str(uuid.uuid4()),
        }
        clients = [client_for(sender), client_for(sender)]
        responses = run_together(*(lambda c=c, f=form: c.post(NEW, f) for c in clients))
        assert [r.status_code for r in responses] == [302, 302]
        assert responses[0]["Location"] == responses[1]["Location"]

        conversation = Conversation.objects.get(participants__user=sender.user)
        url = f"/members/messages/{conversation.pk}/"
        reply = {"message": "And again tomorrow", "submission_token": str(uuid.uuid4())}
        responses = run_together(*(lambda c=c, u=url, f=reply: c.post(u, f) for c in clients))
        assert [r.status_code for r in responses] == [302, 302]

    for sender, recipient in pairs:
        assert Conversation.objects.filter(participants__user=sender.user).count() == 1
        assert Message.objects.filter(author=sender.user).count() == 2
        assert Notification.objects.filter(user=recipient.user).count() == 2
