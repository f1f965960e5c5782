"""Journeys of issue 17's moderator tools: a blocked word refused with the text kept and a held
watched word approved; slow mode and split; an appeal decided by a lead; a crisis case
escalated after the time limit (fake clock) and handled. axe checks each new page; no CSP
violations."""

import datetime as dt
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from forums import actions, crisis, reports
from forums.models import Appeal, CrisisCase, Post, Status, Topic, WatchedWord
from tests.browser.axe import axe_violations, describe
from tests.browser.conftest import watch_csp
from tests.browser.test_moderation import sign_in
from tests.factories.forums import (
    BoardPageFactory,
    ForumIndexPageFactory,
    MemberFactory,
    PostFactory,
    TopicFactory,
    make_lead_moderator,
    make_moderator,
)


@pytest.fixture
def board(home, live_server):
    forum = ForumIndexPageFactory(parent=home)
    return BoardPageFactory(parent=forum, title="Newly Diagnosed", slug="newly-diagnosed")


def test_watched_words_block_keeps_the_text_and_a_held_word_is_approved(board, live_server, new_context):
    base = live_server.url
    WatchedWord.objects.create(word="casino", action="block")
    WatchedWord.objects.create(word="miracle cure", action="hold")
    topic = TopicFactory(board=board, title="First appointment")
    member = MemberFactory(display_name="Robin")
    moderator = make_moderator(board, "ModSam")
    failures = []

    page = new_context().new_page()
    csp = watch_csp(page)
    sign_in(page, base, member.user.email)
    page.goto(base + topic.url)
    page.get_by_label("Message").fill("Casino night raised money for my treatment!")
    page.get_by_role("button", name="Post reply").click()
    expect(page.locator(".error-summary")).to_contain_text("“casino”")
    expect(page.get_by_label("Message")).to_have_value("Casino night raised money for my treatment!")
    failures.append(describe("reply refused for a blocked word", axe_violations(page)))
    page.get_by_label("Message").fill("Has anyone tried the miracle cure clinic?")
    page.get_by_role("button", name="Post reply").click()
    expect(page.locator("main")).to_contain_text("Awaiting review")
    held = Post.objects.get(body__contains="miracle cure clinic")
    assert held.status == Status.HELD and "watched word" in held.held_reason

    mod = new_context().new_page()
    mod_csp = watch_csp(mod)
    sign_in(mod, base, moderator.user.email)
    mod.goto(base + "/moderation/")
    item = mod.locator(".queue-item").filter(has_text="miracle cure clinic")
    expect(item).to_contain_text("Contains a watched word")
    item.get_by_role("button", name=re.compile("^Approve")).click()
    expect(mod.get_by_text("Post approved")).to_be_visible()
    page.goto(base + topic.url)
    expect(page.locator("main")).to_contain_text("Has anyone tried the miracle cure clinic?")
    assert Post.objects.get(pk=held.pk).status == Status.VISIBLE

    report = "\n".join(f for f in failures if f)
    assert not report, "axe violations:\n" + report
    assert not csp and not mod_csp, (csp, mod_csp)


def test_slow_mode_and_split(board, live_server, new_context):
    base = live_server.url
    topic = TopicFactory(board=board, title="Scans and waiting")
    for text in ("About scans", "Anyone into gardening?", "Yes, roses!"):
        PostFactory(topic=topic, body=text)
    member = MemberFactory(display_name="Robin")
    moderator = make_moderator(board, "ModSam")
    failures = []

    mod = new_context().new_page()
    mod_csp = watch_csp(mod)
    sign_in(mod, base, moderator.user.email)
    mod.goto(base + topic.url)
    mod.get_by_role("link", name="Topic tools").click()
    expect(mod.get_by_role("heading", level=1)).to_contain_text("Scans and waiting")
    failures.append(describe("topic tools", axe_violations(mod)))
    form = mod.locator("form").filter(has_text="Slow mode for this topic")
    form.get_by_label("One post per member every how many minutes").fill("30")
    form.get_by_label("Reason (members see it)").fill("Let everyone catch up")
    form.get_by_role("button", name="Turn on slow mode").click()
    expect(mod.get_by_text("Slow mode is on for this topic.")).to_be_visible()

    page = new_context().new_page()
    csp = watch_csp(page)
    sign_in(page, base, member.user.email)
    page.goto(base + topic.url)
    expect(page.locator("main")).to_contain_text("Slow mode: one post per member every 30 minutes")
    page.get_by_label("Message").fill("My first reply today")
    page.get_by_role("button", name="Post reply").click()
    expect(page.locator("main")).to_contain_text("My first reply today")
    page.goto(base + topic.url)
    expect(page.locator("main")).to_contain_text("You can post again after")
    failures.append(describe("topic in slow mode", axe_violations(page)))

    mod.goto(base + f"/moderation/tools/topics/{topic.pk}/")
    mod.get_by_label(re.compile("Anyone into gardening")).check()
    mod.get_by_label(re.compile("Yes, roses")).check()
    mod.get_by_label("Title of the new topic").fill("Gardening through treatment")
    mod.get_by_role("button", name="Split into a new topic").click()
    expect(mod.get_by_role("heading", level=1)).to_have_text("Gardening through treatment")
    new = Topic.objects.get(title="Gardening through treatment")
    assert new.posts.count() == 2 and not Post.objects.filter(topic=topic, body="Yes, roses!").exists()

    report = "\n".join(f for f in failures if f)
    assert not report, "axe violations:\n" + report
    assert not csp and not mod_csp, (csp, mod_csp)


