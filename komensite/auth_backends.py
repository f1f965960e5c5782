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
