"""Issue 17 journey: a blocked watched word in a private message is refused with everything the
member typed kept; once changed, the message is sent. A crisis word then shows the sender where
to get help. axe checks each page; no CSP violations."""

import re

import pytest
from playwright.sync_api import expect

from demo.factories.forums import BoardPageFactory, ForumIndexPageFactory, MemberFactory
from forums.member_models import Message
from forums.modtools_models import WatchedAction, WatchedWord
from tests.browser.axe import axe_violations, describe
from tests.browser.conftest import watch_csp
from tests.browser.test_members import sign_in


@pytest.fixture
def base_url(home, live_server):
    BoardPageFactory(
        parent=ForumIndexPageFactory(parent=home), title="Newly Diagnosed", slug="newly-diagnosed"
    )
    return live_server.url


def test_blocked_word_in_a_message_is_refused_with_the_text_kept(base_url, new_context):
    WatchedWord.objects.create(word="casino*", action=WatchedAction.BLOCK)
    WatchedWord.objects.create(word="end it all", action=WatchedAction.CRISIS)
    maple = MemberFactory(display_name="Maple")
    MemberFactory(display_name="River")
    failures = []
    page = new_context().new_page()
    csp = watch_csp(page)
    sign_in(page, base_url, maple.user.email)

    page.goto(base_url + "/members/messages/new/")
    page.get_by_label("To", exact=True).fill("River")
    page.get_by_label("Subject", exact=True).fill("Fundraiser idea")
    typed = "Shall we hold the walk's fundraiser at the Casinos on Main Street?\nIt could raise a lot."
    page.get_by_label("Message", exact=True).fill(typed)
    page.get_by_role("button", name="Send message").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_contain_text("“casino*”")
    expect(page.get_by_label("To", exact=True)).to_have_value("River")
    expect(page.get_by_label("Subject", exact=True)).to_have_value("Fundraiser idea")
    expect(page.get_by_label("Message", exact=True)).to_have_value(typed)
    failures.append(describe("new message refused for a blocked word", axe_violations(page)))
    assert not Message.objects.exists()

    page.get_by_label("Message", exact=True).fill(typed.replace("Casinos", "community hall"))
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fundraiser idea")
    expect(page.locator(".post__body")).to_contain_text("community hall on Main Street")

    page.get_by_label("Message", exact=True).fill("Some days I just want to end it all.")
    page.get_by_role("button", name="Send reply").click()
    help_box = page.locator(".crisis-help")
    expect(help_box.get_by_role("link", name="988")).to_have_attribute("href", "tel:988")
    expect(page).to_have_url(re.compile(r"/members/messages/\d+/"))
    failures.append(describe("conversation with crisis help for the sender", axe_violations(page)))
    assert Message.objects.count() == 2

    report = "\n".join(f for f in failures if f)
    assert not report, "axe violations:\n" + report
    assert not csp
