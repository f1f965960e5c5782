"""Query budgets for the pages `make bench` measures uncached (bench/README.md)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from demo.factories import (
    ConditionArticlePageFactory,
    ConditionIndexPageFactory,
    HealthTopicFactory,
    TopicIndexPageFactory,
)


def test_article_loads_its_topics_once_and_related_articles_in_constant_queries(
    client, home, django_assert_max_num_queries
):
    TopicIndexPageFactory(parent=home)
    section = ConditionIndexPageFactory(parent=home)
    topics = [HealthTopicFactory() for _ in range(3)]
    article = ConditionArticlePageFactory(parent=section, title="Stage IV")
    article.topics.set(topics)
    article.save()
    few = [ConditionArticlePageFactory(parent=section) for _ in range(2)]
    for other in few:
        other.topics.set(topics[:1])
        other.save()

    client.get(article.url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(article.url)
    assert response.status_code == 200
    topic_queries = [q for q in ctx.captured_queries if 'FROM "pages_healthtopic"' in q["sql"]]
    assert len(topic_queries) == 1, "the article's topics are loaded once (context and related articles)"
    budget = len(ctx.captured_queries)

    # Twenty related candidates instead of two: the same number of queries.
    for _ in range(18):
        other = ConditionArticlePageFactory(parent=section)
        other.topics.set(topics)
        other.save()
    with django_assert_max_num_queries(budget):
        response = client.get(article.url)
    related = response.content.decode().split('id="related-heading"')[1]
    assert related.count("<li>") == 3
