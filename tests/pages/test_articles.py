import datetime
import json

import pytest
from django.utils import timezone
from wagtail.models import Page, WorkflowState

from demo.factories import (
    ConditionArticlePageFactory,
    ConditionIndexPageFactory,
    HealthTopicFactory,
    PerspectiveIndexPageFactory,
    PerspectivePageFactory,
    StandardPageFactory,
    TopicIndexPageFactory,
)
from pages.models import ConditionArticlePage, ConditionIndexPage, HomePage
from pages.views import OverdueReviewFilterSet
from pages.workflows import assign_to
from tests.utils import count_queries, soup


def test_page_tree_rules(home):
    assert ConditionIndexPage.can_create_at(home)
    assert not ConditionArticlePage.can_create_at(home)
    section = ConditionIndexPageFactory(parent=home)
    assert ConditionArticlePage.can_create_at(section)
    article = ConditionArticlePageFactory(parent=section)
    assert ConditionArticlePage.allowed_subpage_models() == []
    assert not ConditionIndexPage.can_create_at(article)
    assert set(ConditionIndexPage.allowed_parent_page_models()) == {HomePage, ConditionIndexPage}


def test_next_review_defaults_to_a_year_after_last_review(home):
    article = ConditionArticlePageFactory(
        parent=ConditionIndexPageFactory(parent=home), last_reviewed=datetime.date(2026, 3, 1)
    )
    assert article.next_review_due == datetime.date(2027, 3, 1)


def test_review_dates_shown_on_the_page(client, home):
    article = ConditionArticlePageFactory(
        parent=ConditionIndexPageFactory(parent=home),
        last_reviewed=datetime.date(2026, 6, 1),
        next_review_due=datetime.date(2027, 6, 1),
        reviewed_by="Medical team",
    )
    dl = soup(client.get(article.url)).find("dl", class_="review-dates")
    text = dl.get_text(" ", strip=True)
    assert "Last reviewed June 1, 2026 by Medical team" in text
    assert "Next review due June 1, 2027" in text


def test_review_order_is_validated(home):
    from django.core.exceptions import ValidationError

    article = ConditionArticlePageFactory(parent=ConditionIndexPageFactory(parent=home))
    article.next_review_due = article.last_reviewed - datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        article.full_clean()


def test_overdue_report_lists_only_overdue_articles(admin_client, home):
    section = ConditionIndexPageFactory(parent=home)
    today = timezone.localdate()
    overdue = ConditionArticlePageFactory(
        parent=section,
        title="Old article",
        last_reviewed=today - datetime.timedelta(days=800),
        next_review_due=today - datetime.timedelta(days=30),
    )
    ConditionArticlePageFactory(
        parent=section,
        title="Fresh article",
        last_reviewed=today,
        next_review_due=today + datetime.timedelta(days=200),
    )
    soon = ConditionArticlePageFactory(
        parent=section,
        title="Due soon article",
        last_reviewed=today - datetime.timedelta(days=300),
        next_review_due=today + datetime.timedelta(days=10),
    )
    response = admin_client.get("/admin/reports/overdue-reviews/")
    assert response.status_code == 200
    body = response.content.decode()
    assert overdue.title in body and "30 days" in body
    assert "Fresh article" not in body and soon.title not in body
    body = admin_client.get("/admin/reports/overdue-reviews/?include_due_soon=true").content.decode()
    assert soon.title in body and "due in 10 days" in body
    export = admin_client.get("/admin/reports/overdue-reviews/?export=csv")
    assert export.status_code == 200 and b"Old article" in b"".join(
        export.streaming_content if export.streaming else [export.content]
    )


def test_overdue_filter_set_applies_the_due_soon_tick_box_itself(home):
    """The tick box was a filter that returned its queryset unchanged (the view read the query
    string instead): the filter set on its own must narrow to overdue reviews unless ticked."""
    section = ConditionIndexPageFactory(parent=home)
    today = timezone.localdate()
    for title, due in [("Overdue", -3), ("Due soon", 10), ("Due later", 200), ("Never reviewed", None)]:
        ConditionArticlePageFactory(
            parent=section,
            title=title,
            last_reviewed=None if due is None else today - datetime.timedelta(days=300),
            next_review_due=None if due is None else today + datetime.timedelta(days=due),
        )
    articles = ConditionArticlePage.objects.all()

    def titles(data):
        filters = OverdueReviewFilterSet(data=data, queryset=articles)
        assert filters.is_valid(), filters.errors
        return set(filters.qs.values_list("title", flat=True))

    assert titles({}) == {"Overdue", "Never reviewed"}
    assert titles({"include_due_soon": "on"}) == {"Overdue", "Due soon", "Never reviewed"}


def test_overdue_report_needs_admin_access(client, home, django_user_model):
    assert client.get("/admin/reports/overdue-reviews/").status_code == 302  # to login
    user = django_user_model.objects.create_user("visitor", password="x" * 12)
    client.force_login(user)
    assert client.get("/admin/reports/overdue-reviews/").status_code in {302, 403}


@pytest.fixture
def reviewer(reviewer_user):
    return reviewer_user


