import uuid

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from forums import watched_words
from forums.email_preferences import signup_language
from forums.models import (
    ActionKind,
    CannedResponse,
    Member,
    MemberPreferences,
    ProfileVisibility,
    ReportReason,
)
from forums.posting import MAX_MESSAGE_LENGTH, MAX_TITLE_LENGTH
from forums.privacy import KEEP_POSTS, REMOVE_POSTS

DISPLAY_NAME_HELP = _(
    "Shown with everything you post. A first name or a pseudonym is fine; never your full name."
)


def clean_display_name(value, exclude_pk=None):
    value = " ".join(value.split())
    if len(value) < 2:
        raise forms.ValidationError(_("Use at least 2 characters."))
    taken = Member.objects.filter(display_name__iexact=value)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists() or value.casefold() in {"deleted member", "moderator", "admin", "komen"}:
        raise forms.ValidationError(_("That display name is taken. Try another."))
    if watched_words.display_name_refused(value):
        raise forms.ValidationError(_("That display name is not allowed on the message boards. Try another."))
    return value


HONEYPOT_FIELD = "website"


class HoneypotMixin(forms.Form):
    """A field people never see or fill in (hidden by CSS, skipped by keyboard); bots do."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("We could not accept this form. Please try again."))
        return ""


class MemberFieldsMixin(forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=40, help_text=DISPLAY_NAME_HELP)
    profile_visibility = forms.ChoiceField(
        label=_("Who can see your profile"),
        choices=ProfileVisibility.choices,
        initial=ProfileVisibility.MEMBERS,
        widget=forms.RadioSelect,
    )
    is_adult = forms.BooleanField(
        label=_("I am 18 or older"),
        error_messages={"required": _("You must be 18 or older to join the message boards.")},
    )
    accept_guidelines = forms.BooleanField(
        label=_("I have read and accept the community guidelines"),
        error_messages={"required": _("Please accept the community guidelines to join.")},
    )

    def clean_display_name(self):
        return clean_display_name(self.cleaned_data["display_name"])

    def create_member(self, user):
        now = timezone.now()
        member = Member.objects.create(
            user=user,
            display_name=self.cleaned_data["display_name"],
            profile_visibility=self.cleaned_data["profile_visibility"],
            confirmed_adult_at=now,
            accepted_guidelines_at=now,
        )
        # Emails follow the language the member joined in (/es/ pages: Spanish) until they
        # choose another on their preferences page.
        MemberPreferences.objects.create(member=member, email_language=signup_language())
        return member


class MemberSignupForm(HoneypotMixin, MemberFieldsMixin):
    """Extra sign-up fields for django-allauth (ACCOUNT_SIGNUP_FORM_CLASS)."""

    def signup(self, request, user):
        self.create_member(user)


class JoinForm(MemberFieldsMixin):
    """For an existing account (e.g. an editor) that has no member profile yet."""


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["display_name", "profile_visibility", "email_notifications"]
        labels = {
            "display_name": _("Display name"),
            "profile_visibility": _("Who can see your profile"),
            "email_notifications": _("Email me about new posts in topics and boards I watch"),
        }
        help_texts = {"display_name": DISPLAY_NAME_HELP, "email_notifications": ""}
        widgets = {"profile_visibility": forms.RadioSelect}

    def clean_display_name(self):
        return clean_display_name(self.cleaned_data["display_name"], exclude_pk=self.instance.pk)


class MessageField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Message"))
        kwargs.setdefault("max_length", MAX_MESSAGE_LENGTH)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 10}))
        kwargs.setdefault(
            "help_text",
            _("Plain text. You can use *emphasis*, **bold**, lists (- item) and links [text](https://…)."),
        )
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("Write a message before posting."),
                "max_length": format_lazy(
                    _("Your message is too long: keep it under {limit} characters (it has %(show_value)d)."),
                    limit=f"{MAX_MESSAGE_LENGTH:,}",
                ),
            },
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value.strip():
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return value


class SubmissionTokenField(forms.UUIDField):
    """A fresh UUID in every rendering of a posting form; the post saved from it keeps the
    value, so sending the same form twice saves one post (forums.posting.submitted_post), and
    an edit form's send is recorded once (a PostEdit row, forums.posting.submitted_edit).
    A missing or mangled value is not the member's fault: the form still posts, unguarded."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, initial=uuid.uuid4, **kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            return None


class SubmissionTokenMixin(forms.Form):
    submission_token = SubmissionTokenField()


class TopicForm(SubmissionTokenMixin, HoneypotMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=MAX_TITLE_LENGTH,
        error_messages={
            "required": _("Give your topic a title."),
            "max_length": _("Keep the title under %(limit_value)d characters (it has %(show_value)d)."),
        },
    )
    message = MessageField()

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Give your topic a title."))
        return title


