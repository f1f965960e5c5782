"""'Was this page helpful?' (issue 18): the form, bad input, abuse limits, reports and retention."""

import csv
import datetime
import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from demo.factories import (
    ConditionArticlePageFactory,
    ConditionIndexPageFactory,
    PerspectiveIndexPageFactory,
    PerspectivePageFactory,
    StandardPageFactory,
)
from demo.factories.resources import AudienceLandingPageFactory, ResourceIndexPageFactory
from pages import feedback
from pages.models import PageFeedback, SiteSettings


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def article(home):
    return ConditionArticlePageFactory(parent=ConditionIndexPageFactory(parent=home), title="About MBC")


def answer(client, page, helpful="yes", comment="", **extra):
    data = {"helpful": helpful, "comment": comment, "form_token": feedback.form_token(page.pk), "website": ""}
    data.update(extra.pop("data", {}))
    return client.post(f"/feedback/{page.pk}/", data, **extra)


def test_form_is_on_articles_perspectives_standard_and_resource_pages(client, home, article):
    pages = [
        article,
        PerspectivePageFactory(parent=PerspectiveIndexPageFactory(parent=home)),
        StandardPageFactory(parent=home),
        ResourceIndexPageFactory(parent=home),
        AudienceLandingPageFactory(parent=home),
    ]
    for page in pages:
        body = client.get(page.url).content.decode()
        assert f'action="/feedback/{page.pk}/"' in body, page
        assert "Was this page helpful?" in body
        assert "Please do not include personal information" in body
        assert 'name="website"' in body and "csrfmiddlewaretoken" not in body
    assert 'action="/feedback/' not in client.get(home.url).content.decode()


def test_an_answer_is_stored_anonymously_and_thanked(client, article):
    response = answer(client, article, "no", "The second paragraph is confusing.")
    assert response.status_code == 302 and response["Location"] == f"/feedback/{article.pk}/thanks/"
    row = PageFeedback.objects.get()
    assert row.page_id == article.pk and row.helpful is False
    assert row.comment == "The second paragraph is confusing."
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Thank you for your feedback" in thanks.content.decode()
    assert f'href="{article.url}"' in thanks.content.decode()


def test_the_form_page_works_without_the_article(client, article):
    response = client.get(f"/feedback/{article.pk}/")
    assert response.status_code == 200 and 'name="helpful"' in response.content.decode()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"helpful": ""}, "Choose Yes or No."),
        ({"helpful": "maybe"}, "Select a valid choice."),
        ({"comment": "x" * (feedback.COMMENT_MAX_LENGTH + 1)}, "at most 1000 characters"),
        ({"form_token": "forged"}, "This form has expired"),
        ({"form_token": ""}, "This form has expired"),
        ({"website": "http://spam.example"}, "We could not accept this form"),
    ],
)
def test_bad_input_gets_a_400_page_that_keeps_the_comment(client, article, data, message):
    comment = data.pop("comment", "Please explain <b>HER2</b> more simply.")
    response = answer(client, article, comment=comment, data=data)
    body = response.content.decode()
    assert response.status_code == 400
    assert message in body and "There is a problem with your feedback" in body
    if len(comment) <= 100:
        assert "Please explain &lt;b&gt;HER2&lt;/b&gt; more simply." in body and "<b>HER2</b>" not in body
    assert not PageFeedback.objects.exists()


def test_a_token_for_another_page_is_refused(client, home, article):
    other = StandardPageFactory(parent=home)
    response = answer(client, article, data={"form_token": feedback.form_token(other.pk)})
    assert response.status_code == 400 and not PageFeedback.objects.exists()


def test_unknown_pages_and_pages_without_the_form_are_404(client, home, article):
    assert client.post("/feedback/999999/", {"helpful": "yes"}).status_code == 404
    assert answer(client, home).status_code == 404
    article.unpublish()
    assert answer(client, article).status_code == 404
    assert client.get("/feedback/999999/thanks/").status_code == 404
    assert client.put(f"/feedback/{home.pk}/").status_code == 405
    assert not PageFeedback.objects.exists()


