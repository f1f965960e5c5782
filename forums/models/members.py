"""Members: the public face of a user account on the boards, and how an author is named."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DELETED_MEMBER_NAME = "Deleted member"
# An account without a member profile (an editor or moderator who never joined the boards).
NO_PROFILE_NAME = "Member"


def display_name_of(user_id, display_name):
    """How an author is named, from plain values (a listing's columns): no user (a deleted
    account), a user without a member profile (`display_name` None), or the member's name."""
    if user_id is None:
        return DELETED_MEMBER_NAME
    return NO_PROFILE_NAME if display_name is None else display_name


def author_display_name(user):
    """How a topic's or post's author is named: their display name, or "Deleted member"."""
    member = getattr(user, "member", None) if user is not None else None
    return display_name_of(getattr(user, "pk", None), member.display_name if member else None)


class ProfileVisibility(models.TextChoices):
    PUBLIC = "public", _("Anyone can see my profile")
    MEMBERS = "members", _("Only signed-in members can see my profile")


class Member(models.Model):
    """A message-board member: the public face of a Django user account."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member")
    display_name = models.CharField(
        max_length=40,
        help_text="The name shown with the member's posts. Pseudonyms are welcome.",
    )
    profile_visibility = models.CharField(
        max_length=10, choices=ProfileVisibility.choices, default=ProfileVisibility.MEMBERS
    )
    confirmed_adult_at = models.DateTimeField(help_text="When the member confirmed they are 18 or older.")
    accepted_guidelines_at = models.DateTimeField(
        help_text="When the member accepted the community guidelines."
    )
    email_notifications = models.BooleanField(
        default=True, help_text="Send emails about new posts in watched topics and boards."
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Moderation: posting and the moderation tools both read these.
    approved_post_count = models.PositiveIntegerField(
        default=0, help_text="Posts approved so far; boards can pre-moderate members below a threshold."
    )
    suspended_until = models.DateTimeField(
        null=True, blank=True, help_text="The member can read but not post until this time."
    )
    is_banned = models.BooleanField(default=False, help_text="Banned members can read but never post.")
    suspension_reason = models.TextField(blank=True, help_text="Shown to the member while suspended.")

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("display_name"), name="forums_member_display_name_ci_unique"),
        ]

    def __str__(self):
        return self.display_name

    def is_suspended(self, now=None):
        """Suspended right now (a ban is separate: `is_banned`)."""
        return self.suspended_until is not None and self.suspended_until > (now or timezone.now())
