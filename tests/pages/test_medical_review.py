"""The review record: set by the 'Medical review' approval, never by the draft or a typed date."""

import csv
import datetime
import io
import json
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from demo.factories import ConditionArticlePageFactory, ConditionIndexPageFactory
from pages.models import ConditionArticlePage, Reviewer
from pages.review import add_months
from pages.signals import PUBLISHED_WITHOUT_REVIEW
from pages.workflows import REVIEWERS_GROUP, assign_to


@pytest.fixture
def named_reviewer(reviewer_user):
    return Reviewer.objects.create(
        name="Dr. Ana Ruiz", credentials="MD, medical oncologist", user=reviewer_user
    )


def article_form(**overrides):
    data = {
        "title": "New article",
        "slug": "new-article",
        "summary": "Summary",
        "last_reviewed": "",
        "next_review_due": "",
        "reviewed_by": "",
        "body": streamfield([("paragraph", rich_text("<p>Body.</p>"))]),
    }
    data.update(overrides)
    return nested_form_data(data)


def submit_and_approve(client, article, editor, reviewer_user):
    article.save_revision(user=editor)
    state = article.get_workflow().start(article, editor)
    client.force_login(reviewer_user)
    response = client.post(
        f"/admin/pages/workflow/action/{article.pk}/approve/{state.current_task_state.pk}/",
        {"comment": "Checked against the sources"},
    )
    assert response.status_code in (200, 302), response.content[:1000]
    return state


