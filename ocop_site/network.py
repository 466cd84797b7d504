"""The visitor's address when we run behind proxies (used by the sign-in lockout and the logs)."""

import ipaddress

from django.conf import settings


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The visitor's address. ``X-Forwarded-For`` is used only as far as our own proxies wrote it.

    Each of the ``TRUSTED_PROXY_COUNT`` proxies appends the address it received the request from,
    so the client is the entry that many places from the right; anything left of it was sent by
    the client and could be forged to dodge a lockout.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            address = _valid_ip(hops[-proxies])
            if address:
                return address
    return _valid_ip(remote) or remote or None
