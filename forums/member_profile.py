"""A member's public profile page: which optional fields the viewer may see, and whether they
may message or block the member. No requests: the view passes the viewer."""

from django.utils.translation import gettext as _

from forums import policy
from forums.member_models import MemberBlock, MemberProfile


def member_profile_fields(viewer, member):
    """The optional fields `viewer` may see on `member`'s profile: [(label, value)]."""
    details = MemberProfile.objects.filter(member=member).first()
    if details is None:
        return []
    rows = []
    if details.diagnosis_line() and policy.may_see_field(viewer, member, details.diagnosis_visibility):
        rows.append((_("Diagnosis"), details.diagnosis_line()))
    if details.treatments and policy.may_see_field(viewer, member, details.treatments_visibility):
        rows.append((_("Treatments"), details.treatments))
    if details.about_me and policy.may_see_field(viewer, member, details.about_me_visibility):
        rows.append((_("About me"), details.about_me))
    return rows


def member_page_extras(viewer, member):
    """Extra context for a member's public profile page: visible fields, message and block."""
    signed_in = policy.member_of(viewer) is not None
    is_self = signed_in and viewer.pk == member.user_id
    return {
        "profile_fields": member_profile_fields(viewer, member),
        "can_message": signed_in and not is_self,
        "can_block": signed_in and policy.may_block(viewer, member),
        "is_blocked": signed_in and MemberBlock.objects.filter(blocker=viewer, blocked=member.user).exists(),
    }
