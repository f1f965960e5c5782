from axes.backends import AxesStandaloneBackend
from django.contrib.auth.models import Permission


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


class PermissionsInOneQuery:
    """Loads a signed-in user's permissions, their own and their groups', in one query where
    Django's ModelBackend makes two, on the first permission check of a request (Wagtail's
    user bar asks on every page a member sees).

    Listed before ModelBackend, it grants and authenticates nothing and loads no user (so
    sessions never name it): it fills the per-user cache that ModelBackend then reads, with
    the same set ModelBackend would compute (superusers are left to it)."""

    def authenticate(self, request, **credentials):
        return None

    def _prime(self, user_obj):
        if (
            user_obj.is_active
            and not user_obj.is_anonymous
            and not user_obj.is_superuser
            and not hasattr(user_obj, "_perm_cache")
        ):
            own = Permission.objects.filter(user=user_obj)
            of_groups = Permission.objects.filter(group__user=user_obj)
            rows = own.values_list("content_type__app_label", "codename").union(
                of_groups.values_list("content_type__app_label", "codename")
            )
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in rows}

    def has_perm(self, user_obj, perm, obj=None):
        if obj is None:
            self._prime(user_obj)
        return False

    def has_module_perms(self, user_obj, app_label):
        self._prime(user_obj)
        return False


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
