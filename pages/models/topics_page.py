from django.shortcuts import get_object_or_404
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from core.models import BasePage

from .taxonomy import HealthTopic


class TopicIndexPage(RoutablePageMixin, BasePage):
    """Lists topics, and for each topic the articles and perspectives tagged with it.

    Articles link to this page, so it reaches them through the topic (`topic.articles`,
    `topic.perspectives`) rather than importing their modules."""

    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1
    page_description = (
        "Browse health content by topic. Topics themselves are managed under Health content → Topics."
    )

    @path("")
    def all_topics(self, request):
        return self.render(request, context_overrides={"all_topics": HealthTopic.objects.all()})

    @path("<slug:slug>/", name="topic")
    def topic(self, request, slug):
        topic = get_object_or_404(HealthTopic, slug=slug)
        articles = topic.articles.live().public().defer_streamfields().order_by("title")
        perspectives = topic.perspectives.live().public().defer_streamfields().order_by("-posting_date")
        return self.render(
            request,
            context_overrides={"topic": topic, "articles": articles, "perspectives": perspectives},
            template="pages/topic_page.html",
        )
