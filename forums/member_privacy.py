"""Issue 16's parts of a member's data export and account deletion: private messages, message
reports, preferences and optional profile fields (called from forums.privacy)."""

from django.urls import reverse

from forums.member_models import (
    ConversationMember,
    MemberPreferences,
    MemberProfile,
    Message,
    MessageReport,
    MessageStatus,
)

REMOVED_TEXT = "This message was removed when its author deleted their account."


def _iso(value):
    return value.isoformat() if value else None


def export_profile(member):
    preferences = MemberPreferences.objects.filter(member=member).first()
    details = MemberProfile.objects.filter(member=member).first()
    data = {}
    if preferences:
        data["preferences"] = {
            "allow_messages": preferences.allow_messages,
            "email_frequency": preferences.email_frequency,
            "emails_paused_until": _iso(preferences.emails_paused_until),
            "email_language": preferences.email_language,
        }
    if details:
        data["details"] = {
            "diagnosis_type": details.diagnosis_type,
            "diagnosis_stage": details.diagnosis_stage,
            "diagnosis_year": details.diagnosis_year,
            "diagnosis_visibility": details.diagnosis_visibility,
            "treatments": details.treatments,
            "treatments_visibility": details.treatments_visibility,
            "about_me": details.about_me,
            "about_me_visibility": details.about_me_visibility,
            "show_signature": details.show_signature,
        }
    return data


def export_messages(user):
    """Each conversation the member took part in: subject, people, and the messages they wrote
    (other people's words are theirs, so only counted)."""
    places = ConversationMember.objects.filter(user=user).select_related("conversation").order_by("joined_at")
    mine = {}
    for message in Message.objects.filter(author=user).order_by("created_at", "pk"):
        mine.setdefault(message.conversation_id, []).append(
            {"sent_at": _iso(message.created_at), "status": message.status, "message": message.body}
        )
    people = {}
    for row in ConversationMember.objects.filter(conversation__participants__user=user).select_related(
        "user__member"
    ):
        member = getattr(row.user, "member", None)
        people.setdefault(row.conversation_id, []).append(member.display_name if member else "Member")
    return [
        {
            "subject": place.conversation.subject,
            "url": reverse("forums:conversation", args=[place.conversation_id]),
            "people": people.get(place.conversation_id, []),
            "joined_at": _iso(place.joined_at),
            "left_at": _iso(place.left_at),
            "messages_you_sent": mine.get(place.conversation_id, []),
        }
        for place in places
    ]


def export_message_reports(user):
    return [
        {
            "created_at": _iso(r.created_at),
            "message_in": r.message.conversation.subject,
            "reason": r.get_reason_display(),
            "details": r.details,
            "status": r.status,
        }
        for r in MessageReport.objects.filter(reporter=user).select_related("message__conversation")
    ]


def remove_messages_text(user):
    """On account deletion: the member's messages keep their place in others' conversations,
    but their words are gone."""
    return Message.objects.filter(author=user).update(
        body=REMOVED_TEXT, body_html=f"<p>{REMOVED_TEXT}</p>", status=MessageStatus.REMOVED, author=None
    )
