"""The library's filter form (public pages). Imported by the library page's model, so it stays free of
Wagtail admin forms, which cannot load with the models."""

from django import forms
from taggit.models import Tag

from core.text import clean_query
from resources.choices import Audience, Language, ResourceType
from resources.filters import Filters


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
