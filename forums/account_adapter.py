"""django-allauth adapter: the project's client IP, and account emails and messages in the site's voice.

allauth's defaults address people by username ("user robin.member has given your email
address…") and sign off with the host name. Members only ever chose a display name, so every
account email gets `display_name` and `organization_name` (Settings → Site settings) in its
context, and the templates under `forums/templates/account/email/` use them.

Every account email is written in the member's email language (forums.email_preferences),
links included: a Spanish member gets /es/ links even when the email was triggered from an
English page. An address with no member yet (joining, an unknown account) gets the language of
the page the request came from.

After an email confirmation allauth would stack three messages (the stale "confirmation sent",
"email confirmed" and "signed in as <username>"); `add_message` keeps one.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.urls import translate_url
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.translation import gettext, gettext_lazy
from wagtail.models import Site

from core.client_ip import client_ip
from forums.email_preferences import email_language
from pages.models import SiteSettings

EMAIL_CONFIRMED = "account/messages/email_confirmed.txt"
LOGGED_IN = "account/messages/logged_in.txt"
_CONFIRMED_FLAG = "_komensite_email_confirmed"
SUBJECT_PREFIX = gettext_lazy("[Komen message boards]")
# Links allauth builds before handing over the email (in the request's language).
LINK_KEYS = ("activate_url", "password_reset_url", "signup_url")


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
        language = email_language(user, fallback=translation.get_language())
        for key in LINK_KEYS:
            if context.get(key):
                context[key] = translate_url(context[key], language)
        with translation.override(language):
            return super().send_mail(template_prefix, email, context)

    def format_email_subject(self, subject):
        return f"{SUBJECT_PREFIX} {force_str(subject)}"

    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        # allauth leaves the user out of these emails' context (and the address may be gone).
        context = {"display_name": display_name_for(user), "user": user, **(context or {})}
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
                    gettext("Thank you: %(email)s is confirmed.") % {"email": email}
                    if email
                    else gettext("Thank you: your email address is confirmed.")
                )
            else:
                # Signing up: allauth signs the member in straight after (ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION).
                name = display_name_for(_user_for_email(email))
                text = gettext("Thank you: your email address is confirmed and you are signed in.")
                if name:
                    text = gettext(
                        "Welcome, %(name)s. Your email address is confirmed and you are signed in."
                    ) % {"name": name}
            return super().add_message(request, messages.SUCCESS, message=text, extra_tags=extra_tags)
        if message_template == LOGGED_IN and getattr(request, _CONFIRMED_FLAG, False):
            return None  # the confirmation message above already says so
        return super().add_message(
            request, level, message_template, message_context, extra_tags=extra_tags, message=message
        )


def user_display(user):
    """ACCOUNT_USER_DISPLAY: members are known by their display name, never the username."""
    return display_name_for(user) or gettext("you")
