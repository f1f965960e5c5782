"""Forms for the member features. Every refusal keeps what the member typed."""

import operator
from functools import reduce

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from forums.forms import HoneypotMixin, MessageField, SubmissionTokenMixin
from forums.member_models import Frequency, MemberPreferences, MemberProfile
from forums.messages import MAX_SUBJECT_LENGTH
from forums.models import Member
from forums.policy import MAX_RECIPIENTS


class NewConversationForm(SubmissionTokenMixin, HoneypotMixin, forms.Form):
    to = forms.CharField(
        label=_("To"),
        max_length=300,
        help_text=format_lazy(
            _("Display names, separated by commas (up to {count} members)."), count=MAX_RECIPIENTS
        ),
        error_messages={"required": _("Say who the message is for.")},
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=MAX_SUBJECT_LENGTH,
        error_messages={
            "required": _("Give your message a subject."),
            "max_length": _("Keep the subject under %(limit_value)d characters (it has %(show_value)d)."),
        },
    )
    message = MessageField()

    def clean_to(self):
        names = [" ".join(n.split()) for n in self.cleaned_data["to"].split(",")]
        names = list(dict.fromkeys(n for n in names if n))
        if not names:
            raise forms.ValidationError(_("Say who the message is for."))
        if len(names) > MAX_RECIPIENTS:
            raise forms.ValidationError(
                _("A conversation can include up to %(count)d other members.") % {"count": MAX_RECIPIENTS}
            )
        found = {
            m.display_name.casefold(): m
            for m in Member.objects.filter(user__is_active=True)
            .filter(reduce(operator.or_, (Q(display_name__iexact=n) for n in names)))
            .select_related("user")
        }
        missing = [n for n in names if n.casefold() not in found]
        if missing:
            raise forms.ValidationError(
                _("No member is called %(names)s. Check the spelling.")
                % {"names": ", ".join(f"“{n}”" for n in missing)}
            )
        self.recipients = [found[n.casefold()].user for n in names]
        return ", ".join(found[n.casefold()].display_name for n in names)

    def clean_subject(self):
        subject = " ".join(self.cleaned_data["subject"].split())
        if not subject:
            raise forms.ValidationError(_("Give your message a subject."))
        return subject


class MessageReplyForm(SubmissionTokenMixin, HoneypotMixin, forms.Form):
    message = MessageField(widget=forms.Textarea(attrs={"rows": 6}))


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = MemberPreferences
        fields = ["allow_messages", "email_frequency", "emails_paused_until", "email_language"]
        labels = {
            "allow_messages": _("Other members may send me private messages"),
            "email_frequency": _("Emails about topics and boards I watch"),
            "emails_paused_until": _("Pause all emails until (optional)"),
            "email_language": _("Email language"),
        }
        help_texts = {
            "allow_messages": "",
            "email_frequency": _("Each watched topic or board can differ: change it in the list below."),
            "emails_paused_until": _("A date, e.g. 2026-12-31. Leave empty to get emails as chosen above."),
            "email_language": _(
                "Every email we send you, including account emails, is written in this language."
            ),
        }
        widgets = {
            "email_frequency": forms.RadioSelect,
            "emails_paused_until": forms.DateInput(attrs={"type": "date"}),
            "email_language": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A form sent without the language (an older page, a script) keeps the member's choice.
        self.fields["email_language"].required = False

    def clean_email_language(self):
        return self.cleaned_data.get("email_language") or self.instance.email_language

    def clean_emails_paused_until(self):
        value = self.cleaned_data.get("emails_paused_until")
        if value and value <= timezone.now():
            raise forms.ValidationError(_("Choose a date in the future, or leave it empty."))
        return value


class WatchFrequencyForm(forms.Form):
    kind = forms.ChoiceField(choices=[("topic", _("Topic")), ("board", _("Board"))])
    object_id = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    frequency = forms.ChoiceField(label=_("How often"), choices=Frequency.choices)


class ProfileDetailsForm(forms.ModelForm):
    class Meta:
        model = MemberProfile
        fields = [
            "diagnosis_type",
            "diagnosis_stage",
            "diagnosis_year",
            "diagnosis_visibility",
            "treatments",
            "treatments_visibility",
            "about_me",
            "about_me_visibility",
            "show_signature",
        ]
        labels = {
            "diagnosis_type": _("Diagnosis (optional)"),
            "diagnosis_stage": _("Stage (optional)"),
            "diagnosis_year": _("Year of diagnosis (optional)"),
            "diagnosis_visibility": _("Who can see your diagnosis"),
            "treatments": _("Treatments (optional)"),
            "treatments_visibility": _("Who can see your treatments"),
            "about_me": _("About me (optional)"),
            "about_me_visibility": _("Who can see “About me”"),
            "show_signature": _("Show a one-line signature with my diagnosis under my posts"),
        }
        help_texts = {
            "diagnosis_type": _("For example: HER2-positive invasive ductal carcinoma."),
            "show_signature": _("Only shown to the people who may see your diagnosis."),
        }
        widgets = {
            "diagnosis_visibility": forms.RadioSelect,
            "treatments_visibility": forms.RadioSelect,
            "about_me_visibility": forms.RadioSelect,
            "about_me": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_diagnosis_year(self):
        year = self.cleaned_data.get("diagnosis_year")
        if year is not None and not 1900 <= year <= timezone.now().year:
            raise forms.ValidationError(
                _("Enter a year between 1900 and %(year)d.") % {"year": timezone.now().year}
            )
        return year
