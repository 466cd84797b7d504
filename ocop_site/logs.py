"""Structured logs: one JSON object per line on stdout in production, with a request id that
ties every line of a request together, and one summary line per request."""

import contextvars
import datetime
import json
import logging
import re
import time
import uuid

from django.utils.functional import empty

from ocop_site.network import client_ip

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
request_logger = logging.getLogger("ocop.request")

# What a load balancer's request id looks like; anything else (spaces, newlines, megabytes) is
# replaced, so a client cannot inject fake log lines or bloat them.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
REQUEST_FIELDS = ("request_id", "method", "path", "status", "duration_ms", "client_ip", "user_id")


class RequestIdFilter(logging.Filter):
    """Stamp every record with the id of the request being served (or None)."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class JSONFormatter(logging.Formatter):
    def format(self, record):
        payload = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in REQUEST_FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                payload[field] = value
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False, default=str)


def _loaded_user_id(user):
    """The signed-in user's id, if the request already loaded the user: never a query for a log."""
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


class RequestLogMiddleware:
    """Give each request an id (``X-Request-ID``, kept from the load balancer if it sent a sane
    one) and log method, path, status and duration when it is answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if VALID_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            status = response.status_code
            level = logging.ERROR if status >= 500 else logging.WARNING if status == 429 else logging.INFO
            if not request_logger.isEnabledFor(level):  # REQUEST_LOG_LEVEL: skip building the fields
                return response
            request_logger.log(
                level,
                "%s %s %s", request.method, request.path, status,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "client_ip": client_ip(request),
                    "user_id": _loaded_user_id(getattr(request, "user", None)),
                },
            )
            return response
        finally:
            request_id_var.reset(token)
