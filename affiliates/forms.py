from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from affiliates import places
from affiliates.zipdata import STATE_CHOICES


def _split_states(value):
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [item for item in value.replace(",", ";").split(";") if item.strip()]
    return list(value)


class StateListField(forms.MultipleChoiceField):
    """Checkboxes for states, stored as 'IA;NE' text on the page."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", [(code, f"{name} ({code})") for code, name in STATE_CHOICES])
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return _split_states(value)

    def to_python(self, value):
        return super().to_python(_split_states(value))

    def clean(self, value):
        return ";".join(sorted(set(super().clean(value))))

    def has_changed(self, initial, data):
        return set(_split_states(initial)) != set(_split_states(data))


class AffiliatePageForm(WagtailAdminPageForm):
    service_states = StateListField(
        required=False,
        label="Whole states served",
        help_text="States this Affiliate serves entirely. Another Affiliate serving a county or ZIP "
        "inside the state takes precedence there.",
    )


STATE_SELECT_CHOICES = [("", _("Choose a state")), *STATE_CHOICES]


def state_select_choices():
    """The locator's state options. Given as a callable, every form shares this list: a list of
    choices is deep-copied into each new form (57 states and territories, ~0.3 ms a locator page,
    issue 15)."""
    return STATE_SELECT_CHOICES


class LocatorForm(forms.Form):
    """The public 'Find your local Affiliate' search. Works with or without JavaScript."""

    q = forms.CharField(
        label=_("ZIP code, or city and state"),
        help_text=_("For example 50309 or Des Moines, IA"),
        required=False,
        max_length=100,
    )
    state = forms.ChoiceField(
        label=_("Or choose a state"),
        choices=state_select_choices,
        required=False,
    )
    # Filled by the "Use my location" button (static/affiliates/locator.js).
    lat = forms.CharField(required=False, widget=forms.HiddenInput, max_length=40)
    lng = forms.CharField(required=False, widget=forms.HiddenInput, max_length=40)

    FIELDS = ("q", "state", "lat", "lng")

    def state_options_key(self):
        """The key "state=<the chosen state>" when the choice is one of the list's values (or
        none is chosen), for keeping the rendered options per choice (issue 15); None for
        anything else, whose options are rendered each time."""
        value = self["state"].value() or ""
        if value in {choice for choice, _label in self.fields["state"].choices}:
            return f"state={value}"
        return None

    @classmethod
    def is_submitted(cls, data):
        return any(name in data for name in cls.FIELDS)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        query, state, lat, lng = (data.get(name, "").strip() for name in self.FIELDS)
        try:
            if lat or lng:
                data["place"] = places.resolve_point(lat, lng)
            elif query:
                data["place"] = places.resolve_text(query, state or None)
            elif state:
                data["place"] = places.resolve_state(state)
            else:
                raise places.LocatorError(
                    "missing_parameter", gettext("Enter a ZIP code or a city and state, or choose a state.")
                )
        except places.LocatorError as error:
            field = "q" if not (lat or lng) else None
            if error.field == "state" and not query:
                field = "state"
            self.add_error(field, error.message)
        return data
