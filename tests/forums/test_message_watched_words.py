"""Watched words in private messages (issue 17): every outcome the boards have, with a
message's semantics. Site-wide entries only (a message belongs to no board)."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client

from demo.factories.forums import make_lead_moderator
from forums import message_reports
from forums import messages as pm
from forums.member_models import Conversation, Message, MessageReport, MessageStatus, Notification
from forums.models import ActionKind, ModerationAction
from forums.modtools_models import WatchedAction, WatchedWord
from tests.forums.test_concurrency import run_together

NEW = "/members/messages/new/"


def client_for(member):
    client = Client()
    client.force_login(member.user)
    return client


def send(client, to="River", subject="Hello", message="How are you doing?"):
    return client.post(NEW, {"to": to, "subject": subject, "message": message})


def words(**entries):
    for word, action in entries.items():
        extra = {}
        if action == WatchedAction.REPLACE:
            extra["replacement"] = "a pain medicine"
        if action == WatchedAction.LINK:
            extra["link_url"] = "https://www.komen.org/helpline/"
        WatchedWord.objects.create(word=word.replace("_", " "), action=action, **extra)


def text_of(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_block_refuses_new_conversation_and_reply_keeping_every_word(member, other_member):
    words(casino=WatchedAction.BLOCK)
    client = client_for(member)
    refused = send(client, subject="Lucky CASINO night", message="Join me at the Casinó <b>tonight</b>")
    assert refused.status_code == 403
    page = BeautifulSoup(refused.content, "html.parser")
    assert "“casino”" in page.select_one("[data-error-summary]").get_text()
    assert page.find("input", id="id_subject")["value"] == "Lucky CASINO night"
    assert (
        page.find("textarea", id="id_message").get_text().lstrip("\n")
        == "Join me at the Casinó <b>tonight</b>"
    )
    assert page.find("input", id="id_to")["value"] == "River"
    assert not Conversation.objects.exists() and not Message.objects.exists()

    assert send(client).status_code == 302
    conversation = Conversation.objects.get()
    again = client.post(f"/members/messages/{conversation.pk}/", {"message": "casino* no: casinos yes"})
    assert again.status_code == 403
    assert "casinos yes" in BeautifulSoup(again.content, "html.parser").find("textarea").get_text()
    assert Message.objects.count() == 1
    # Word boundaries: "casinoesque"-like words that are not the entry pass.
    assert client.post(f"/members/messages/{conversation.pk}/", {"message": "occasional"}).status_code == 302


def test_censor_and_replace_change_the_stored_subject_and_text(member, other_member):
    words(damn=WatchedAction.CENSOR, brandol=WatchedAction.REPLACE)
    client = client_for(member)
    response = send(
        client, subject="Damn Brandol", message="This damn pain; Brandol helps. Classic damnation."
    )
    assert response.status_code == 302
    conversation, message = Conversation.objects.get(), Message.objects.get()
    assert conversation.subject == "■■■ a pain medicine"
    assert message.body == "This ■■■ pain; a pain medicine helps. Classic damnation."
    assert "damn pain" not in message.body_html and "Brandol" not in message.body_html
    page = client.get(response["Location"])
    assert "Some words were changed to follow the community guidelines." in text_of(page)
    receiver = text_of(client_for(other_member).get(response["Location"]))
    assert "This ■■■ pain; a pain medicine helps." in receiver and "Brandol" not in receiver
    assert "a pain medicine" in Notification.objects.get(user=other_member.user).text


def test_link_turns_the_words_into_a_sanitised_link(member, other_member):
    words(helpline=WatchedAction.LINK)
    response = send(client_for(member), subject="Helpline", message="Call the Helpline, it helped me.")
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.body == "Call the [Helpline](https://www.komen.org/helpline/), it helped me."
    link = BeautifulSoup(message.body_html, "html.parser").find("a")
    assert link["href"] == "https://www.komen.org/helpline/" and link.get_text() == "Helpline"
    assert Conversation.objects.get().subject == "Helpline"  # plain text: no link markup in subjects


def test_flag_delivers_and_reports_to_lead_moderators(board, member, other_member):
    lead = make_lead_moderator("LeadLee")
    words(miracle_cure=WatchedAction.FLAG)
    assert send(client_for(member), message="Try this miracle   cure today").status_code == 302
    message = Message.objects.get()
    assert message.status == MessageStatus.VISIBLE
    assert Notification.objects.filter(user=other_member.user, kind="message").exists()
    report = MessageReport.objects.get()
    assert report.reporter is None and report.reason == "other" and "miracle cure" in report.details
    queue = BeautifulSoup(client_for(lead).get("/moderation/").content, "html.parser")
    item = queue.select_one(".queue-messages .queue-item")
    assert "Flagged automatically" in item.get_text() and "Held" not in item.get_text()
    review = client_for(lead).get(f"/moderation/messages/{report.pk}/")
    assert "Nobody: the watched words (automatic)" in text_of(review)


def test_crisis_delivers_alerts_leads_and_shows_the_sender_help_once(
    board, member, other_member, django_capture_on_commit_callbacks
):
    lead = make_lead_moderator("LeadLee")
    words(end_it_all=WatchedAction.CRISIS, spam=WatchedAction.FLAG)
    client = client_for(member)
    assert send(client, subject="Older", message="some spam here").status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, subject="Tonight", message="I want to end it all tonight")
    assert response.status_code == 302
    message = Message.objects.get(conversation__subject="Tonight")
    assert message.status == MessageStatus.VISIBLE  # delivered: never hidden automatically
    assert Notification.objects.filter(user=other_member.user, text__contains="Tonight").exists()
    report = MessageReport.objects.get(message=message)
    assert report.reason == "crisis" and report.reporter is None and "end it all" in report.details
    alert = [m for m in mail.outbox if "URGENT" in m.subject]
    assert len(alert) == 1 and alert[0].to == [lead.user.email]
    assert f"/moderation/messages/{report.pk}/" in alert[0].body

    page = BeautifulSoup(client.get(response["Location"]).content, "html.parser")
    help_box = page.select_one(".crisis-help")
    assert help_box is not None and help_box.find("a", href="tel:988") and help_box.find("a", href="tel:911")
    assert page.select_one(".board-support")  # the helpline
    assert client.get(response["Location"]).content.decode().count("crisis-help") == 0  # once
    assert "crisis-help" not in client_for(other_member).get(response["Location"]).content.decode()

    queue = BeautifulSoup(client_for(lead).get("/moderation/").content, "html.parser")
    items = queue.select(".queue-messages .queue-item")
    assert len(items) == 2 and "queue-item--crisis" in items[0]["class"]  # crisis first, though newer


def test_hold_keeps_a_new_conversation_from_the_recipient_until_a_lead_delivers_it(
    board, member, other_member
):
    lead = make_lead_moderator("LeadLee")
    words(survey=WatchedAction.HOLD)
    sender = client_for(member)
    response = sender.post(
        NEW, {"to": "River", "subject": "Quick SURVEY", "message": "Fill my form"}, follow=True
    )
    assert response.status_code == 200
    assert "waiting for a moderator's review" in text_of(response)
    assert "Awaiting a moderator's review: only you can see this message" in text_of(response)
    conversation, message = Conversation.objects.get(), Message.objects.get()
    assert message.status == MessageStatus.HELD
    # The recipient learns nothing: no notification, not in the list, the page is a 404.
    receiver = client_for(other_member)
    assert not Notification.objects.filter(user=other_member.user).exists()
    assert "Quick SURVEY" not in receiver.get("/members/messages/").content.decode()
    assert receiver.get(f"/members/messages/{conversation.pk}/").status_code == 404
    assert "Quick SURVEY" in sender.get("/members/messages/").content.decode()

    report = MessageReport.objects.get()
    assert report.reporter is None and "survey" in report.details
    lead_client = client_for(lead)
    queue = text_of(lead_client.get("/moderation/"))
    assert "Held: not delivered yet" in queue
    review = lead_client.get(f"/moderation/messages/{report.pk}/")
    assert "Deliver the message" in text_of(review) and "Hide the message" not in text_of(review)
    assert lead_client.post(f"/moderation/messages/{report.pk}/", {"action": "hide"}).status_code == 400
    assert (
        client_for(member).post(f"/moderation/messages/{report.pk}/", {"action": "deliver"}).status_code
        == 403
    )
    delivered = lead_client.post(
        f"/moderation/messages/{report.pk}/", {"action": "deliver", "reason": "Fine"}
    )
    assert delivered.status_code == 302

    message.refresh_from_db()
    report.refresh_from_db()
    assert message.status == MessageStatus.VISIBLE and report.status == "resolved"
    assert ModerationAction.objects.filter(
        action=ActionKind.APPROVE, target_type="message", target_id=message.pk, moderator=lead.user
    ).exists()
    assert Notification.objects.get(user=other_member.user, kind="message")
    assert "delivered your message" in Notification.objects.get(user=member.user, kind="moderation").text
    listing = receiver.get("/members/messages/").content.decode()
    assert "Quick SURVEY" in listing and "1 unread" in listing
    assert "Fill my form" in receiver.get(f"/members/messages/{conversation.pk}/").content.decode()
    # Deciding twice (another tab) changes nothing more.
    again = lead_client.post(f"/moderation/messages/{report.pk}/", {"action": "deliver"})  # double click
    decisions = [ActionKind.APPROVE, ActionKind.REJECT, ActionKind.HIDE, ActionKind.DISMISS]
    assert again.status_code == 302
    assert ModerationAction.objects.filter(target_type="message", action__in=decisions).count() == 1


def test_a_held_reply_refused_is_never_seen_by_the_others(member, other_member):
    lead = make_lead_moderator("LeadLee")
    words(survey=WatchedAction.HOLD)
    sender = client_for(member)
    send(sender, subject="Hi", message="First words")
    conversation = Conversation.objects.get()
    before = conversation.last_message_at
    assert (
        sender.post(f"/members/messages/{conversation.pk}/", {"message": "Take my survey"}).status_code == 302
    )
    held = Message.objects.get(status=MessageStatus.HELD)
    conversation.refresh_from_db()
    assert conversation.last_message_at == before  # nobody's list moves for a held message
    receiver = client_for(other_member)
    page = receiver.get(f"/members/messages/{conversation.pk}/").content.decode()
    assert "First words" in page and "Take my survey" not in page
    assert Notification.objects.filter(user=other_member.user).count() == 1  # the first message only

    report = MessageReport.objects.get(message=held)
    lead_client = client_for(lead)
    refused = lead_client.post(
        f"/moderation/messages/{report.pk}/", {"action": "refuse", "reason": "No surveys, please."}
    )
    assert refused.status_code == 302
    held.refresh_from_db()
    assert held.status == MessageStatus.REJECTED
    assert ModerationAction.objects.filter(action=ActionKind.REJECT, target_id=held.pk).exists()
    told = Notification.objects.get(user=member.user, kind="moderation").text
    assert "did not deliver" in told and "No surveys, please." in told
    assert "Take my survey" not in receiver.get(f"/members/messages/{conversation.pk}/").content.decode()
    mine = text_of(sender.get(f"/members/messages/{conversation.pk}/"))
    assert "Take my survey" in mine and "Not delivered: a moderator refused this message" in mine


def test_board_entries_do_not_apply_to_messages(board, member, other_member):
    WatchedWord.objects.create(word="parking", action=WatchedAction.BLOCK, board=board)
    assert send(client_for(member), message="Parking at the clinic is hard").status_code == 302


def test_screening_is_used_by_the_domain_functions_too(member, other_member):
    """Commands and tasks that call forums.messages get the same outcomes as the views."""
    words(damn=WatchedAction.CENSOR, survey=WatchedAction.HOLD)
    conversation, message = pm.start_conversation(member.user, [other_member.user], "Damn", "A survey")
    assert conversation.subject == "■■■" and message.status == MessageStatus.HELD
    assert message.screening.held == "survey" and message.screening.rewritten


def _decide(lead, report, refuse):
    try:
        return message_reports.resolve_report(lead.user, report, refuse, "")
    except message_reports.AlreadyDecided:
        return None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_leads_deciding_a_held_message_at_once_make_one_decision(member, other_member):
    words(survey=WatchedAction.HOLD)
    first, second = make_lead_moderator("LeadOne"), make_lead_moderator("LeadTwo")
    for n in range(5):
        _, message = pm.start_conversation(member.user, [other_member.user], f"Survey {n}", "Take my survey")
        report = MessageReport.objects.get(message=message)
        results = run_together(
            lambda r=report: _decide(first, r, False), lambda r=report: _decide(second, r, True)
        )
        assert len([r for r in results if r is not None]) == 1
        decisions = ModerationAction.objects.filter(
            target_type="message", target_id=message.pk, action__in=[ActionKind.APPROVE, ActionKind.REJECT]
        )
        assert decisions.count() == 1
        message.refresh_from_db()
        expected = (
            MessageStatus.VISIBLE if decisions.get().action == ActionKind.APPROVE else MessageStatus.REJECTED
        )
        assert message.status == expected
