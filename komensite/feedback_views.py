"""'Was this page helpful?' for visitors: /feedback/<page id>/ and its thank-you page.

The form is on cached pages, so it has no CSRF token: see pages/feedback.py for what protects
this view instead (origin check, signed form token, honeypot, rate limit). The form, the
answers and their retention live in `pages.feedback`; this view is in the site layer because
it uses the boards' rate-limit counters (forums.ratelimit) and pages imported by forums.
"""

from urllib.parse import urlsplit

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from core.client_ip import client_ip
from forums import ratelimit
from pages import feedback


def _page_or_404(page_id):
    page = feedback.feedback_page(page_id)
    if page is None:
        raise Http404("This page does not take feedback")
    return page.specific


def _same_origin(request):
    """False when the browser says the form was sent from another site."""
    header = request.headers.get("Origin") or request.headers.get("Referer")
    if not header:
        return True  # neither header (some privacy tools strip both): token, honeypot and rate limit apply
    return header != "null" and urlsplit(header).netloc.lower() == request.get_host().lower()


def _form_page(request, page, form, status=200, message=""):
    return render(
        request,
        "pages/feedback/form_page.html",
        {"feedback_for": page, "form": form, "message": message},
        status=status,
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def page_feedback(request, page_id):
    page = _page_or_404(page_id)
    if request.method != "POST":
        return _form_page(request, page, feedback.FeedbackForm(page=page))
    form = feedback.FeedbackForm(request.POST, page=page)
    if not _same_origin(request):
        form.is_valid()
        return _form_page(
            request,
            page,
            form,
            status=403,
            message=_("This form was sent from another website, so it was not saved."),
        )
    if not ratelimit.hit(
        "feedback", client_ip(request) or "unknown", feedback.RATE_LIMIT, feedback.RATE_WINDOW_SECONDS
    ):
        form.is_valid()
        return _form_page(
            request,
            page,
            form,
            status=429,
            message=_(
                "You have sent a lot of feedback in a short time. Please wait a few minutes and send it again."
            ),
        )
    if not form.is_valid():
        return _form_page(request, page, form, status=400)
    feedback.record(page, form.cleaned_data["helpful"], form.cleaned_data["comment"])
    return redirect(reverse("page_feedback_thanks", args=[page.pk]), permanent=False)


@never_cache
@require_safe
def page_feedback_thanks(request, page_id):
    page = _page_or_404(page_id)
    return render(request, "pages/feedback/thanks.html", {"feedback_for": page})
