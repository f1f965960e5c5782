from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied

from core.client_ip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    """allauth's adapter, with the project's one answer to "which client is this?" (its rate
    limits count per client IP; see core.client_ip)."""

    def get_client_ip(self, request):
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")  # as allauth's own
        return ip
