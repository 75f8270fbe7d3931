"""The client's address for login throttling (django-axes ``AXES_CLIENT_IP_CALLABLE``).

Behind ``AXES_PROXY_COUNT`` reverse proxies (setting ``AXES_IPWARE_PROXY_COUNT``)
each proxy appends the address it received the request from to
``X-Forwarded-For``, so the client is the N-th entry from the right: entries
further left were sent by the client itself and may be forged. With a count
of 0 (the default: the app faces the clients directly) the header is ignored
and ``REMOTE_ADDR`` is the client, so nobody escapes a lockout by sending a
made-up header. A request with fewer entries than proxies did not come through
them: ``REMOTE_ADDR`` again.

django-axes' own ipware path is not used: it needs django-ipware, whose
``proxy_count`` counts the proxies *inside* the header (one less than the
proxies in front of the app) and answers "no address" when the header has a
different length — every such request would share one lockout bucket.
"""

import ipaddress

from django.conf import settings


def _address(text):
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    proxies = int(getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or 0)
    if proxies <= 0:
        return remote
    chain = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(chain) < proxies:
        return remote
    return _address(chain[-proxies]) or remote
