"""Forms of the moderator tools. Every field has a label and a clear error message."""

import datetime as dt

from django import forms
from django.utils import timezone

from forums.appeals import MAX_APPEAL_LENGTH
from forums.forms import ModerationForm, ReasonField
from forums.models import BoardPage


class MessageToMemberForm(forms.Form):
    message = forms.CharField(
        label="Your message to the member",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Sent privately to the author by email and as a private message. Edit the template so it sounds like you.",
        error_messages={
            "required": "Write the message: it is sent to the member.",
            "max_length": "Keep it under 3,000 characters (it has %(show_value)d).",
        },
    )


class OutcomeForm(forms.Form):
    outcome = forms.CharField(
        label="Outcome",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What happened and what was done (e.g. 'Member replied, safe, talking to their nurse').",
        error_messages={"required": "Write the outcome before closing the case."},
    )


class HideForm(ModerationForm):
    email_member = forms.BooleanField(
        label="This reason is written to the member: email it to them",
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("email_member") and not data.get("reason"):
            self.add_error("reason", "Write the reason to email it to the member.")
        return data


DURATION_CHOICES = [(60, "1 hour"), (360, "6 hours"), (1440, "1 day"), (4320, "3 days"), (10080, "1 week")]


class SlowModeForm(forms.Form):
    minutes = forms.IntegerField(
        label="One post per member every how many minutes",
        min_value=1,
        max_value=1440,
        initial=10,
        error_messages={
            "required": "Say how many minutes.",
            "min_value": "At least 1 minute.",
            "max_value": "At most 1,440 minutes (a day).",
        },
    )
    duration = forms.TypedChoiceField(
        label="For how long", choices=DURATION_CHOICES, coerce=int, initial=1440
    )
    reason = forms.CharField(
        label="Reason (members see it)",
        max_length=300,
        error_messages={"required": "Give a reason: members see it."},
    )

    def ends_at(self, now=None):
        return (now or timezone.now()) + dt.timedelta(minutes=self.cleaned_data["duration"])


class CloseAtForm(forms.Form):
    close_in_hours = forms.IntegerField(
        label="Close the topic in how many hours",
        min_value=1,
        max_value=24 * 90,
        initial=24,
        error_messages={"required": "Say in how many hours.", "min_value": "At least 1 hour."},
    )
    close_reason = ReasonField(max_length=300)

    def close_at(self, now=None):
        return (now or timezone.now()) + dt.timedelta(hours=self.cleaned_data["close_in_hours"])


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Note for moderators",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only moderators see notes. Members may ask for notes about them where the law requires.",
        error_messages={"required": "Write the note.", "max_length": "Keep it under 2,000 characters."},
    )


class SplitForm(forms.Form):
    title = forms.CharField(
        label="Title of the new topic",
        max_length=150,
        error_messages={"required": "Give the new topic a title."},
    )
    posts = forms.TypedMultipleChoiceField(
        label="Replies to move",
        coerce=int,
        choices=(),
        error_messages={"required": "Select at least one reply."},
    )
    reason = ReasonField(max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        raw = self.data.getlist("posts") if hasattr(self.data, "getlist") else []
        self.fields["posts"].choices = [(v, v) for v in raw if str(v).isdigit() and len(str(v)) < 19]


class AppealForm(forms.Form):
    text = forms.CharField(
        label="Why should the lead moderators look again?",
        max_length=MAX_APPEAL_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="You can appeal once. A lead moderator reads it and emails you the answer.",
        error_messages={
            "required": "Tell the lead moderators why the decision should change.",
            "max_length": "Keep it under 3,000 characters (it has %(show_value)d).",
        },
    )


class AppealDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("uphold", "Keep the decision"), ("grant", "Reverse the decision")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a decision."},
    )
    response = forms.CharField(
        label="Your answer to the member",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write your answer: it is emailed to the member."},
    )


class DashboardForm(forms.Form):
    days = forms.TypedChoiceField(
        label="Period", choices=[(7, "Last 7 days"), (30, "Last 30 days")], coerce=int, required=False
    )


class CrisisDashboardForm(forms.Form):
    days = forms.TypedChoiceField(
        label="Period", choices=[(30, "Last 30 days"), (90, "Last 90 days")], coerce=int, required=False
    )


class WatchedWordImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns: word, action, board, replacement, link_url (board: a board's slug, or empty "
        "for every board). Nothing is imported if any line is wrong.",
        error_messages={"required": "Choose a CSV file."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 1_000_000:
            raise forms.ValidationError("The file is larger than 1 MB.")
        return upload


class WatchedWordTestForm(forms.Form):
    text = forms.CharField(
        label="Text to test",
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Type or paste a text to test."},
    )
    board = forms.ModelChoiceField(
        label="As posted on", queryset=None, required=False, empty_label="Any board (site-wide words only)"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = BoardPage.objects.order_by("title")
