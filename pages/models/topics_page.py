from django.http import Http404
from django.shortcuts import redirect
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from core.models import BasePage

from .taxonomy import HealthTopic


class TopicIndexPage(RoutablePageMixin, BasePage):
    """Lists topics, and for each topic the articles and perspectives tagged with it.

    Articles link to this page, so it reaches them through the topic (`topic.tagged`) rather
    than importing their modules. Topics are shown in the page's language (the translation of
    each topic when there is one, else the English topic)."""

    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1
    page_description = (
        "Browse health content by topic. Topics themselves are managed under Health content → Topics."
    )

    @path("")
    def all_topics(self, request):
        return self.render(
            request, context_overrides={"all_topics": HealthTopic.objects.localized(self.locale_id)}
        )

    @path("<slug:slug>/", name="topic")
    def topic(self, request, slug):
        # The topic with this slug in any language, in this page's language where translated:
        # a link from the other language's page (or its switcher) lands on this language's slug.
        topic = HealthTopic.objects.by_slug(slug, self.locale_id)
        if topic is None:
            raise Http404("No such topic")
        if topic.slug != slug:
            return redirect(self.url + self.reverse_subpage("topic", kwargs={"slug": topic.slug}))
        articles = topic.tagged("articles", self.locale_id).live().public().defer_streamfields()
        perspectives = topic.tagged("perspectives", self.locale_id).live().public().defer_streamfields()
        return self.render(
            request,
            context_overrides={
                "topic": topic,
                "articles": articles.order_by("title"),
                "perspectives": perspectives.order_by("-posting_date"),
            },
            template="pages/topic_page.html",
        )