def test_a_new_draft_claims_no_review(admin_client, home):
    section = ConditionIndexPageFactory(parent=home)
    response = admin_client.post(f"/admin/pages/add/pages/conditionarticlepage/{section.pk}/", article_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    article = ConditionArticlePage.objects.get(slug="new-article")
    assert article.last_reviewed is None and article.next_review_due is None and article.reviewer is None
    page = admin_client.get(article.url) if article.live else None
    assert page is None or "Not yet medically reviewed" in page.content.decode()


def test_editors_cannot_type_a_review_that_was_never_approved(admin_client, home):
    section = ConditionIndexPageFactory(parent=home)
    typed = timezone.localdate().isoformat()
    response = admin_client.post(
        f"/admin/pages/add/pages/conditionarticlepage/{section.pk}/",
        article_form(last_reviewed=typed, title="Kept title"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "No medical review has been approved yet" in body
    assert 'value="Kept title"' in body  # nothing typed is lost
    assert not ConditionArticlePage.objects.filter(slug="new-article").exists()


def test_approval_sets_date_reviewer_and_next_review_from_the_section_interval(
    client, home, editor, reviewer_user, named_reviewer
):
    section = ConditionIndexPageFactory(parent=home, review_interval_months=6)
    assign_to(section)
    article = ConditionArticlePageFactory(
        parent=section, live=False, last_reviewed=None, next_review_due=None, title="Living with MBC"
    )
    submit_and_approve(client, article, editor, reviewer_user)
    today = timezone.localdate()
    article.refresh_from_db()
    assert article.live
    assert article.last_reviewed == today
    assert article.reviewer == named_reviewer
    assert article.next_review_due == add_months(today, 6)
    # The revision editors open next carries the same record, so a later save keeps it.
    latest = article.get_latest_revision_as_object()
    assert (latest.last_reviewed, latest.next_review_due, latest.reviewer_id) == (
        today,
        add_months(today, 6),
        named_reviewer.pk,
    )

    html = BeautifulSoup(client.get(article.url).content, "html.parser")
    review = html.find("dl", class_="review-dates").get_text(" ", strip=True)
    assert f"by Dr. Ana Ruiz, MD, medical oncologist on {today:%B} {today.day}, {today.year}" in review
    data = json.loads(html.find("script", type="application/ld+json").string)
    assert data["reviewedBy"] == {
        "@type": "Person",
        "name": "Dr. Ana Ruiz",
        "jobTitle": "MD, medical oncologist",
    }
    assert data["lastReviewed"] == today.isoformat()


def test_editors_may_not_move_last_reviewed_past_the_last_approval(
    client, home, editor, reviewer_user, named_reviewer
):
    section = ConditionIndexPageFactory(parent=home)
    assign_to(section)
    article = ConditionArticlePageFactory(
        parent=section, live=False, last_reviewed=None, next_review_due=None
    )
    submit_and_approve(client, article, editor, reviewer_user)
    today = timezone.localdate()
    client.force_login(editor)
    url = f"/admin/pages/{article.pk}/edit/"
    later = today + datetime.timedelta(days=1)
    response = client.post(
        url, article_form(title=article.title, slug=article.slug, last_reviewed=later.isoformat())
    )
    assert response.status_code == 200
    assert "can&#x27;t be later than the last approved medical review" in response.content.decode()
    earlier = today - datetime.timedelta(days=3)
    response = client.post(
        url, article_form(title=article.title, slug=article.slug, last_reviewed=earlier.isoformat())
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.get_latest_revision_as_object().last_reviewed == earlier


def test_editor_cannot_publish_a_condition_article_reviewer_can(client, home, editor, reviewer_user):
    section = ConditionIndexPageFactory(parent=home)
    assign_to(section)
    # Even an editor given publish rights on the section (e.g. a Moderator) cannot skip the review.
    Group.objects.get(name="Moderators").user_set.add(editor)
    article = ConditionArticlePageFactory(parent=section, live=False)
    client.force_login(editor)
    url = f"/admin/pages/{article.pk}/edit/"
    assert b'name="action-publish"' not in client.get(url).content
    client.post(url, article_form(title=article.title, slug=article.slug, **{"action-publish": "publish"}))
    article.refresh_from_db()
    assert not article.live
    assert not article.permissions_for_user(editor).can_publish()
    assert article.permissions_for_user(reviewer_user).can_publish()


def test_administrator_may_publish_without_review_and_it_is_logged(admin_client, admin_user, home):
    section = ConditionIndexPageFactory(parent=home)
    assign_to(section)
    article = ConditionArticlePageFactory(parent=section, live=False)
    url = f"/admin/pages/{article.pk}/edit/"
    response = admin_client.post(
        url, article_form(title=article.title, slug=article.slug, **{"action-publish": "publish"})
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.live
    entry = PageLogEntry.objects.get(page=article, action=PUBLISHED_WITHOUT_REVIEW)
    assert entry.user == admin_user
    history = admin_client.get(f"/admin/pages/{article.pk}/history/").content.decode()
    assert "Published without an approved medical review" in history


def test_approved_publication_is_not_logged_as_unreviewed(client, home, editor, reviewer_user):
    section = ConditionIndexPageFactory(parent=home)
    assign_to(section)
    article = ConditionArticlePageFactory(parent=section, live=False)
    submit_and_approve(client, article, editor, reviewer_user)
    assert not PageLogEntry.objects.filter(page=article, action=PUBLISHED_WITHOUT_REVIEW).exists()


def test_add_months_clamps_to_the_end_of_short_months():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 11, 15), 12) == datetime.date(2027, 11, 15)
    assert add_months(datetime.date(2026, 11, 15), 3) == datetime.date(2027, 2, 15)


@pytest.mark.django_db
def test_ensure_editor_makes_an_editor_a_reviewer_and_a_separate_administrator(monkeypatch):
    for prefix in ("EDITOR", "REVIEWER", "ADMIN"):
        monkeypatch.delenv(f"{prefix}_PASSWORD", raising=False)
        monkeypatch.delenv(f"{prefix}_USERNAME", raising=False)
    out = StringIO()
    call_command("ensure_editor", stdout=out)
    text = out.getvalue()
    users = get_user_model().objects
    editor, admin = users.get(username="editor"), users.get(username="admin")
    passwords = [line.split("password: ")[1].strip() for line in text.splitlines() if "password: " in line]
    assert len(passwords) == 3
    assert "Created the editor account" in text and "Created the administrator account" in text
    assert not editor.is_superuser and editor.groups.filter(name="Editors").exists()
    assert admin.is_superuser
    assert editor.check_password(passwords[0]) and admin.check_password(passwords[2])
    reviewer = users.get(username="reviewer")
    assert reviewer.groups.filter(name=REVIEWERS_GROUP).exists() and reviewer.medical_reviewer.active
    again = StringIO()
    call_command("ensure_editor", stdout=again)
    assert "exists" in again.getvalue() and not any(p in again.getvalue() for p in passwords)


@pytest.mark.django_db
def test_ensure_editor_demotes_an_editor_made_superuser_by_older_versions(django_user_model, monkeypatch):
    monkeypatch.delenv("EDITOR_USERNAME", raising=False)
    django_user_model.objects.create_superuser("editor", "editor@example.org", "x" * 12)
    call_command("ensure_editor", stdout=StringIO())
    editor = django_user_model.objects.get(username="editor")
    assert not editor.is_superuser and editor.groups.filter(name="Editors").exists()


def export_rows(response):
    content = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_overdue_report_tick_box_readable_csv_reviewer_and_section(admin_client, home, named_reviewer):
    today = timezone.localdate()
    section = ConditionIndexPageFactory(parent=home, title="Metastatic Breast Cancer")
    other = ConditionIndexPageFactory(parent=home, title="Screening")
    ConditionArticlePageFactory(
        parent=section,
        title="Old article",
        last_reviewed=today - datetime.timedelta(days=400),
        next_review_due=today - datetime.timedelta(days=30),
        reviewer=named_reviewer,
    )
    ConditionArticlePageFactory(
        parent=other,
        title="Soon article",
        last_reviewed=today - datetime.timedelta(days=300),
        next_review_due=today + datetime.timedelta(days=10),
    )
    ConditionArticlePageFactory(
        parent=other, title="Never reviewed", last_reviewed=None, next_review_due=None
    )
    page = admin_client.get("/admin/reports/overdue-reviews/").content.decode()
    form = BeautifulSoup(page, "html.parser")
    box = form.find("input", attrs={"name": "include_due_soon"})
    assert box["type"] == "checkbox"
    assert "Old article" in page and "Never reviewed" in page and "Soon article" not in page
    ticked = admin_client.get("/admin/reports/overdue-reviews/", {"include_due_soon": "on"}).content.decode()
    assert "Soon article" in ticked and "due in 10 days" in ticked

    rows = export_rows(admin_client.get("/admin/reports/overdue-reviews/", {"export": "csv"}))
    assert list(rows[0]) == [
        "Article",
        "Section",
        "Language",
        "Last reviewed",
        "Reviewer",
        "Next review due",
        "Overdue by (days)",
        "Status",
    ]
    old = next(row for row in rows if row["Article"] == "Old article")
    assert old["Overdue by (days)"] == "30"
    assert old["Section"] == "Metastatic Breast Cancer" and old["Reviewer"] == "Dr. Ana Ruiz"
    assert "Status string" not in rows[0]

    by_reviewer = admin_client.get("/admin/reports/overdue-reviews/", {"reviewer": named_reviewer.pk})
    assert (
        "Old article" in by_reviewer.content.decode() and "Never reviewed" not in by_reviewer.content.decode()
    )
    by_section = admin_client.get("/admin/reports/overdue-reviews/", {"section": other.pk}).content.decode()
    assert "Never reviewed" in by_section and "Old article" not in by_section
    assert admin_client.get("/admin/reports/overdue-reviews/", {"section": "nope"}).status_code == 200