def test_medical_review_workflow_gates_publication(client, home, editor, reviewer):
    section = ConditionIndexPageFactory(parent=home)
    assign_to(section)
    article = ConditionArticlePageFactory(parent=section, title="Draft article", live=False)
    client.force_login(editor)
    # Editors cannot publish directly.
    edit_url = f"/admin/pages/{article.pk}/edit/"
    form = client.get(edit_url)
    assert form.status_code == 200
    assert b"action-publish" not in form.content
    assert b"action-submit" in form.content or b"Submit to Medical review" in form.content
    article.save_revision(user=editor)
    state = article.get_workflow().start(article, editor)
    assert isinstance(state, WorkflowState)
    article.refresh_from_db()
    assert not article.live
    assert client.get(article.url if article.url else "/x/").status_code == 404

    # The reviewer sees the approve action; approving finishes the workflow and publishes.
    task = state.current_task_state.task.specific
    assert "approve" in [name for name, _, _ in task.get_actions(article, reviewer)]
    assert task.get_actions(article, editor) == []
    task.on_action(state.current_task_state, reviewer, "approve", comment="Checked against sources")
    article.refresh_from_db()
    assert article.live
    assert Page.objects.get(pk=article.pk).live


def test_new_condition_section_gets_the_review_workflow(home):
    section = ConditionIndexPageFactory(parent=home)
    section.save_revision().publish()
    workflow = section.get_workflow()
    assert workflow is not None and workflow.name == "Medical review"


def test_json_ld_is_valid_medical_web_page(client, home):
    article = ConditionArticlePageFactory(
        parent=ConditionIndexPageFactory(parent=home, title="Metastatic Breast Cancer"), reviewed_by="Team"
    )
    html = soup(client.get(article.url))
    data = json.loads(html.find("script", type="application/ld+json").string)
    assert data["@type"] == "MedicalWebPage"
    assert data["lastReviewed"] == article.last_reviewed.isoformat()
    assert data["about"]["name"] == "Metastatic Breast Cancer"
    assert html.find("meta", property="og:title")["content"] == article.title
    assert html.find("link", rel="canonical")["href"].endswith(article.url)


def test_json_ld_escapes_markup(client, home):
    article = ConditionArticlePageFactory(
        parent=ConditionIndexPageFactory(parent=home), title="</script><script>alert(1)</script>"
    )
    body = client.get(article.url).content.decode()
    assert "</script><script>alert(1)" not in body


def test_topics_listing_and_related_articles(client, home):
    topic, other = HealthTopicFactory(name="Treatment", slug="treatment"), HealthTopicFactory()
    section = ConditionIndexPageFactory(parent=home)
    a = ConditionArticlePageFactory(parent=section, title="Article A")
    b = ConditionArticlePageFactory(parent=section, title="Article B")
    c = ConditionArticlePageFactory(parent=section, title="Article C")
    for page, topics in [(a, [topic]), (b, [topic]), (c, [other])]:
        page.topics.set(topics)
        page.save_revision().publish()
    TopicIndexPageFactory(parent=home)
    related = soup(client.get(a.url)).find("aside", class_="related")
    assert [x.text for x in related.find_all("a")] == ["Article B"]
    listing = client.get("/topics/treatment/")
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "Article A" in text and "Article B" in text and "Article C" not in text
    assert client.get("/topics/no-such-topic/").status_code == 404
    assert client.get("/topics/").status_code == 200


def test_condition_index_lists_live_articles(client, home):
    section = ConditionIndexPageFactory(parent=home)
    ConditionArticlePageFactory(parent=section, title="Live one")
    draft = ConditionArticlePageFactory(parent=section, title="Draft one")
    draft.unpublish()
    text = client.get(section.url).content.decode()
    assert "Live one" in text and "Draft one" not in text


def test_article_query_count_constant_with_more_blocks_and_links(client, home, django_assert_max_num_queries):
    section = ConditionIndexPageFactory(parent=home)
    perspective = PerspectivePageFactory(parent=PerspectiveIndexPageFactory(parent=home))
    targets = [StandardPageFactory(parent=home) for _ in range(10)]

    def body(n):
        blocks = []
        for target in targets[:n]:
            blocks += [
                ("learn_more", {"page": target, "text": ""}),
                ("heading", {"text": "Heading", "level": "h2"}),
                ("perspective_teaser", {"perspective": perspective, "text": ""}),
            ]
        blocks.append(
            (
                "support_options",
                {"heading": "Support", "show_helpline": True, "pages": targets[:n]},
            )
        )
        return blocks

    small = ConditionArticlePageFactory(parent=section, body=body(1))
    big = ConditionArticlePageFactory(parent=section, body=body(10))
    client.get(small.url)
    _, few = count_queries(client.get, small.url)
    with django_assert_max_num_queries(few):
        response = client.get(big.url)
    assert response.status_code == 200
    assert len(soup(response).select("p.learn-more")) == 10


def test_article_can_hold_helpline_and_resource_blocks(client, site):
    from demo.factories.resources import ResourceFactory

    resource = ResourceFactory(title="Metastatic breast cancer fact sheet")
    article = ConditionArticlePageFactory(
        parent=ConditionIndexPageFactory(parent=site.root_page),
        body=[
            ("helpline", {"heading": "", "text": "", "show_hours": True}),
            ("resource", resource),
        ],
    )
    html = soup(client.get(article.url))
    main = html.find("main")
    assert main.find("a", href="tel:+18774656636")
    assert "Metastatic breast cancer fact sheet" in main.text
