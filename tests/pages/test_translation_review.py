"""Translations go through the same 'Medical review' workflow and keep their own review record
(issue 20); the overdue report covers both languages."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Locale, PageLogEntry, WorkflowPage
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from demo.factories import (
    ConditionArticlePageFactory,
    ConditionIndexPageFactory,
    PerspectiveIndexPageFactory,
    PerspectivePageFactory,
)
from pages.models import ConditionArticlePage, Reviewer
from pages.review import add_months
from pages.signals import PUBLISHED_WITHOUT_REVIEW
from pages.workflows import WORKFLOW_NAME, assign_to
from tests.utils import translate_page


@pytest.fixture
def reviewer_user(reviewer_user):
    """The shared reviewer (tests/pages/conftest.py), with a named reviewer profile."""
    Reviewer.objects.create(name="Dra. Ana Ruiz", credentials="MD", user=reviewer_user)
    return reviewer_user


@pytest.fixture
def section_es(home, spanish):
    translate_page(home, locale=spanish, title="Inicio")
    section = ConditionIndexPageFactory(
        parent=home, title="Metastatic Breast Cancer", review_interval_months=6
    )
    assign_to(section)
    return translate_page(section, locale=spanish, title="Cáncer de mama metastásico")


@pytest.fixture
def reviewed_article(section_es):
    section = section_es.get_translation(Locale.get_default())
    return ConditionArticlePageFactory(
        parent=section,
        title="Living with MBC",
        last_reviewed=datetime.date(2026, 1, 10),
        next_review_due=datetime.date(2026, 7, 10),
        reviewed_by="Komen Scientific Advisory Board",
    )


def translate_with_localize(client, user, page, locale):
    client.force_login(user)
    response = client.post(f"/admin/localize/submit/page/{page.pk}/", {"locales": [locale.pk]})
    assert response.status_code == 302, response.content[:500]
    return ConditionArticlePage.objects.get(translation_key=page.translation_key, locale=locale)


def submit_and_approve(client, page, editor, reviewer_user):
    page.save_revision(user=editor)
    state = page.get_workflow().start(page, editor)
    client.force_login(reviewer_user)
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{state.current_task_state.pk}/",
        {"comment": "Revisado"},
    )
    assert response.status_code in (200, 302)


def test_a_new_translation_is_a_draft_with_no_review_claimed(client, editor, reviewed_article, spanish):
    translation = translate_with_localize(client, editor, reviewed_article, spanish)
    assert not translation.live  # not published past the workflow although the source is live
    assert (translation.last_reviewed, translation.next_review_due, translation.reviewer_id) == (
        None,
        None,
        None,
    )
    assert translation.reviewed_by == ""
    assert translation.get_workflow().name == WORKFLOW_NAME
    assert client.get(f"/es/cancer-de-mama-metastasico/{translation.slug}/").status_code == 404


def test_translation_passes_medical_review_and_keeps_its_own_dates(
    client, editor, reviewer_user, reviewed_article, spanish
):
    translation = translate_with_localize(client, editor, reviewed_article, spanish)
    submit_and_approve(client, translation, editor, reviewer_user)
    translation.refresh_from_db()
    today = timezone.localdate()
    assert translation.live
    assert translation.last_reviewed == today and translation.next_review_due == add_months(today, 6)
    assert translation.reviewer.name == "Dra. Ana Ruiz"
    reviewed_article.refresh_from_db()
    assert reviewed_article.last_reviewed == datetime.date(2026, 1, 10)  # the source's own record

    # The source is edited and its translations synced: the Spanish review record stays its own.
    reviewed_article.summary = "New English summary"
    reviewed_article.reviewed_by = "Another board"
    reviewed_article.save_revision().publish()
    source = TranslationSource.objects.get(object_id=reviewed_article.translation_key)
    client.force_login(editor)
    response = client.post(f"/admin/localize/update/{source.pk}/", {})
    assert response.status_code == 302
    draft = ConditionArticlePage.objects.get(pk=translation.pk).get_latest_revision_as_object()
    assert (draft.last_reviewed, draft.next_review_due, draft.reviewed_by) == (
        today,
        add_months(today, 6),
        "",
    )


def test_editor_cannot_publish_a_translation_past_the_review(
    client, editor, reviewed_article, spanish, django_capture_on_commit_callbacks
):
    translation = translate_with_localize(client, editor, reviewed_article, spanish)
    # The translation editor's own Publish button. (Wagtail's admin answers a PermissionDenied
    # with a redirect to the dashboard and a "no permission" message.)
    response = client.post(f"/admin/pages/{translation.pk}/edit/", {"action": "publish"})
    assert (response.status_code, response.url) == (302, "/admin/")
    # "Update translations" with "Publish immediately".
    source = TranslationSource.objects.get(object_id=reviewed_article.translation_key)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/localize/update/{source.pk}/", {"publish_translations": "on"})
    assert (response.status_code, response.url) == (302, "/admin/")
    assert not ConditionArticlePage.objects.get(pk=translation.pk).live
    assert Translation.objects.filter(source=source, target_locale=spanish).exists()


def test_administrator_may_publish_translations_from_update_translations_and_it_is_logged(
    client, admin_user, editor, reviewed_article, spanish, django_capture_on_commit_callbacks
):
    translation = translate_with_localize(client, editor, reviewed_article, spanish)
    source = TranslationSource.objects.get(object_id=reviewed_article.translation_key)
    client.force_login(admin_user)
    # wagtail-localize publishes when the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/localize/update/{source.pk}/", {"publish_translations": "on"})
    assert response.status_code == 302 and response.url != "/admin/", response.url
    assert ConditionArticlePage.objects.get(pk=translation.pk).live
    assert PageLogEntry.objects.filter(page=translation, action=PUBLISHED_WITHOUT_REVIEW).exists()


def test_translated_perspective_index_requires_medical_review_english_does_not(home, spanish):
    index = PerspectiveIndexPageFactory(parent=home)
    PerspectivePageFactory(parent=index)
    translate_page(home, locale=spanish, title="Inicio")
    index_es = translate_page(index, locale=spanish, title="Perspectivas de Komen")
    assert index_es.get_workflow().name == WORKFLOW_NAME
    english_workflow = WorkflowPage.objects.filter(page=index).first()
    assert english_workflow is None


def export_rows(response):
    content = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_overdue_report_covers_both_languages_with_a_language_column_and_filter(
    admin_client, reviewed_article, section_es
):
    spanish_article = ConditionArticlePageFactory(
        parent=section_es, title="Vivir con cáncer de mama metastásico", locale=section_es.locale
    )
    ConditionArticlePage.objects.filter(pk=spanish_article.pk).update(
        last_reviewed=None, next_review_due=None
    )
    ConditionArticlePage.objects.filter(pk=reviewed_article.pk).update(
        next_review_due=timezone.localdate() - datetime.timedelta(days=5)
    )

    page = admin_client.get("/admin/reports/overdue-reviews/").content.decode()
    assert "<th>Language</th>" in page
    assert "Vivir con cáncer" in page and "Living with MBC" in page
    assert '<td lang="es">Español</td>' in page and '<td lang="en">English</td>' in page

    only_spanish = admin_client.get("/admin/reports/overdue-reviews/", {"language": "es"}).content.decode()
    assert "Vivir con cáncer" in only_spanish and "Living with MBC" not in only_spanish
    assert admin_client.get("/admin/reports/overdue-reviews/", {"language": "xx"}).status_code == 200

    rows = export_rows(admin_client.get("/admin/reports/overdue-reviews/", {"export": "csv"}))
    assert list(rows[0])[:3] == ["Article", "Section", "Language"]
    by_title = {row["Article"]: row for row in rows}
    assert by_title["Vivir con cáncer de mama metastásico"]["Language"] == "Español"
    assert by_title["Vivir con cáncer de mama metastásico"]["Section"] == "Cáncer de mama metastásico"
    assert by_title["Living with MBC"]["Language"] == "English"

    for n in range(5):
        ConditionArticlePageFactory(parent=section_es, title=f"Artículo {n}", locale=section_es.locale)
    response = admin_client.get("/admin/reports/overdue-reviews/", {"language": "es"})
    assert response.content.decode().count('<td lang="es">Español</td>') == 6


def translate_title(page, spanish, title):
    """What typing a translation in wagtail-localize's editor stores: a string translation."""
    source = TranslationSource.objects.get(object_id=page.translation_key)
    segment = source.stringsegment_set.select_related("string", "context").get(context__path="title")
    StringTranslation.objects.create(
        translation_of=segment.string, locale=spanish, context=segment.context, data=title
    )


