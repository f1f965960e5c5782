"""axe on the admin screens issue 18 added (audit gap): the Reading level, Page feedback (and its
answers), and Overdue medical reviews reports, each with rows and with its filters applied, and
the "Cite source" chooser's form for adding a source (empty and with errors). axe runs on the
screen's own content (the report's results, the chooser's form), not on Wagtail's chrome,
as tests/browser/test_affiliate_import.py does."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from demo.factories import (
    ConditionArticlePageFactory,
    ConditionIndexPageFactory,
    SourceFactory,
    StandardPageFactory,
)
from pages.models import PageFeedback, Source
from tests.browser.axe import AXE_OPTIONS, _axe, describe
from tests.browser.conftest import watch_csp
from tests.browser.test_journeys import PASSWORD, log_in_to_admin

HARD = (
    "<p>Comprehensive multidisciplinary evaluation incorporating immunohistochemical characterization "
    "facilitates individualized therapeutic decision-making regarding anthracycline-containing "
    "chemotherapeutic regimens, considering cardiotoxicity susceptibility and comorbidities.</p>"
)


CREATE_FORM = ".modal-dialog form[data-chooser-modal-creation-form]"


def violations_in(page, selector):
    expect(page.locator(selector).first).to_be_visible()
    return _axe.run(page, context=selector, options=AXE_OPTIONS).response["violations"]


@pytest.fixture
def admin_page(live_server, new_context, django_user_model):
    django_user_model.objects.create_superuser("boss", "boss@example.org", PASSWORD)
    page = new_context().new_page()
    log_in_to_admin(page, live_server.url, "boss", PASSWORD)
    return page


def test_new_reports_have_no_axe_violations(live_server, admin_page, home):
    today = timezone.localdate()
    section = ConditionIndexPageFactory(parent=home)
    article = ConditionArticlePageFactory(
        parent=section,
        title="Bone health <b>during</b> treatment",
        body=[("paragraph", HARD)],
        last_reviewed=today - datetime.timedelta(days=400),
        next_review_due=today - datetime.timedelta(days=30),
    )
    ConditionArticlePageFactory(
        parent=section,
        title="Due soon article",
        last_reviewed=today - datetime.timedelta(days=300),
        next_review_due=today + datetime.timedelta(days=10),
    )
    StandardPageFactory(parent=home, title="Our research", body=[("paragraph", HARD)])
    PageFeedback.objects.create(page=article, helpful=True, comment="Clear, thank you.")
    PageFeedback.objects.create(page=article, helpful=False, comment="Explain <b>bisphosphonates</b>")

    base = live_server.url + "/admin/reports/"
    screens = [
        ("Reading level", "reading-level/", "Our research"),
        (
            "Reading level, all pages by grade",
            "reading-level/?include_at_target=on&ordering=grade",
            "Our research",
        ),
        ("Page feedback", "page-feedback/", "Bone health"),
        ("Page feedback answers", f"page-feedback/comments/?page={article.pk}", "bisphosphonates"),
        ("Overdue reviews", "overdue-reviews/", "Bone health"),
        ("Overdue reviews and due soon", "overdue-reviews/?include_due_soon=on", "Due soon article"),
    ]
    csp = watch_csp(admin_page)
    failures = []
    for name, url, expected in screens:
        admin_page.goto(base + url)
        expect(admin_page.locator("#listing-results")).to_contain_text(expected)
        failures.append(describe(name, violations_in(admin_page, "#listing-results")))
    assert not [f for f in failures if f], "\n".join(f for f in failures if f)
    assert not csp, csp


def test_cite_source_chooser_create_form_has_no_axe_violations(live_server, admin_page, home):
    SourceFactory(title="Cancer Stat Facts")
    article = ConditionArticlePageFactory(
        parent=ConditionIndexPageFactory(parent=home), body=[("paragraph", "<p>Exercise helps.</p>")]
    )
    admin = admin_page
    admin.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    editor_box = admin.locator("[data-contentpath=body]").get_by_role("textbox").first
    editor_box.click()
    admin.keyboard.press("End")
    admin.keyboard.press("Shift+Home")
    admin.locator("button[name=CITATION]").click()
    modal = admin.locator(".modal-dialog")
    expect(modal.locator("[data-chooser-modal-choice]").first).to_be_visible()
    modal.get_by_role("tab", name=re.compile("Add a new source")).click()
    form = admin.locator(CREATE_FORM)
    expect(form).to_be_visible()
    failures = [describe("Add source form", violations_in(admin, CREATE_FORM))]

    # Sent empty: the errors shown must pass too, and nothing is created.
    form.get_by_role("button", name=re.compile("Add source")).click()
    expect(admin.locator(CREATE_FORM)).to_contain_text("This field is required")
    failures.append(describe("Add source form with errors", violations_in(admin, CREATE_FORM)))
    assert Source.objects.count() == 1
    assert not [f for f in failures if f], "\n".join(f for f in failures if f)
