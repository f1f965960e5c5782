"""The library's filter form (public pages). Imported by the library page's model, so it stays free of
Wagtail admin forms, which cannot load with the models."""

from django import forms
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from core.cache import pagecache
from core.text import clean_query
from resources.choices import Audience, Language, ResourceType
from resources.filters import Filters


def _choices(any_label, choices):
    return [("", any_label), *choices]


def topic_choices():
    """(slug, name) of the tags the resources use. With the page cache on, read once per
    generation: saving a resource or a tag replaces it (PAGE_CACHE_SITEWIDE_MODELS)."""
    key = pagecache.value_key("library-topic-choices") if pagecache.enabled() else None
    if key is not None:
        choices, generation = pagecache.lookup_value(key)
        if choices is not None:
            return list(choices)
    topics = Tag.objects.filter(resources_resourcetag_items__isnull=False).distinct().order_by("name")
    choices = [(t.slug, t.name) for t in topics]
    if key is not None:
        pagecache.store_value(key, generation, choices)
    return choices


class ResourceFilterForm(forms.Form):
    """The library's filters. Unknown values are reported and ignored, never an error page."""

    q = forms.CharField(label=_("Search the library"), required=False)
    type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=_choices(_("Any type"), ResourceType.choices),
        error_messages={"invalid_choice": _("Choose a type from the list.")},
    )
    topic = forms.ChoiceField(
        label=_("Topic"),
        required=False,
        error_messages={"invalid_choice": _("Choose a topic from the list.")},
    )
    audience = forms.ChoiceField(
        label=_("Written for"),
        required=False,
        choices=_choices(_("Anyone"), Audience.choices),
        error_messages={"invalid_choice": _("Choose an audience from the list.")},
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=_choices(_("Any language"), Language.choices),
        error_messages={"invalid_choice": _("Choose a language from the list.")},
    )

    def __init__(self, data=None, **kwargs):
        # Only our fields: stray parameters (page, utm_…) must not make the form "bound" with errors.
        self.page_number = (data.get("page") or "") if data is not None else ""
        # Parameters the pagination links carry over ({% querystring %}) beyond ours.
        self.other_params = set(data or ()) - {"q", "type", "topic", "audience", "language", "page"}
        if data is not None:
            data = {
                key: data.get(key) for key in ("q", "type", "topic", "audience", "language") if key in data
            }
        super().__init__(data, **kwargs)
        self.fields["topic"].choices = _choices(_("Any topic"), topic_choices())

    # listing_key() of the library with no parameters (tests/resources check they agree).
    UNFILTERED_KEY = "||||"

    def listing_key(self):
        """What the filter form and the page of results depend on, for the shared cache: the
        chosen filters and the page number; None for a keyword search or a form with errors
        (their input is echoed, and search terms are unbounded), which are rendered each time,
        and for a URL with other parameters, which the pagination links would carry."""
        filters = self.filters()
        if filters.query or self.errors or self.other_params:
            return None
        page = self.page_number
        if page and not (page.isdigit() and len(page) <= 4):
            return None
        return "|".join([filters.resource_type, filters.topic, filters.audience, filters.language, page])

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
