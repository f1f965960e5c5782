"""django-allauth's sign-up and login, answering rate limits with 429 and the form kept filled.

allauth's own decorator would answer a bare 429 page and lose what the person typed; here the
same limits (ACCOUNT_RATE_LIMITS, counted in the Django cache) are checked inside the view
so the form comes back with everything but the passwords."""

from allauth.account import views as allauth_views
from allauth.core import ratelimit
from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

SIGNUP_LIMITED = _(
    "Too many accounts have been created from your connection recently. Please wait an hour and try "
    "again, or call the helpline if you need support now. What you typed is kept below."
)
LOGIN_LIMITED = _(
    "Too many sign-in attempts. Please wait a few minutes before trying again, or reset your password."
)


class RateLimitedFormMixin:
    rate_limit_action = None
    rate_limit_message = ""

    def post(self, request, *args, **kwargs):
        if not ratelimit.consume(request, action=self.rate_limit_action):
            form = self.get_form()
            form.is_valid()  # show field errors as well, if any
            form.add_error(None, self.rate_limit_message)
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 429
            return response
        return super().post(request, *args, **kwargs)


def _skip_allauth_decorated_dispatch(view_class):
    """Dispatch through the mixins but not allauth's rate-limited dispatch (we do it in post)."""

    @method_decorator(login_not_required)
    @method_decorator(sensitive_post_parameters("password", "password1", "password2"))
    @method_decorator(never_cache)
    def dispatch(self, request, *args, **kwargs):
        return super(view_class, self).dispatch(request, *args, **kwargs)

    return dispatch


class SignupView(RateLimitedFormMixin, allauth_views.SignupView):
    rate_limit_action = "signup"
    rate_limit_message = SIGNUP_LIMITED


SignupView.dispatch = _skip_allauth_decorated_dispatch(allauth_views.SignupView)


class LoginView(RateLimitedFormMixin, allauth_views.LoginView):
    rate_limit_action = "login"
    rate_limit_message = LOGIN_LIMITED

    def form_invalid(self, form):
        response = super().form_invalid(form)
        # allauth's per-account "login_failed" limit shows up as this form error.
        if any(e.code == "too_many_login_attempts" for e in form.errors.as_data().get("__all__", [])):
            response.status_code = 429
        return response


LoginView.dispatch = _skip_allauth_decorated_dispatch(allauth_views.LoginView)

signup = SignupView.as_view()
login = LoginView.as_view()
