"""django-allauth's sign-up and login, answering rate limits with 429 and the form kept filled.

allauth counts its limits (ACCOUNT_RATE_LIMITS, in the Django cache) in these views' own
dispatch and answers one that is exceeded through the root URLconf's `handler429`
(allauth.core.ratelimit.respond_429). `too_many_requests` is that handler: for the sign-up and
login forms it shows the form again with everything but the passwords and a message saying
what to do, where allauth's page would lose what the person typed; any other rate-limited
view gets the "Please slow down" page (templates 429.html), as allauth would render it."""

from allauth.account import views as allauth_views
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters

SIGNUP_LIMITED = _(
    "Too many accounts have been created from your connection recently. Please wait an hour and try "
    "again, or call the helpline if you need support now. What you typed is kept below."
)
LOGIN_LIMITED = _(
    "Too many sign-in attempts. Please wait a few minutes before trying again, or reset your password."
)


class RateLimitedFormMixin:
    """A form view whose rate-limited POST shows the form again (see `too_many_requests`)."""

    rate_limit_message = ""

    def rate_limited(self):
        form = self.get_form()
        form.is_valid()  # show field errors as well, if any
        form.add_error(None, self.rate_limit_message)
        response = self.render_to_response(self.get_context_data(form=form))
        response.status_code = 429
        add_never_cache_headers(response)  # as the view's own never_cache would
        return response


class SignupView(RateLimitedFormMixin, allauth_views.SignupView):
    rate_limit_message = SIGNUP_LIMITED


class LoginView(RateLimitedFormMixin, allauth_views.LoginView):
    rate_limit_message = LOGIN_LIMITED

    def form_invalid(self, form):
        response = super().form_invalid(form)
        # allauth's per-account "login_failed" limit shows up as this form error.
        if any(e.code == "too_many_login_attempts" for e in form.errors.as_data().get("__all__", [])):
            response.status_code = 429
        return response


@sensitive_post_parameters("password", "password1", "password2")
def too_many_requests(request):
    """The root URLconf's `handler429`: allauth calls it when one of its rate limits is
    exceeded, from inside the view the request was routed to."""
    match = request.resolver_match
    view_class = getattr(match.func, "view_class", None) if match else None
    if view_class is not None and issubclass(view_class, RateLimitedFormMixin):
        view = view_class(**match.func.view_initkwargs)
        view.setup(request, *match.args, **match.kwargs)
        return view.rate_limited()
    return render(request, "429.html", status=429)


signup = SignupView.as_view()
login = LoginView.as_view()
