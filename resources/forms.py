from django import forms
from taggit.models import Tag
from wagtail.documents.forms import BaseDocumentForm

from core.text import clean_query
from resources import uploads
from resources.library import Filters
from resources.models import Audience, Language, ResourceType


class SafeDocumentForm(BaseDocumentForm):
    """Every document upload in the admin (single and multiple) goes through this form
    (WAGTAILDOCS_DOCUMENT_FORM_BASE): only named types, checked by their contents, size-capped."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data:
            uploads.validate_document_file(uploaded)
        return uploaded


def _choices(any_label, choices):
    return [("", any_label), *choices]


class ResourceFilterForm(forms.Form):
    """The library's filters. Unknown values are reported and ignored, never an error page."""

    q = forms.CharField(label="Search the library", required=False)
    type = forms.ChoiceField(
        label="Type",
        required=False,
        choices=_choices("Any type", ResourceType.choices),
        error_messages={"invalid_choice": "Choose a type from the list."},
    )
    topic = forms.ChoiceField(
        label="Topic", required=False, error_messages={"invalid_choice": "Choose a topic from the list."}
    )
    audience = forms.ChoiceField(
        label="Written for",
        required=False,
        choices=_choices("Anyone", Audience.choices),
        error_messages={"invalid_choice": "Choose an audience from the list."},
    )
    language = forms.ChoiceField(
        label="Language",
        required=False,
        choices=_choices("Any language", Language.choices),
        error_messages={"invalid_choice": "Choose a language from the list."},
    )

    def __init__(self, data=None, **kwargs):
        # Only our fields: stray parameters (page, utm_…) must not make the form "bound" with errors.
        if data is not None:
            data = {
                key: data.get(key) for key in ("q", "type", "topic", "audience", "language") if key in data
            }
        super().__init__(data, **kwargs)
        topics = Tag.objects.filter(resources_resourcetag_items__isnull=False).distinct().order_by("name")
        self.fields["topic"].choices = _choices("Any topic", [(t.slug, t.name) for t in topics])

    def clean_q(self):
        query, _truncated = clean_query(self.cleaned_data.get("q"))
        return query

    def filters(self):
        """The valid part of what was asked for."""
        if not self.is_bound:
            return Filters()
        self.is_valid()
        for name in self.errors:
            self.fields[name].widget.attrs["aria-describedby"] = f"{name}-error"
        data = self.cleaned_data
        return Filters(
            query=data.get("q") or "",
            resource_type=data.get("type") or "",
            topic=data.get("topic") or "",
            audience=data.get("audience") or "",
            language=data.get("language") or "",
        )
