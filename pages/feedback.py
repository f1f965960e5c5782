"""'Was this page helpful?': the form, who may get it, recording answers and comment retention.

How the form lives on cached pages: the page cache refuses any page that carries Django's
CSRF token (core.cache.pagecache), because the token is per person. So the form carries no
CSRF token; it posts to /feedback/<page id>/ (komensite.feedback_views), a view exempt from
Django's CSRF check that instead
- acts for nobody: it reads no session or cookie and stores nothing about who sent it, so a
  forged cross-site submission can do nothing the forger could not do from their own browser;
- refuses a request whose Origin (or, without one, Referer) names another site;
- requires `form_token`, the page id signed with the secret key (the same for every visitor,
  so the page stays cacheable; it only proves the form came from our page);
- has a honeypot field and a rate limit per client address (forums.ratelimit).
"""

import datetime

from django import forms
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from core.text import clean_text
from pages.models import PageFeedback, SiteSettings

SIGNING_SALT = "pages.feedback"
COMMENT_MAX_LENGTH = 1000
# Answers per client address per window (a person, or a household behind one address).
RATE_LIMIT = 10
RATE_WINDOW_SECONDS = 10 * 60
HONEYPOT_FIELD = "website"


def form_token(page_id):
    """The page id signed with the secret key: the same for every visitor and every render (no
    timestamp), so a cached page and a freshly rendered one are byte for byte the same."""
    return signing.Signer(salt=SIGNING_SALT).sign(str(int(page_id)))


def token_matches(token, page_id):
    try:
        return signing.Signer(salt=SIGNING_SALT).unsign(str(token or "")) == str(int(page_id))
    except (signing.BadSignature, TypeError, ValueError):
        return False


def accepts_feedback(page):
    return bool(getattr(page.specific_class, "accepts_feedback", False))


def feedback_page(page_id):
    """The live, public page `page_id` if it takes feedback, else None."""
    page = Page.objects.live().public().filter(pk=page_id).first()
    return page if page is not None and accepts_feedback(page) else None


class FeedbackForm(forms.Form):
    helpful = forms.TypedChoiceField(
        label=_("Was this page helpful?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose Yes or No.")},
    )
    comment = forms.CharField(
        label=_("How could we improve this page? (optional)"),
        help_text=_(
            "Please do not include personal information such as your name, email address, phone "
            "number or details about your health. We cannot reply to comments. If you need help, call "
            "the Breast Care Helpline."
        ),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": COMMENT_MAX_LENGTH}),
    )
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, page=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        if page is not None:
            self.fields["form_token"].initial = form_token(page.pk)

    def clean_comment(self):
        # Line breaks are kept (paragraphs); other control characters and NULs are not.
        text = self.cleaned_data.get("comment", "").replace("\x00", "")
        return "\n".join(clean_text(line) for line in text.splitlines()).strip()

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("We could not accept this form. Please try again."))
        return ""

    def clean_form_token(self):
        token = self.cleaned_data.get("form_token")
        if self.page is None or not token_matches(token, self.page.pk):
            raise forms.ValidationError(
                _("This form has expired. Please choose your answer again and send it."), code="token"
            )
        return token


def record(page, helpful, comment=""):
    return PageFeedback.objects.create(page=page, helpful=helpful, comment=comment)


def retention_days(site):
    return SiteSettings.for_site(site).feedback_comment_retention_days


def delete_old_comments(now=None, days=None):
    """Delete comments older than each site's retention period (or `days`); keep the answers.

    Returns the number of comments deleted."""
    now = now or timezone.now()
    deleted = 0
    sites = list(Site.objects.select_related("root_page"))
    with transaction.atomic():
        for site in sites:
            keep = days if days is not None else retention_days(site)
            cutoff = now - datetime.timedelta(days=keep)
            deleted += (
                PageFeedback.objects.filter(page__path__startswith=site.root_page.path, created_at__lt=cutoff)
                .exclude(comment="")
                .update(comment="")
            )
        # Pages outside every site (rare: moved out of a site's tree) use the default period.
        outside = PageFeedback.objects.exclude(comment="")
        for site in sites:
            outside = outside.exclude(page__path__startswith=site.root_page.path)
        keep = (
            days
            if days is not None
            else SiteSettings._meta.get_field("feedback_comment_retention_days").default
        )
        deleted += outside.filter(created_at__lt=now - datetime.timedelta(days=keep)).update(comment="")
    return deleted
