"""Forms of the moderator tools. Every field has a label and a clear error message."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forums.appeals import MAX_APPEAL_LENGTH
from forums.forms import ModerationForm, ReasonField
from forums.models import BoardPage


class MessageToMemberForm(forms.Form):
    message = forms.CharField(
        label=_("Your message to the member"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Sent privately to the author by email and as a private message. Edit the template so it sounds like you."
        ),
        error_messages={
            "required": _("Write the message: it is sent to the member."),
            "max_length": _("Keep it under 3,000 characters (it has %(show_value)d)."),
        },
    )


class OutcomeForm(forms.Form):
    outcome = forms.CharField(
        label=_("Outcome"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What happened and what was done (e.g. 'Member replied, safe, talking to their nurse')."),
        error_messages={"required": _("Write the outcome before closing the case.")},
    )


class HideForm(ModerationForm):
    email_member = forms.BooleanField(
        label=_("This reason is written to the member: email it to them"),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("email_member") and not data.get("reason"):
            self.add_error("reason", _("Write the reason to email it to the member."))
        return data


DURATION_CHOICES = [(60, "1 hour"), (360, "6 hours"), (1440, "1 day"), (4320, "3 days"), (10080, "1 week")]


class SlowModeForm(forms.Form):
    minutes = forms.IntegerField(
        label=_("One post per member every how many minutes"),
        min_value=1,
        max_value=1440,
        initial=10,
        error_messages={
            "required": _("Say how many minutes."),
            "min_value": _("At least 1 minute."),
            "max_value": _("At most 1,440 minutes (a day)."),
        },
    )
    duration = forms.TypedChoiceField(
        label=_("For how long"), choices=DURATION_CHOICES, coerce=int, initial=1440
    )
    reason = forms.CharField(
        label=_("Reason (members see it)"),
        max_length=300,
        error_messages={"required": _("Give a reason: members see it.")},
    )

    def ends_at(self, now=None):
        return (now or timezone.now()) + dt.timedelta(minutes=self.cleaned_data["duration"])


class CloseAtForm(forms.Form):
    close_in_hours = forms.IntegerField(
        label=_("Close the topic in how many hours"),
        min_value=1,
        max_value=24 * 90,
        initial=24,
        error_messages={"required": _("Say in how many hours."), "min_value": _("At least 1 hour.")},
    )
    close_reason = ReasonField(max_length=300)

    def close_at(self, now=None):
        return (now or timezone.now()) + dt.timedelta(hours=self.cleaned_data["close_in_hours"])


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note for moderators"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only moderators see notes. Members may ask for notes about them where the law requires."
        ),
        error_messages={"required": _("Write the note."), "max_length": _("Keep it under 2,000 characters.")},
    )


class SplitForm(forms.Form):
    title = forms.CharField(
        label=_("Title of the new topic"),
        max_length=150,
        error_messages={"required": _("Give the new topic a title.")},
    )
    posts = forms.TypedMultipleChoiceField(
        label=_("Replies to move"),
        coerce=int,
        choices=(),
        error_messages={"required": _("Select at least one reply.")},
    )
    reason = ReasonField(max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        raw = self.data.getlist("posts") if hasattr(self.data, "getlist") else []
        self.fields["posts"].choices = [(v, v) for v in raw if str(v).isdigit() and len(str(v)) < 19]


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Why should the lead moderators look again?"),
        max_length=MAX_APPEAL_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("You can appeal once. A lead moderator reads it and emails you the answer."),
        error_messages={
            "required": _("Tell the lead moderators why the decision should change."),
            "max_length": _("Keep it under 3,000 characters (it has %(show_value)d)."),
        },
    )


class AppealDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("uphold", _("Keep the decision")), ("grant", _("Reverse the decision"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision.")},
    )
    response = forms.CharField(
        label=_("Your answer to the member"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write your answer: it is emailed to the member.")},
    )


class DashboardForm(forms.Form):
    days = forms.TypedChoiceField(
        label=_("Period"), choices=[(7, "Last 7 days"), (30, "Last 30 days")], coerce=int, required=False
    )


class CrisisDashboardForm(forms.Form):
    days = forms.TypedChoiceField(
        label=_("Period"), choices=[(30, "Last 30 days"), (90, "Last 90 days")], coerce=int, required=False
    )


class WatchedWordImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: word, action, board, replacement, link_url (board: a board's slug, or empty "
            "for every board). Nothing is imported if any line is wrong."
        ),
        error_messages={"required": _("Choose a CSV file.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 1_000_000:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        return upload


class WatchedWordTestForm(forms.Form):
    text = forms.CharField(
        label=_("Text to test"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Type or paste a text to test.")},
    )
    board = forms.ModelChoiceField(
        label=_("As posted on"),
        queryset=None,
        required=False,
        empty_label=_("Any board (site-wide words only)"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = BoardPage.objects.order_by("title")
