from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes login throttling for every login form (Wagtail admin, Django admin, members).

    Axes refuses `authenticate()` calls that carry no request, because it cannot tell who is
    trying. Those come only from code, never from a login form: Django's test client
    `client.login()`, shell sessions, management commands. There is nobody to throttle, so this
    backend steps aside for them and the next backend checks the password as usual.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


IDENTIFIER_FIELDS = ("username", "email", "login")


def login_identifier(request, credentials):
    """The account a login attempt is for, as django-axes counts failures (AXES_USERNAME_CALLABLE).

    Django's and Wagtail's login forms pass `username`; member logins by email (allauth)
    pass `email`, and allauth's form posts `login`. Case and surrounding spaces are ignored,
    so "Editor " and "editor" share one failure count."""
    for source in (credentials or {}, getattr(request, "POST", {}) or {}):
        for field in IDENTIFIER_FIELDS:
            value = source.get(field)
            if value:
                return str(value).strip().lower()
    return None
