from django import forms
from django.utils import timezone

from forums.models import Member, ProfileVisibility
from forums.posting import MAX_MESSAGE_LENGTH, MAX_TITLE_LENGTH
from forums.privacy import KEEP_POSTS, REMOVE_POSTS

DISPLAY_NAME_HELP = (
    "Shown with everything you post. A first name or a pseudonym is fine; never your full name."
)


def clean_display_name(value, exclude_pk=None):
    value = " ".join(value.split())
    if len(value) < 2:
        raise forms.ValidationError("Use at least 2 characters.")
    taken = Member.objects.filter(display_name__iexact=value)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists() or value.casefold() in {"deleted member", "moderator", "admin", "komen"}:
        raise forms.ValidationError("That display name is taken. Try another.")
    return value


class MemberFieldsMixin(forms.Form):
    display_name = forms.CharField(label="Display name", max_length=40, help_text=DISPLAY_NAME_HELP)
    profile_visibility = forms.ChoiceField(
        label="Who can see your profile",
        choices=ProfileVisibility.choices,
        initial=ProfileVisibility.MEMBERS,
        widget=forms.RadioSelect,
    )
    is_adult = forms.BooleanField(
        label="I am 18 or older",
        error_messages={"required": "You must be 18 or older to join the message boards."},
    )
    accept_guidelines = forms.BooleanField(
        label="I have read and accept the community guidelines",
        error_messages={"required": "Please accept the community guidelines to join."},
    )

    def clean_display_name(self):
        return clean_display_name(self.cleaned_data["display_name"])

    def create_member(self, user):
        now = timezone.now()
        return Member.objects.create(
            user=user,
            display_name=self.cleaned_data["display_name"],
            profile_visibility=self.cleaned_data["profile_visibility"],
            confirmed_adult_at=now,
            accepted_guidelines_at=now,
        )


class MemberSignupForm(MemberFieldsMixin):
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
            "display_name": "Display name",
            "profile_visibility": "Who can see your profile",
            "email_notifications": "Email me about new posts in topics and boards I watch",
        }
        help_texts = {"display_name": DISPLAY_NAME_HELP, "email_notifications": ""}
        widgets = {"profile_visibility": forms.RadioSelect}

    def clean_display_name(self):
        return clean_display_name(self.cleaned_data["display_name"], exclude_pk=self.instance.pk)


class MessageField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Message")
        kwargs.setdefault("max_length", MAX_MESSAGE_LENGTH)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 10}))
        kwargs.setdefault(
            "help_text",
            "Plain text. You can use *emphasis*, **bold**, lists (- item) and links [text](https://…).",
        )
        kwargs.setdefault(
            "error_messages",
            {
                "required": "Write a message before posting.",
                "max_length": f"Your message is too long: keep it under {MAX_MESSAGE_LENGTH:,} characters "
                "(it has %(show_value)d).",
            },
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value.strip():
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return value


class TopicForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=MAX_TITLE_LENGTH,
        error_messages={
            "required": "Give your topic a title.",
            "max_length": f"Keep the title under {MAX_TITLE_LENGTH} characters (it has %(show_value)d).",
        },
    )
    message = MessageField()

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError("Give your topic a title.")
        return title


class ReplyForm(forms.Form):
    message = MessageField()


class EditPostForm(forms.Form):
    message = MessageField()


class EditFirstPostForm(TopicForm):
    pass


class DeleteAccountForm(forms.Form):
    posts = forms.ChoiceField(
        label="What should happen to your posts?",
        choices=[
            (REMOVE_POSTS, "Remove my posts"),
            (KEEP_POSTS, "Keep my posts, shown as written by “Deleted member”"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happens to your posts."},
    )
    confirm = forms.BooleanField(
        label="I understand that deleting my account cannot be undone",
        error_messages={"required": "Tick the box to confirm you want to delete your account."},
    )
