"""A translator who gives a glossary term a Spanish name another Spanish term already has gets
wagtail-localize's error on that string, not a database error (the per-locale uniqueness is
checked in `GlossaryTerm.clean`, which wagtail-localize runs before saving)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

from pages.models import GlossaryTerm

pytestmark = pytest.mark.django_db


@pytest.fixture
def spanish(home):
    return Locale.objects.get_or_create(language_code="es")[0]


def test_a_spanish_term_already_taken_is_an_error_on_that_string(spanish):
    taken = GlossaryTerm.objects.create(term="Biopsy", definition="Taking a small sample of tissue.")
    copy = taken.copy_for_translation(spanish)
    copy.term, copy.slug, copy.definition = "Biopsia", "biopsia", "Se toma una pequeña muestra de tejido."
    copy.save()
    other = GlossaryTerm.objects.create(term="Needle biopsy", definition="A biopsy done with a needle.")
    source, _ = TranslationSource.get_or_create_from_instance(other)
    words = {"Needle biopsy": "Biopsia", "A biopsy done with a needle.": "Una biopsia hecha con una aguja."}
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=spanish,
            context=segment.context,
            data=words.get(segment.string.data, segment.string.data),
        )
    with translation.override("en"), pytest.raises(ValidationError):  # the message is kept as raised
        source.create_or_update_translation(spanish)
    error = StringTranslation.objects.get(locale=spanish, data="Biopsia").get_error()
    assert error == "This language already has a glossary term with this name."
    assert not GlossaryTerm.objects.filter(translation_key=other.translation_key, locale=spanish).exists()
    assert GlossaryTerm.objects.filter(locale=spanish).count() == 1
