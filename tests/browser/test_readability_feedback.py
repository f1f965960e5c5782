"""Journeys of issue 18: the editor's reading-level panel follows the text as it is typed; a
visitor answers "Was this page helpful?" (without JavaScript too) and an editor reads it in
the report. axe checks each new page and state; no CSP violations on public pages."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from demo.factories import ConditionArticlePageFactory, ConditionIndexPageFactory, StandardPageFactory
from pages.models import PageFeedback
from tests.browser.axe import axe_violations, describe
from tests.browser.conftest import watch_csp
from tests.browser.test_journeys import PASSWORD, log_in_to_admin

HARD = (
    "<p>Comprehensive multidisciplinary evaluation incorporating immunohistochemical characterization "
    "facilitates individualized therapeutic decision-making regarding anthracycline-containing "
    "chemotherapeutic regimens, considering cardiotoxicity susceptibility and comorbidities.</p>"
)


@pytest.fixture
def editor(django_user_model, home):
    user = django_user_model.objects.create_user("ed", "ed@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_readability_panel_grade_changes_when_the_text_changes(live_server, new_context, editor, home):
    page = StandardPageFactory(parent=home, title="Our research", intro="", body=[("paragraph", HARD)])
    base = live_server.url
    admin = new_context().new_page()
    csp = watch_csp(admin)
    log_in_to_admin(admin, base, "ed", PASSWORD)
    admin.goto(f"{base}/admin/pages/{page.pk}/edit/")

    grade = admin.locator("[data-readability-grade]")
    expect(grade).to_have_count(1)
    before = float(grade.get_attribute("data-readability-grade"))
    assert before > 8
    panel = admin.locator("[data-readability-panel]")
    expect(panel).to_contain_text("Longest sentences")
    expect(panel).to_contain_text("immunohistochemical")

    # Replace the dense paragraph with plain sentences: the panel follows without saving.
    editor_box = admin.locator("[data-contentpath=body]").get_by_role("textbox").first
    editor_box.click()
    admin.keyboard.press("ControlOrMeta+a")
    admin.keyboard.press("Delete")
    editor_box.press_sequentially("We can help. Call us today. The line is free.")
    expect(panel).to_contain_text("At or below target", timeout=15000)
    after = float(admin.locator("[data-readability-grade]").get_attribute("data-readability-grade"))
    assert after < 8 < before

    # The button does the same on demand.
    admin.locator("#id_intro").fill(
        "Multidisciplinary immunohistochemical characterization facilitates individualized decisions."
    )
    panel.get_by_role("button", name="Recalculate").click()
    expect(panel).to_contain_text("Above target", timeout=15000)
    assert float(admin.locator("[data-readability-grade]").get_attribute("data-readability-grade")) > after
    failures = describe("editor with the reading level panel", _panel_violations(admin))
    assert not failures, failures
    assert not csp, f"the admin policy blocked something: {csp}"


def _panel_violations(admin):
    """axe on the panel itself (Wagtail's own editor chrome is Wagtail's to fix)."""
    return [
        violation
        for violation in axe_violations(admin)
        if any("readability" in " ".join(node["target"]) for node in violation["nodes"])
    ]


def test_a_visitor_sends_feedback_and_the_editor_sees_it_in_the_report(
    live_server, new_context, editor, home
):
    article = ConditionArticlePageFactory(parent=ConditionIndexPageFactory(parent=home), title="Bone health")
    base = live_server.url
    failures = []

    visitor = new_context().new_page()
    csp = watch_csp(visitor)
    visitor.goto(base + article.url)
    form = visitor.locator("#page-feedback")
    expect(form).to_contain_text("Please do not include personal information")
    failures.append(describe("article with feedback form", axe_violations(visitor)))
    # Sending without an answer: the error summary, with the comment kept.
    form.get_by_label("How could we improve this page? (optional)").fill(
        "Explain <b>bisphosphonates</b>, please"
    )
    form.get_by_role("button", name="Send feedback").click()
    expect(visitor.locator(".error-summary")).to_contain_text("Choose Yes or No.")
    expect(visitor.get_by_label("How could we improve this page? (optional)")).to_have_value(
        "Explain <b>bisphosphonates</b>, please"
    )
    failures.append(describe("feedback form with an error", axe_violations(visitor)))
    visitor.get_by_label("No").check()
    visitor.get_by_role("button", name="Send feedback").click()
    expect(visitor.get_by_role("heading", name="Thank you for your feedback")).to_be_visible()
    failures.append(describe("feedback thanks", axe_violations(visitor)))
    assert not csp, f"CSP blocked something: {csp}"

    # Without JavaScript it is the same plain form.
    plain = new_context(java_script_enabled=False).new_page()
    plain.goto(base + article.url)
    plain.get_by_label("Yes").check()
    plain.get_by_role("button", name="Send feedback").click()
    expect(plain.get_by_role("heading", name="Thank you for your feedback")).to_be_visible()
    assert PageFeedback.objects.filter(page=article).count() == 2

    admin = new_context().new_page()
    log_in_to_admin(admin, base, "ed", PASSWORD)
    admin.goto(base + "/admin/reports/page-feedback/")
    row = admin.get_by_role("row").filter(has_text="Bone health")
    expect(row).to_contain_text("50")  # Helpful (%): one Yes, one No
    row.get_by_role("link", name=re.compile(r"read the answers")).click()
    expect(admin.locator("main")).to_contain_text("Explain <b>bisphosphonates</b>, please")
    assert not [f for f in failures if f], "\n".join(f for f in failures if f)
