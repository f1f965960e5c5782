import datetime as dt

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection
from wagtail.utils.file import hash_filelike

from resources.models import (
    Audience,
    AudienceLandingPage,
    Language,
    Resource,
    ResourceIndexPage,
    ResourceType,
)

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


class DocumentFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Document {n}")
    file = factory.LazyAttribute(
        lambda o: ContentFile(PDF_BYTES, name=f"{o.title.lower().replace(' ', '-')}.pdf")
    )
    file_size = factory.LazyAttribute(lambda o: o.file.size)
    file_hash = factory.LazyAttribute(lambda o: hash_filelike(o.file))
    collection = factory.LazyFunction(Collection.get_first_root_node)

    class Meta:
        model = get_document_model()


class ResourceFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Fact sheet {n}")
    summary = factory.LazyAttribute(lambda o: f"What {o.title} covers, in plain words.")
    resource_type = ResourceType.FACT_SHEET
    audience = Audience.PATIENTS
    language = Language.ENGLISH
    last_reviewed = dt.date(2026, 6, 1)
    document = factory.SubFactory(DocumentFactory)
    url = ""

    class Meta:
        model = Resource
        skip_postgeneration_save = True

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if extracted:
            self.topics.add(*extracted)
            if create:
                self.save()


class ResourceIndexPageFactory(wagtail_factories.PageFactory):
    title = "Fact sheets and booklets"
    slug = "fact-sheets-and-booklets"

    class Meta:
        model = ResourceIndexPage


class AudienceLandingPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Family and friends {n}")
    audience = Audience.FAMILY
    intro = "Support for the people around someone with breast cancer."

    class Meta:
        model = AudienceLandingPage
