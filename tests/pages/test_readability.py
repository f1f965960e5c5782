"""Reading level (issue 18): the score, what it reads, storing it, the editor's panel and the report."""

import csv
import io
from decimal import Decimal

from django.core.management import call_command
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from demo.factories import (
    ConditionArticlePageFactory,
    ConditionIndexPageFactory,
    PerspectiveIndexPageFactory,
    PerspectivePageFactory,
    SourceFactory,
    StandardPageFactory,
)
from pages import readability
from pages.models import ReadingLevel, SiteSettings, StandardPage

SIMPLE = "<p>We can help. Call us today. The line is free.</p>"
HARD = (
    "<p>Comprehensive multidisciplinary evaluation incorporating immunohistochemical characterization "
    "facilitates individualized therapeutic decision-making regarding anthracycline-containing "
    "chemotherapeutic regimens, considering cardiotoxicity susceptibility and comorbidities.</p>"
)


def test_grade_rises_with_long_sentences_and_words():
    easy = readability.analyse(["We can help.", "Call us today."])
    hard = readability.analyse(readability.html_lines(HARD))
    assert easy.grade is not None and hard.grade is not None
    assert easy.grade < 4 < 8 < hard.grade
    assert not easy.above_target and hard.above_target
    assert isinstance(hard.grade, Decimal) and hard.grade == hard.grade.quantize(Decimal("0.1"))


def test_no_text_has_no_grade():
    result = readability.analyse([], target=8)
    assert result.grade is None and not result.above_target and result.words == 0


def test_longest_sentences_and_words_are_suggested_longest_first():
    result = readability.analyse(
        [
            "Short one.",
            "This sentence has quite a few more words than the first one does.",
            "Chemotherapeutic regimens vary.",
        ]
    )
    assert result.longest_sentences[0].text.startswith("This sentence has")
    assert result.longest_sentences[0].words == 13
    assert result.longest_words[0].text == "Chemotherapeutic"
    assert result.longest_words[0].syllables >= 4
    assert all(word.syllables >= readability.MIN_SYLLABLES_SUGGESTED for word in result.longest_words)


def test_citations_are_left_out_and_blocks_count_as_sentences(home):
    source = SourceFactory(title="Incomprehensibilities of pharmacoepidemiological investigations")
    section = ConditionIndexPageFactory(parent=home)
    article = ConditionArticlePageFactory(
        parent=section,
        summary="A summary",
        body=[
            ("heading", {"text": "Treatment options", "level": "h2"}),
            (
                "paragraph",
                f'<p>Treatment helps <citation source="{source.pk}">[Incomprehensibilities]</citation>.</p>'
                "<ul><li>Surgery</li><li>Radiation</li></ul>",
            ),
        ],
    )
    lines = readability.page_texts(article)
    assert lines == ["A summary", "Treatment options", "Treatment helps.", "Surgery", "Radiation"]
    result = article.readability()
    assert result.sentences == 5
    assert "Incomprehensibilities" not in {word.text for word in result.longest_words}


def test_score_is_stored_on_save_and_on_each_new_revision(home):
    page = StandardPageFactory(parent=home, intro="", body=[("paragraph", SIMPLE)])
    stored = ReadingLevel.objects.get(page=page)
    assert stored.grade is not None and stored.grade < 4 and stored.words == 10

    page.body = [("paragraph", HARD)]
    page.save_revision()  # a draft: the report signals the text the editor is working on
    stored.refresh_from_db()
    assert stored.grade > 8


def test_every_readable_page_type_stores_its_score(home):
    section = ConditionIndexPageFactory(parent=home)
    article = ConditionArticlePageFactory(parent=section, body=[("paragraph", HARD)])
    perspective = PerspectivePageFactory(
        parent=PerspectiveIndexPageFactory(parent=home), body=[("paragraph", HARD)]
    )
    standard = StandardPageFactory(parent=home, body=[("paragraph", HARD)])
    grades = dict(ReadingLevel.objects.values_list("page_id", "grade"))
    assert set(grades) == {article.pk, perspective.pk, standard.pk}
    assert all(grade > 8 for grade in grades.values())


def test_panel_shows_grade_target_and_suggestions_in_the_editor(admin_client, home):
    settings = SiteSettings.for_site(home.get_site())
    settings.reading_grade_target = 6
    settings.save()
    page = StandardPageFactory(parent=home, body=[("paragraph", HARD)])
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "data-readability-panel" in body and "pages/js/readability-panel.js" in body
    assert f'data-readability-grade="{page.readability().grade}"' in body
    assert "target: 6 or lower" in body
    assert "Longest sentences" in body and "Comprehensive multidisciplinary evaluation" in body
    assert "Longest words" in body and "immunohistochemical" in body


