import datetime

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from pages.models import (
    ConditionArticlePage,
    ConditionIndexPage,
    GlossaryPage,
    GlossaryTerm,
    HealthTopic,
    HomePage,
    MedicalReviewersPage,
    PerspectiveIndexPage,
    PerspectivePage,
    Source,
    StandardPage,
    TopicIndexPage,
)


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    hero_heading = "Support for everyone facing breast cancer"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Information page {n}")
    intro = "A short introduction."
    listing_summary = factory.LazyAttribute(lambda o: f"Summary of {o.title}")

    class Meta:
        model = StandardPage


class SourceFactory(DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Study number {n}")
    publisher = "Journal of Breast Health"
    year = 2020
    url = factory.Sequence(lambda n: f"https://example.org/study/{n}")

    class Meta:
        model = Source


class HealthTopicFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"HealthTopic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")

    class Meta:
        model = HealthTopic


class ConditionIndexPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Condition {n}")
    intro = "About this condition."

    class Meta:
        model = ConditionIndexPage


class ConditionArticlePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Article {n}")
    summary = "A plain-language summary."
    last_reviewed = datetime.date(2026, 1, 15)
    body = factory.LazyFunction(lambda: [("paragraph", "<p>Body text.</p>")])

    class Meta:
        model = ConditionArticlePage


class PerspectiveIndexPageFactory(wagtail_factories.PageFactory):
    title = "Komen Perspectives"

    class Meta:
        model = PerspectiveIndexPage


class PerspectivePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Perspective {n}")
    posting_date = datetime.date(2016, 11, 15)
    author = "Susan G. Komen"
    summary = "What we think."
    body = factory.LazyFunction(lambda: [("paragraph", "<p>Opinion text.</p>")])

    class Meta:
        model = PerspectivePage


class TopicIndexPageFactory(wagtail_factories.PageFactory):
    title = "Topics"

    class Meta:
        model = TopicIndexPage


class MedicalReviewersPageFactory(wagtail_factories.PageFactory):
    title = "Our medical reviewers"

    class Meta:
        model = MedicalReviewersPage


class GlossaryPageFactory(wagtail_factories.PageFactory):
    title = "Glossary"
    slug = "glossary"
    intro = "Plain-language meanings of common terms."

    class Meta:
        model = GlossaryPage


class GlossaryTermFactory(DjangoModelFactory):
    term = factory.Sequence(lambda n: f"Term number {n}")
    definition = factory.LazyAttribute(lambda o: f"What {o.term} means.")

    class Meta:
        model = GlossaryTerm
