"""Staff sign-in protection: the django-axes backend, the client address behind our proxies,
and the lockout page."""

import ipaddress

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.shortcuts import render


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for sign-ins that come with a request.

    Axes refuses (ValueError) an ``authenticate()`` without a request; those only come from code
    we run ourselves (``manage.py shell``, tests' ``client.login``), never from a visitor, so
    they skip the throttle instead of crashing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


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


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out sign-in sees (HTTP 429), instead of axes' bare text."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "security/lockout.html",
        {"cooloff_minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
