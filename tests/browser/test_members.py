"""Issue 16 journeys: private messages, block, a crisis report on a message first in the lead
moderator's queue; a daily digest from `send_digests`; a mention; reactions and saved posts; a
diagnosis profile visible only to members. axe checks each page; no CSP violations."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from forums.member_models import MemberBlock, MessageReport, Notification
from forums.models import ActionKind, BoardWatch, ModerationAction
from tests.browser.axe import axe_violations, describe
from tests.browser.conftest import watch_csp
from tests.factories.forums import (
    PASSWORD,
    BoardPageFactory,
    ForumIndexPageFactory,
    MemberFactory,
    TopicFactory,
    make_lead_moderator,
)


@pytest.fixture
def board(home, live_server):
    forum = ForumIndexPageFactory(parent=home)
    return live_server.url, BoardPageFactory(parent=forum, title="Newly Diagnosed", slug="newly-diagnosed")


def sign_in(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def test_message_block_and_crisis_report_first_in_queue(board, new_context):
    base, _ = board
    maple = MemberFactory(display_name="Maple")
    river = MemberFactory(display_name="River")
    lead = make_lead_moderator("LeadLee")
    failures = []

    sender = new_context().new_page()
    sender_csp = watch_csp(sender)
    sign_in(sender, base, maple.user.email)
    sender.goto(base + f"/members/{river.pk}/")
    failures.append(describe("member profile with actions", axe_violations(sender)))
    sender.get_by_role("link", name="Send River a private message").click()
    expect(sender.get_by_label("To", exact=True)).to_have_value("River")
    sender.get_by_role("button", name="Send message").click()  # no subject, no message
    expect(sender.locator("[data-error-summary]")).to_have_count(1)
    failures.append(describe("new message, error state", axe_violations(sender)))
    sender.get_by_label("Subject", exact=True).fill("Scan results")
    sender.get_by_label("Message", exact=True).fill("I don't know how to keep going after today.")
    sender.get_by_role("button", name="Send message").click()
    expect(sender.get_by_role("heading", level=1)).to_have_text("Scan results")
    failures.append(describe("conversation", axe_violations(sender)))

    receiver = new_context().new_page()
    receiver_csp = watch_csp(receiver)
    sign_in(receiver, base, river.user.email)
    receiver.goto(base + "/members/messages/")
    expect(receiver.locator(".conversation-list").get_by_text("1 unread")).to_be_visible()
    failures.append(describe("conversation list", axe_violations(receiver)))
    receiver.get_by_role("link", name="Scan results").click()
    receiver.get_by_role("link", name=re.compile("^Report")).click()
    failures.append(describe("report a message", axe_violations(receiver)))
    receiver.get_by_label("Someone may be at risk").check()
    receiver.get_by_role("button", name="Send report").click()
    expect(receiver.get_by_role("link", name="988").first).to_have_attribute("href", "tel:988")
    receiver.goto(base + f"/members/{maple.pk}/")
    receiver.get_by_role("button", name="Block Maple").click()
    expect(receiver.get_by_text("You blocked Maple.")).to_be_visible()
    assert MemberBlock.objects.filter(blocker=river.user, blocked=maple.user).exists()

    mod = new_context().new_page()
    mod_csp = watch_csp(mod)
    sign_in(mod, base, lead.user.email)
    mod.goto(base + "/moderation/")
    first = mod.locator(".queue-messages .queue-item").first
    expect(first).to_contain_text("Crisis")
    failures.append(describe("queue with a reported message", axe_violations(mod)))
    first.get_by_role("link", name=re.compile("Review the reported message")).click()
    expect(mod.get_by_text("I don't know how to keep going after today.")).to_be_visible()
    failures.append(describe("reported message review", axe_violations(mod)))
    assert ModerationAction.objects.filter(action=ActionKind.READ_PM, moderator=lead.user).count() == 1
    assert MessageReport.objects.get().is_crisis

    report = "\n".join(f for f in failures if f)
    assert not report, "axe violations:\n" + report
    assert not (sender_csp or receiver_csp or mod_csp)


def test_digest_mention_reactions_bookmark_and_profile(board, new_context, mailoutbox):
    base, board_page = board
    maple = MemberFactory(display_name="Maple")
    river = MemberFactory(display_name="River")
    willow = MemberFactory(display_name="Willow")
    BoardWatch.objects.create(user=maple.user, board=board_page)
    failures = []

    page = new_context().new_page()
    csp = watch_csp(page)
    sign_in(page, base, maple.user.email)
    page.goto(base + "/members/profile/preferences/")
    page.get_by_label("Daily digest").check()
    page.get_by_role("button", name="Save choices").click()
    expect(page.get_by_text("Your message and email choices are saved.")).to_be_visible()
    failures.append(describe("messages and emails", axe_violations(page)))

    topic = TopicFactory(board=board_page, author=river.user, title="Hello from River")
    hidden = TopicFactory(board=board_page, author=river.user, title="Hidden later")
    hidden.posts.update(status="hidden")
    type(hidden).objects.filter(pk=hidden.pk).update(status="hidden")
    mailoutbox.clear()
    call_command("send_digests", "daily")
    assert len(mailoutbox) == 1
    assert "Hello from River" in mailoutbox[0].body and "Hidden later" not in mailoutbox[0].body

    page.goto(base + topic.url)
    page.get_by_role("button", name="Sending hugs").click()
    expect(page.locator(".reaction--mine")).to_contain_text("Sending hugs 1")
    page.get_by_role("button", name=re.compile("^Save")).click()
    page.get_by_label("Message", exact=True).fill("Welcome River, @Willow said you would come.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text("Your reply is posted.")).to_be_visible()
    failures.append(describe("topic with reactions", axe_violations(page)))
    assert Notification.objects.filter(user=river.user, kind="reply").exists()
    assert Notification.objects.filter(user=willow.user, kind="mention").exists()
    page.goto(base + "/members/saved/")
    expect(page.get_by_role("link", name="Hello from River")).to_be_visible()
    failures.append(describe("saved posts", axe_violations(page)))

    page.goto(base + "/members/profile/details/")
    page.get_by_label("Diagnosis (optional)", exact=True).fill("Invasive lobular carcinoma")
    page.locator("fieldset", has_text="Who can see your diagnosis").get_by_label("Signed-in members").check()
    page.get_by_role("button", name="Save details").click()
    expect(page.get_by_text("Your profile details are saved.")).to_be_visible()
    failures.append(describe("profile details", axe_violations(page)))

    other = new_context().new_page()
    sign_in(other, base, river.user.email)
    other.goto(base + "/members/notifications/")
    expect(other.locator(".notification").first).to_contain_text("Maple replied to your topic")
    failures.append(describe("notifications", axe_violations(other)))
    other.goto(base + f"/members/{maple.pk}/")
    expect(other.get_by_text("Invasive lobular carcinoma")).to_be_visible()
    visitor = new_context().new_page()
    response = visitor.goto(base + f"/members/{maple.pk}/")
    assert "Invasive lobular carcinoma" not in visitor.content() or response.status == 403

    report = "\n".join(f for f in failures if f)
    assert not report, "axe violations:\n" + report
    assert not csp
