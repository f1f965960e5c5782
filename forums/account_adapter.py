"""django-allauth adapter: the project's client IP, and account emails and messages in the site's voice.

allauth's defaults address people by username ("user robin.member has given your email
address…") and sign off with the host name. Members only ever chose a display name, so every
account email gets `display_name` and `organization_name` (Settings → Site settings) in its
context, and the templates under `forums/templates/account/email/` use them.

After an email confirmation allauth would stack three messages (the stale "confirmation sent",
"email confirmed" and "signed in as <username>"); `add_message` keeps one.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from wagtail.models import Site

from core.client_ip import client_ip
from pages.models import SiteSettings

EMAIL_CONFIRMED = "account/messages/email_confirmed.txt"
LOGGED_IN = "account/messages/logged_in.txt"
_CONFIRMED_FLAG = "_komensite_email_confirmed"


def organization_name(request=None):
    site = Site.find_for_request(request) if request is not None else None
    site = site or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return SiteSettings._meta.get_field("organization_name").default
    return SiteSettings.for_site(site).organization_name


def display_name_for(user):
    member = getattr(user, "member", None) if user is not None and user.pk else None
    return member.display_name if member else ""


def _user_for_email(email):
    if not email:
        return None
    address = EmailAddress.objects.filter(email__iexact=email).select_related("user__member").first()
    return address.user if address else None


class MemberAccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        """The project's one answer to "which client is this?" (allauth's rate limits count per
        client IP; see core.client_ip)."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")  # as allauth's own
        return ip

    def send_mail(self, template_prefix, email, context):
        context = dict(context)
        user = context.get("user") or _user_for_email(email)
        context.setdefault("display_name", display_name_for(user))
        context.setdefault("organization_name", organization_name(self.request))
        return super().send_mail(template_prefix, email, context)

    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        # allauth leaves the user out of these emails' context (and the address may be gone).
        context = {"display_name": display_name_for(user), **(context or {})}
        return super().send_notification_mail(template_prefix, user, context, email)

    def add_message(
        self, request, level, message_template=None, message_context=None, extra_tags="", message=None
    ):
        if message_template == EMAIL_CONFIRMED:
            # Drop what is still queued (e.g. "Confirmation email sent to …"): it is stale now.
            for _ in messages.get_messages(request):
                pass
            setattr(request, _CONFIRMED_FLAG, True)
            email = (message_context or {}).get("email", "")
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                text = (
                    f"Thank you: {email} is confirmed."
                    if email
                    else "Thank you: your email address is confirmed."
                )
            else:
                # Signing up: allauth signs the member in straight after (ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION).
                name = display_name_for(_user_for_email(email))
                text = "Thank you: your email address is confirmed and you are signed in."
                if name:
                    text = f"Welcome, {name}. Your email address is confirmed and you are signed in."
            return super().add_message(request, messages.SUCCESS, message=text, extra_tags=extra_tags)
        if message_template == LOGGED_IN and getattr(request, _CONFIRMED_FLAG, False):
            return None  # the confirmation message above already says so
        return super().add_message(
            request, level, message_template, message_context, extra_tags=extra_tags, message=message
        )


def user_display(user):
    """ACCOUNT_USER_DISPLAY: members are known by their display name, never the username."""
    return display_name_for(user) or "you"