class ReplyForm(SubmissionTokenMixin, HoneypotMixin, forms.Form):
    message = MessageField()


class EditPostForm(SubmissionTokenMixin, forms.Form):
    message = MessageField()


class EditFirstPostForm(SubmissionTokenMixin, forms.Form):
    title = TopicForm.base_fields["title"]
    message = MessageField()

    clean_title = TopicForm.clean_title


class DeleteAccountForm(forms.Form):
    posts = forms.ChoiceField(
        label=_("What should happen to your posts?"),
        choices=[
            (REMOVE_POSTS, _("Remove my posts")),
            (KEEP_POSTS, _("Keep my posts, shown as written by “Deleted member”")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happens to your posts.")},
    )
    confirm = forms.BooleanField(
        label=_("I understand that deleting my account cannot be undone"),
        error_messages={"required": _("Tick the box to confirm you want to delete your account.")},
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is the problem?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the problem is.")},
    )
    details = forms.CharField(
        label=_("Anything else moderators should know"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you choose “Other”. Moderators see this; the author does not."),
        error_messages={"max_length": _("Keep it under 1,000 characters (it has %(show_value)d).")},
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == ReportReason.OTHER and not (data.get("details") or "").strip():
            self.add_error("details", _("Tell us what the problem is."))
        return data


# Moderation ----------------------------------------------------------------------------------


class ReasonField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Reason"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 2000)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3, "class": "reason-field"}))
        super().__init__(**kwargs)


class CannedResponseField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Or use a saved response"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("empty_label", "(none)")
        super().__init__(queryset=CannedResponse.objects.all(), **kwargs)


class ModerationForm(forms.Form):
    """Reason (typed, or a canned response) for any moderation action."""

    reason = ReasonField()
    canned = CannedResponseField()
    reason_required = False

    def clean(self):
        data = super().clean()
        reason = (data.get("reason") or "").strip()
        if not reason and data.get("canned"):
            reason = data["canned"].text
        if self.reason_required and not reason:
            self.add_error("reason", _("Give a reason, or choose a saved response."))
        data["reason"] = reason
        return data


class ReasonRequiredForm(ModerationForm):
    reason_required = True


class ModeratorEditForm(ReasonRequiredForm):
    message = MessageField()
    field_order = ["message", "reason", "canned"]


class MoveForm(ModerationForm):
    target_board = forms.ModelChoiceField(
        label=_("Move to board"), queryset=None, error_messages={"required": _("Choose a board.")}
    )
    field_order = ["target_board", "reason", "canned"]

    def __init__(self, *args, boards=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_board"].queryset = boards


class MergeForm(ModerationForm):
    target_topic = forms.IntegerField(
        label=_("Merge into topic number"),
        min_value=1,
        max_value=2**63 - 1,
        help_text=_(
            "The number in the other topic's address (…/topics/<number>/). This topic's posts move there."
        ),
        error_messages={"required": _("Give the number of the topic to merge into.")},
    )
    field_order = ["target_topic", "reason", "canned"]


class SuspendForm(ReasonRequiredForm):
    days = forms.IntegerField(
        label=_("Suspend for how many days"),
        min_value=1,
        max_value=365,
        initial=7,
        error_messages={"required": _("Say how many days."), "min_value": _("At least 1 day.")},
    )
    field_order = ["days", "reason", "canned"]


class BulkForm(ModerationForm):
    action = forms.ChoiceField(
        label=_("With the selected posts"), choices=[("approve", _("Approve")), ("reject", _("Reject"))]
    )
    posts = forms.TypedMultipleChoiceField(
        label=_("Posts"), coerce=int, choices=(), error_messages={"required": _("Select at least one post.")}
    )
    field_order = ["action", "reason", "canned", "posts"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        raw = self.data.getlist("posts") if hasattr(self.data, "getlist") else []
        self.fields["posts"].choices = [(v, v) for v in raw if str(v).isdigit() and len(str(v)) < 19]

    def clean(self):
        data = super().clean()
        if data.get("action") == "reject" and not data.get("reason"):
            self.add_error("reason", _("Give a reason for rejecting: it is sent to each author."))
        return data


class LogFilterForm(forms.Form):
    board = forms.ChoiceField(label=_("Board"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    member = forms.CharField(label=_("Member (display name)"), required=False, max_length=40)
    moderator = forms.CharField(label=_("Moderator (display name)"), required=False, max_length=150)

    def __init__(self, *args, boards=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].choices = [("", _("All my boards"))] + [(str(b.pk), b.title) for b in boards]
        self.fields["action"].choices = [("", _("All actions"))] + list(ActionKind.choices)
