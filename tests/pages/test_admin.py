from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from pages.models import ConditionArticlePage, Source
from tests.factories import ConditionArticlePageFactory, ConditionIndexPageFactory, SourceFactory


def test_article_editor_loads_with_cite_button(admin_client, home):
    article = ConditionArticlePageFactory(parent=ConditionIndexPageFactory(parent=home))
    response = admin_client.get(f"/admin/pages/{article.pk}/edit/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "pages/js/citation-entity.js" in body
    assert "CITATION" in body


def test_source_chooser_and_listing(admin_client, db):
    SourceFactory(title="Estimation of the number of women living with MBC")
    chooser = admin_client.get("/admin/snippets/choose/pages/source/")
    assert chooser.status_code == 200
    assert b"Estimation of the number" in chooser.content
    listing = admin_client.get("/admin/snippets/pages/source/", {"q": "Estimation"})
    assert listing.status_code == 200 and b"Estimation of the number" in listing.content


def test_source_doi_is_validated_in_the_admin(admin_client, db):
    response = admin_client.post(
        "/admin/snippets/pages/source/add/",
        {
            "title": "T",
            "publisher": "P",
            "year": "2020",
            "doi": "not-a-doi",
            "url": "",
            "authors": "",
            "details": "",
        },
    )
    assert response.status_code == 200
    assert b"Enter a DOI like" in response.content
    assert not Source.objects.exists()


def test_editor_creates_article_with_citations_through_the_admin(admin_client, home):
    section = ConditionIndexPageFactory(parent=home)
    source = SourceFactory()
    data = nested_form_data(
        {
            "title": "New article",
            "slug": "new-article",
            "summary": "Summary",
            "last_reviewed": "",
            "next_review_due": "",
            "reviewed_by": "",
            "body": streamfield(
                [
                    (
                        "paragraph",
                        rich_text(
                            f'<p>Claim <citation source="{source.pk}">[S]</citation>.</p>',
                            features=["citation"],
                        ),
                    )
                ]
            ),
            "action-publish": "publish",
        }
    )
    response = admin_client.post(f"/admin/pages/add/pages/conditionarticlepage/{section.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article = ConditionArticlePage.objects.get(slug="new-article")
    # No review was approved: the new article claims none (it used to default to today).
    assert article.last_reviewed is None and article.next_review_due is None
    assert f'<citation source="{source.pk}">' in article.body[0].value.source
    page = admin_client.get(article.url).content.decode()
    assert 'href="#source-1"' in page and Page.objects.filter(pk=article.pk, live=True).exists()