def test_editor_submits_a_translation_to_medical_review_reviewer_approves(
    client, editor, reviewer_user, reviewed_article, spanish
):
    translation = translate_with_localize(client, editor, reviewed_article, spanish)
    translate_title(reviewed_article, spanish, "Vivir con cáncer de mama metastásico")
    listing = client.get(f"/admin/pages/{translation.get_parent().pk}/").content.decode()
    assert f"/admin/pages/{translation.pk}/submit-translation/" in listing
    url = f"/admin/pages/{translation.pk}/submit-translation/"
    assert "Submit to Medical review" in client.get(url).content.decode()

    response = client.post(url)
    assert response.status_code == 302
    translation = ConditionArticlePage.objects.get(pk=translation.pk)
    assert translation.workflow_in_progress and not translation.live
    assert translation.get_latest_revision_as_object().title == "Vivir con cáncer de mama metastásico"
    assert client.post(url).status_code == 302  # twice: a message, not a second workflow

    client.force_login(reviewer_user)
    state = translation.current_workflow_state
    response = client.post(
        f"/admin/pages/workflow/action/{translation.pk}/approve/{state.current_task_state.pk}/",
        {"comment": "Bien"},
    )
    assert response.status_code in (200, 302)
    translation = ConditionArticlePage.objects.get(pk=translation.pk)
    assert translation.live and translation.title == "Vivir con cáncer de mama metastásico"
    assert translation.last_reviewed == timezone.localdate()


def test_submit_translation_refuses_strangers_and_pages_that_are_not_translations(
    client, django_user_model, editor, reviewed_article, spanish
):
    translation = translate_with_localize(client, editor, reviewed_article, spanish)
    client.force_login(editor)
    assert client.get(f"/admin/pages/{reviewed_article.pk}/submit-translation/").status_code == 404
    assert client.get("/admin/pages/999999/submit-translation/").status_code == 404
    outsider = django_user_model.objects.create_user("viewer", password="x" * 12)
    outsider.groups.add(Group.objects.get(name="Moderators"))
    Group.objects.get(name="Moderators").page_permissions.all().delete()
    client.force_login(outsider)
    response = client.post(f"/admin/pages/{translation.pk}/submit-translation/")
    assert (response.status_code, response.url) == (302, "/admin/")
    assert not ConditionArticlePage.objects.get(pk=translation.pk).workflow_in_progress