def test_a_form_sent_from_another_site_is_refused(client, article):
    response = answer(client, article, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403 and "another website" in response.content.decode()
    assert answer(client, article, HTTP_REFERER="https://evil.example/page").status_code == 403
    assert answer(client, article, HTTP_ORIGIN="null").status_code == 403
    assert not PageFeedback.objects.exists()
    assert answer(client, article, HTTP_ORIGIN="http://testserver").status_code == 302
    assert answer(client, article, HTTP_REFERER=f"http://testserver{article.url}").status_code == 302


def test_answers_are_rate_limited_per_address_keeping_what_was_typed(client, article):
    for _ in range(feedback.RATE_LIMIT):
        assert answer(client, article, REMOTE_ADDR="203.0.113.5").status_code == 302
    refused = answer(client, article, comment="One more thought", REMOTE_ADDR="203.0.113.5")
    assert refused.status_code == 429
    assert "One more thought" in refused.content.decode() and "wait a few minutes" in refused.content.decode()
    assert answer(client, article, REMOTE_ADDR="203.0.113.6").status_code == 302
    assert PageFeedback.objects.count() == feedback.RATE_LIMIT + 1


def test_visitor_session_is_ignored(client, django_user_model, article):
    """Signed-in people answer anonymously too: nothing links the answer to the account."""
    user = django_user_model.objects.create_user("member", password="x" * 12)
    client.force_login(user)
    assert answer(client, article, "yes", "Clear").status_code == 302
    assert {f.name for f in PageFeedback._meta.get_fields()} == {
        "id",
        "page",
        "helpful",
        "comment",
        "created_at",
    }


def test_comment_control_characters_are_cleaned(client, article):
    assert answer(client, article, comment="Line one\x00").status_code == 400
    assert answer(client, article, comment="Line one\r\n\tLine   two  ").status_code == 302
    assert PageFeedback.objects.get().comment == "Line one\nLine two"


# --- Reports ------------------------------------------------------------------------------------


def at(page, helpful, comment, days_ago):
    row = PageFeedback.objects.create(page=page, helpful=helpful, comment=comment)
    PageFeedback.objects.filter(pk=row.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return row


def test_report_counts_answers_per_page_within_dates(admin_client, home, article):
    other = StandardPageFactory(parent=home, title="Contact us")
    at(article, True, "", 1)
    at(article, True, "Great", 2)
    at(article, False, "Too long", 3)
    at(article, False, "", 40)
    at(other, True, "", 1)
    body = admin_client.get("/admin/reports/page-feedback/").content.decode()
    assert "About MBC" in body and "Contact us" in body
    assert body.index("About MBC") < body.index("Contact us")  # most answers first

    since = (timezone.localdate() - datetime.timedelta(days=10)).isoformat()
    response = admin_client.get("/admin/reports/page-feedback/", {"date_from": since, "export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["Page", "Path", "Answers", "Yes", "No", "Helpful (%)", "Comments", "Last answer"]
    by_title = {row[0]: row for row in rows[1:]}
    assert by_title["About MBC"][2:7] == ["3", "2", "1", "67", "2"]
    assert by_title["Contact us"][2:7] == ["1", "1", "0", "100", "0"]

    old = admin_client.get(
        "/admin/reports/page-feedback/",
        {"date_to": (timezone.localdate() - datetime.timedelta(days=30)).isoformat()},
    ).content.decode()
    assert "About MBC" in old and "Contact us" not in old
    assert admin_client.get("/admin/reports/page-feedback/", {"date_from": "not a date"}).status_code == 200


def test_comments_report_escapes_comments_and_exports_csv(admin_client, article):
    at(article, False, '<script>alert("x")</script><img src=x onerror=alert(1)>', 1)
    at(article, True, "Clear and kind", 5)
    response = admin_client.get("/admin/reports/page-feedback/comments/", {"page": article.pk})
    body = response.content.decode()
    assert response.status_code == 200
    assert "&lt;script&gt;alert(" in body and '<script>alert("x")' not in body and "<img src=x" not in body
    assert body.index("&lt;script&gt;") < body.index("Clear and kind")  # newest first

    export = admin_client.get("/admin/reports/page-feedback/comments/", {"page": article.pk, "export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert rows[0] == ["Date", "Page", "Path", "Helpful", "Comment"]
    assert rows[1][1:] == [
        "About MBC",
        article.url_path,
        "No",
        '<script>alert("x")</script><img src=x onerror=alert(1)>',
    ]

    recent = admin_client.get(
        "/admin/reports/page-feedback/comments/",
        {"date_from": (timezone.localdate() - datetime.timedelta(days=2)).isoformat()},
    ).content.decode()
    assert "Clear and kind" not in recent
    assert admin_client.get("/admin/reports/page-feedback/comments/", {"page": "x"}).status_code == 200


def test_reports_need_admin_access(client, django_user_model, home):
    for url in ("/admin/reports/page-feedback/", "/admin/reports/page-feedback/comments/"):
        assert client.get(url).status_code == 302
    client.force_login(django_user_model.objects.create_user("member", password="x" * 12))
    for url in ("/admin/reports/page-feedback/", "/admin/reports/page-feedback/comments/"):
        assert client.get(url).status_code in {302, 403}


def test_reports_query_counts_are_constant(admin_client, home, django_assert_max_num_queries):
    def add_pages(n):
        for i in range(n):
            page = StandardPageFactory(parent=home)
            at(page, i % 2 == 0, f"Comment {i}", 1)

    add_pages(2)
    for url in ("/admin/reports/page-feedback/", "/admin/reports/page-feedback/comments/"):
        with django_assert_max_num_queries(60) as few:
            admin_client.get(url)
        budget = len(few.captured_queries)
        add_pages(8)
        with django_assert_max_num_queries(budget, info=url):
            admin_client.get(url)


# --- Retention ----------------------------------------------------------------------------------


def test_old_comments_are_deleted_and_answers_kept(home, article):
    old = at(article, False, "Old comment", 181)
    recent = at(article, True, "Recent comment", 179)
    out = io.StringIO()
    call_command("delete_old_feedback_comments", stdout=out)
    assert "Deleted 1 feedback comment." in out.getvalue()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.comment == "" and old.helpful is False
    assert recent.comment == "Recent comment"
    assert PageFeedback.objects.count() == 2


def test_retention_period_comes_from_site_settings(site, article):
    settings = SiteSettings.for_site(site)
    settings.feedback_comment_retention_days = 30
    settings.save()
    at(article, True, "Five weeks old", 35)
    at(article, True, "Three weeks old", 21)
    assert feedback.delete_old_comments() == 1
    assert list(PageFeedback.objects.exclude(comment="").values_list("comment", flat=True)) == [
        "Three weeks old"
    ]
    assert feedback.delete_old_comments(days=7) == 1


def test_retention_runs_as_a_task(home, article):
    at(article, True, "Old", 400)
    out = io.StringIO()
    call_command("delete_old_feedback_comments", "--enqueue", stdout=out)
    assert "Queued the feedback clean-up as task" in out.getvalue()
    # Tests run tasks immediately (the default backend); production queues them for the worker.
    assert not PageFeedback.objects.exclude(comment="").exists()


def test_retention_command_refuses_bad_days(home):
    with pytest.raises(CommandError):
        call_command("delete_old_feedback_comments", "--days", "0")


def test_form_token_is_the_same_on_every_render():
    """The token holds no timestamp: two renders a second apart give the same page, so the page
    cache and a fresh render agree (tests/perf/test_route_cache.py compares them byte for byte)."""
    from unittest import mock

    from pages.feedback import form_token, token_matches

    first = form_token(42)
    with mock.patch("time.time", return_value=9_999_999_999):
        assert form_token(42) == first
    assert token_matches(first, 42) and not token_matches(first, 43) and not token_matches("42:forged", 42)
