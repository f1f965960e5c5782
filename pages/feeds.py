import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed

from pages.notices import perspective_notice


class PerspectiveFeed(Feed):
    """RSS 2.0 feed of the newest perspectives; each item carries its posting date."""

    feed_type = Rss201rev2Feed
    limit = 20

    def __init__(self, index_page, disclaimer):
        super().__init__()
        self.index_page = index_page
        self.disclaimer = disclaimer  # SiteSettings.perspective_disclaimer of the request's site

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return self.index_page.title

    # Absolute links from the Wagtail Site (see `sync_site`), not the request's host.
    def link(self):
        return self.index_page.get_full_url(self.request)

    def description(self):
        return f"{self.index_page.intro or self.index_page.title} {self.disclaimer}".strip()

    def items(self):
        items = list(self.index_page.perspectives()[: self.limit])
        # Categories in the feed's language: each topic's translation, else the topic (one query).
        topics = {topic.pk: topic for item in items for topic in item.topics.all()}
        self.topic_names = {}
        if topics:
            model = type(next(iter(topics.values())))
            localized = model._default_manager.filter(pk__in=topics).localized(self.index_page.locale_id)
            self.topic_names = {topic.translation_key: topic.name for topic in localized}
        return items

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Each item carries its own date and disclaimer: readers see items, not the channel text.
        return f"{item.get_listing_summary()} {perspective_notice(item, self.disclaimer)}"

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return datetime.datetime.combine(
            item.posting_date, datetime.time(12), tzinfo=timezone.get_current_timezone()
        )

    def item_author_name(self, item):
        return item.author

    def item_categories(self, item):
        names = [self.topic_names.get(topic.translation_key, topic.name) for topic in item.topics.all()]
        return list(dict.fromkeys(names))