def test_an_appeal_is_decided_by_a_lead(board, live_server, new_context):
    base = live_server.url
    member = MemberFactory(display_name="Robin")
    moderator = make_moderator(board, "ModSam")
    lead = make_lead_moderator("LeadJo")
    post = PostFactory(
        topic=TopicFactory(board=board), author=member.user, status=Status.HELD, body="My scan story"
    )
    actions.reject(moderator.user, post, "Looks like an advert")
    failures = []

    page = new_context().new_page()
    csp = watch_csp(page)
    sign_in(page, base, member.user.email)
    page.goto(base + f"/appeals/posts/{post.pk}/")
    expect(page.locator("main")).to_contain_text("My scan story")
    page.get_by_role("button", name="Send my appeal").click()
    expect(page.locator(".error-summary")).to_be_visible()
    failures.append(describe("appeal form, error state", axe_violations(page)))
    page.get_by_label("Why should the lead moderators look again?").fill(
        "It is my own experience, not an ad."
    )
    page.get_by_role("button", name="Send my appeal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: your appeal is sent")

    lead_page = new_context().new_page()
    lead_csp = watch_csp(lead_page)
    sign_in(lead_page, base, lead.user.email)
    lead_page.goto(base + "/moderation/tools/appeals/")
    failures.append(describe("appeals queue", axe_violations(lead_page)))
    lead_page.get_by_label("Reverse the decision (publish the post)").check()
    lead_page.get_by_label("Your answer to the member").fill("You're right, it is published now.")
    lead_page.get_by_role("button", name="Decide and email the member").click()
    expect(lead_page.get_by_text("Appeal decided")).to_be_visible()
    assert Post.objects.get(pk=post.pk).status == Status.VISIBLE
    assert Appeal.objects.get().status == "granted"
    assert any("You're right" in m.body for m in mail.outbox)

    report = "\n".join(f for f in failures if f)
    assert not report, "axe violations:\n" + report
    assert not csp and not lead_csp, (csp, lead_csp)


def test_a_crisis_case_escalates_after_the_time_limit_and_is_handled(board, live_server, new_context):
    base = live_server.url
    author = MemberFactory(display_name="QuietNight")
    reporter = MemberFactory(display_name="Sunny")
    lead = make_lead_moderator("LeadJo")
    make_moderator(board, "ModSam")
    post = PostFactory(
        topic=TopicFactory(board=board, title="Tired"), author=author.user, body="I can't go on."
    )
    reports.report_post(reporter.user, post, "crisis", "Worried about them")
    case = CrisisCase.objects.get()
    # The fake clock: 16 minutes after the case opened, nobody has acknowledged it.
    mail.outbox.clear()
    assert crisis.escalate_due(now=case.opened_at + dt.timedelta(minutes=16)) == [case]
    assert any("not yet acknowledged" in m.subject and lead.user.email in m.to for m in mail.outbox)
    failures = []

    page = new_context().new_page()
    csp = watch_csp(page)
    sign_in(page, base, lead.user.email)
    page.goto(base + "/moderation/tools/crisis/")
    expect(page.locator("main")).to_contain_text("escalated 1 time")
    failures.append(describe("crisis dashboard", axe_violations(page)))
    page.get_by_role("link", name=re.compile("Case")).first.click()
    failures.append(describe("crisis case", axe_violations(page)))
    page.get_by_role("button", name="Acknowledge: I am handling this").click()
    expect(page.get_by_text("You acknowledged the case")).to_be_visible()
    page.get_by_role("link", name="Reach out to QuietNight").first.click()
    expect(page.get_by_label("Your message to the member")).to_have_value(re.compile("988"))
    failures.append(describe("reach out", axe_violations(page)))
    page.get_by_role("button", name="Send the message").click()
    expect(page.get_by_text("Your message was emailed to QuietNight.")).to_be_visible()
    page.get_by_label("Outcome").fill("Replied, safe, talking to their nurse.")
    page.get_by_role("button", name="Close the case").click()
    expect(page.get_by_text("Crisis case closed.")).to_be_visible()
    case.refresh_from_db()
    assert case.acknowledged_by == lead.user and case.contacted_at and case.closed_at
    assert Post.objects.get(pk=post.pk).status == Status.VISIBLE

    report = "\n".join(f for f in failures if f)
    assert not report, "axe violations:\n" + report
    assert not csp, csp
