"""Who is this request from? One answer for every rate limit and lockout.

Behind `TRUSTED_PROXY_COUNT` proxies, each proxy appends the address it received the request
from to X-Forwarded-For, so the client is the Nth entry from the right; anything further left
was written by the client and is ignored. Without trusted proxies only REMOTE_ADDR counts.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The client's address, or None when the request carries none (requests built in code)."""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if len(hops) >= count:
            try:
                return str(ipaddress.ip_address(hops[-count]))
            except ValueError:
                pass  # a malformed header: fall back to the connection's address
    return request.META.get("REMOTE_ADDR") or None
