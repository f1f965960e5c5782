"""'Was this page helpful?' keeps pages cacheable: the form is the same for every visitor."""

from demo.factories import ConditionArticlePageFactory, ConditionIndexPageFactory
from pages import feedback
from pages.models import PageFeedback


def test_article_with_the_feedback_form_is_served_from_the_page_cache(client, page_cache, home):
    article = ConditionArticlePageFactory(parent=ConditionIndexPageFactory(parent=home))
    first = client.get(article.url)
    second = client.get(article.url)
    assert first["X-Cache"] == "MISS" and second["X-Cache"] == "HIT"
    body = second.content.decode()
    assert f'action="/feedback/{article.pk}/"' in body and feedback.form_token(article.pk) in body
    assert "csrfmiddlewaretoken" not in body and not second.cookies

    # The cached form posts fine: no per-person CSRF token is needed.
    response = client.post(
        f"/feedback/{article.pk}/",
        {"helpful": "yes", "comment": "", "website": "", "form_token": feedback.form_token(article.pk)},
    )
    assert response.status_code == 302 and PageFeedback.objects.filter(page=article).count() == 1
    assert client.get(response["Location"]).get("X-Cache") != "HIT"
