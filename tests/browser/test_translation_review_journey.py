"""Issue 20's editor journey: an editor translates a perspective into Spanish with
wagtail-localize, submits the translation to the "Medical review" workflow, a medical reviewer
approves it, and it appears under /es/ with the Spanish disclaimer on the post and on its
teaser in the Spanish perspective index (axe clean, `lang` right)."""

import importlib
import re

from django.contrib.auth.models import Group
from playwright.sync_api import expect
from wagtail.models import Locale

from pages.models import PerspectiveIndexPage, PerspectivePage
from pages.workflows import REVIEWERS_GROUP
from tests.browser.axe import axe_violations, describe
from tests.browser.conftest import watch_csp

PASSWORD = "correct horse battery staple 42"
SPANISH_DISCLAIMER = (
    "Tenga en cuenta que la información de una Perspectiva de Komen solo está actualizada a la fecha de su "
    "publicación. Parte de la información puede estar desactualizada."
)


def log_in_to_admin(page, base_url, username):
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_editor_translates_a_perspective_reviewer_approves_it_appears_in_spanish(
    live_server, new_context, django_user_model
):
    for name in ("demo.pages", "demo.articles", "demo.spanish"):
        importlib.import_module(name).load(lambda *args: None)
    demo = live_server.url
    english = PerspectivePage.objects.get(slug="caregivers-need-support-too", locale__language_code="en")
    index_es = PerspectiveIndexPage.objects.get(locale__language_code="es")
    editor = django_user_model.objects.create_user("ed", "ed@example.org", PASSWORD)
    editor.groups.add(Group.objects.get(name="Editors"))
    reviewer = django_user_model.objects.create_user("doc", "doc@example.org", PASSWORD)
    reviewer.groups.add(Group.objects.get(name=REVIEWERS_GROUP))

    # The editor translates the English perspective: wagtail-localize's "Translate" action.
    admin = new_context().new_page()
    log_in_to_admin(admin, demo, "ed")
    admin.goto(f"{demo}/admin/pages/{english.get_parent().pk}/")
    row = admin.get_by_role("row").filter(has_text="Caregivers need support too")
    row.get_by_role("button", name=re.compile("More options", re.I)).click()
    row.get_by_role("link", name="Translate this page").click()
    spanish_box = admin.get_by_role("checkbox", name=re.compile("Español"))
    if not spanish_box.is_checked():
        spanish_box.check()
    admin.get_by_role("button", name="Submit").click()

    # In the translation editor, the editor writes the Spanish title.
    title_segment = (
        admin.locator("li.incomplete, li.complete").filter(has_text="Caregivers need support too").first
    )
    title_segment.get_by_role("button", name="Translate").click()
    title_segment.locator("textarea").fill("Las personas cuidadoras también necesitan apoyo")
    title_segment.get_by_role("button", name="Save").click()
    expect(title_segment).to_contain_text("Las personas cuidadoras también necesitan apoyo")
    # No "Publish" for an editor where the medical review applies.
    expect(admin.get_by_role("button", name=re.compile("^Publish", re.I))).to_have_count(0)
    spanish = PerspectivePage.objects.get(translation_key=english.translation_key, locale=index_es.locale)
    assert not spanish.live

    # From the Spanish perspectives in the page explorer: "Submit translation for review".
    admin.goto(f"{demo}/admin/pages/{index_es.pk}/")
    row = admin.get_by_role("row").filter(has_text="Las personas cuidadoras también necesitan apoyo")
    row.get_by_role("button", name=re.compile("More options", re.I)).click()
    row.get_by_role("link", name="Submit translation for review").click()
    admin.get_by_role("button", name="Submit to Medical review").click()
    expect(admin.get_by_text(re.compile("has been submitted to Medical review")).first).to_be_visible()
    spanish.refresh_from_db()
    assert spanish.workflow_in_progress and not spanish.live

    # The medical reviewer approves it from the dashboard, which publishes it.
    review = new_context().new_page()
    log_in_to_admin(review, demo, "doc")
    row = (
        review.locator("#awaiting-review-content")
        .get_by_role("row")
        .filter(has_text="Las personas cuidadoras también necesitan apoyo")
    )
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve", exact=True).click()
    expect(
        review.locator("#awaiting-review-content").get_by_text(
            "Las personas cuidadoras también necesitan apoyo"
        )
    ).to_have_count(0)
    spanish.refresh_from_db()
    assert spanish.live and spanish.url.startswith("/es/")

    # A visitor: the Spanish index lists it with the Spanish disclaimer on its teaser...
    visitor = new_context(locale="es-US").new_page()
    csp = watch_csp(visitor)
    visitor.goto(demo + index_es.url)
    expect(visitor.locator("html")).to_have_attribute("lang", "es")
    teaser = visitor.locator(".perspective-list article").filter(
        has_text="Las personas cuidadoras también necesitan apoyo"
    )
    expect(teaser.locator(".perspective-notice")).to_contain_text("Publicado en septiembre de 2025")
    expect(teaser.locator(".perspective-notice")).to_contain_text(SPANISH_DISCLAIMER)
    violations = axe_violations(visitor)
    assert not violations, describe(visitor.url, violations)

    # ...and the post itself carries it.
    teaser.get_by_role("link", name="Las personas cuidadoras también necesitan apoyo").click()
    expect(visitor).to_have_url(re.compile(r"/es/"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "Las personas cuidadoras también necesitan apoyo"
    )
    expect(visitor.locator("article .disclaimer").first).to_contain_text(SPANISH_DISCLAIMER)
    expect(visitor.locator(".eyebrow")).to_have_text("Perspectivas de Komen")
    violations = axe_violations(visitor)
    assert not violations, describe(visitor.url, violations)
    assert not csp
    assert Locale.objects.get(language_code="es") == spanish.locale