def test_panel_recalculates_from_the_unsaved_form(client, editor, home):
    """What the panel's script posts: the edit form as it is, half filled in; nothing is saved."""
    client.force_login(editor)
    data = nested_form_data(
        {
            "title": "",  # invalid form: the grade is still computed from the text
            "intro": "Short intro.",
            "body": streamfield([("paragraph", rich_text(HARD))]),
        }
    )
    response = client.post("/admin/readability/pages/standardpage/", data)
    assert response.status_code == 200
    hard_grade = readability.analyse(["Short intro.", *readability.html_lines(HARD)]).grade
    assert f'data-readability-grade="{hard_grade}"' in response.content.decode()

    data = nested_form_data({"intro": "", "body": streamfield([("paragraph", rich_text(SIMPLE))])})
    easier = client.post("/admin/readability/pages/standardpage/", data).content.decode()
    assert f'data-readability-grade="{hard_grade}"' not in easier
    assert "At or below target." in easier
    assert not ReadingLevel.objects.exists()


def test_panel_recalculation_refuses_bad_requests(client, admin_client, editor, django_user_model, home):
    assert admin_client.get("/admin/readability/pages/standardpage/").status_code == 405
    assert admin_client.post("/admin/readability/pages/homepage/").status_code == 404
    assert admin_client.post("/admin/readability/nope/nothing/").status_code == 404
    # Garbage form data: no grade, no 500.
    response = admin_client.post(
        "/admin/readability/pages/standardpage/", {"body-count": "x", "intro": "\x00"}
    )
    assert response.status_code == 200 and "Write some text" in response.content.decode()
    # Not an editor: no admin access at all.
    assert client.post("/admin/readability/pages/standardpage/").status_code == 302
    member = django_user_model.objects.create_user("member", password="x" * 12)
    client.force_login(member)
    assert client.post("/admin/readability/pages/standardpage/").status_code in {302, 403}


def test_reading_level_report_lists_pages_above_target_hardest_first(admin_client, home):
    easy = StandardPageFactory(parent=home, title="Easy page", body=[("paragraph", SIMPLE)])
    hard = StandardPageFactory(parent=home, title="Hard <b>page</b>", body=[("paragraph", HARD)])
    medium = StandardPageFactory(
        parent=home,
        title="Medium page",
        body=[
            ("paragraph", "<p>Radiation therapy uses high-energy rays to destroy remaining cancer cells.</p>")
        ],
    )
    response = admin_client.get("/admin/reports/reading-level/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Hard &lt;b&gt;page&lt;/b&gt;" in body and "Hard <b>page</b>" not in body
    assert "Easy page" not in body
    assert body.index("Hard &lt;b&gt;") < body.index("Medium page")
    everything = admin_client.get(
        "/admin/reports/reading-level/", {"include_at_target": "on", "ordering": "grade"}
    )
    listed = everything.content.decode()
    assert listed.index("Easy page") < listed.index("Medium page") < listed.index("Hard &lt;b&gt;")
    assert easy.pk and hard.pk and medium.pk
    # A bad ordering falls back to the default; a bad filter value is not a 500.
    assert admin_client.get("/admin/reports/reading-level/", {"ordering": "drop table"}).status_code == 200
    assert (
        admin_client.get("/admin/reports/reading-level/", {"content_type": "x", "live": "maybe"}).status_code
        == 200
    )


def test_reading_level_report_csv_has_readable_headers(admin_client, home):
    page = StandardPageFactory(parent=home, title="Hard page", body=[("paragraph", HARD)])
    response = admin_client.get("/admin/reports/reading-level/", {"export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == [
        "Page",
        "Reading grade",
        "Target grade",
        "Words",
        "Sentences",
        "Type",
        "Status",
        "Path",
        "Updated",
    ]
    assert rows[1][0] == "Hard page"
    assert Decimal(rows[1][1]) == ReadingLevel.objects.get(page=page).grade
    assert rows[1][2] == "8" and rows[1][5] == "Standard page"


def test_reading_level_report_query_count_is_constant(admin_client, home, django_assert_max_num_queries):
    for n in range(3):
        StandardPageFactory(parent=home, title=f"Hard {n}", body=[("paragraph", HARD)])
    admin_client.get("/admin/reports/reading-level/")
    with django_assert_max_num_queries(60) as few:
        admin_client.get("/admin/reports/reading-level/")
    budget = len(few.captured_queries)
    for n in range(10):
        StandardPageFactory(parent=home, title=f"More {n}", body=[("paragraph", HARD)])
    with django_assert_max_num_queries(budget, info="reading level report"):
        response = admin_client.get("/admin/reports/reading-level/")
    assert "More 9" in response.content.decode()


def test_reading_level_is_not_a_publish_gate(admin_client, home):
    data = nested_form_data(
        {
            "title": "Dense page",
            "slug": "dense-page",
            "intro": "",
            "body": streamfield([("paragraph", rich_text(HARD))]),
            "action-publish": "publish",
        }
    )
    response = admin_client.post(f"/admin/pages/add/pages/standardpage/{home.pk}/", data)
    assert response.status_code == 302
    page = StandardPage.objects.get(slug="dense-page")
    assert page.live and ReadingLevel.objects.get(page=page).grade > 8
    assert Page.objects.filter(pk=page.pk, live=True).exists()


def test_update_reading_levels_command_fills_in_pages_saved_before(home):
    page = StandardPageFactory(parent=home, body=[("paragraph", HARD)])
    ReadingLevel.objects.all().delete()
    out = io.StringIO()
    call_command("update_reading_levels", stdout=out)
    assert "Stored the reading grade of 1 page." in out.getvalue()
    assert ReadingLevel.objects.get(page=page).grade > 8
