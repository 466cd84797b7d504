"""Instrumentation for `make bench`, active only when the BENCH_MODE environment variable is set.

- ``/bench/ceiling/``: a constant 20 KB response through the full Django stack, the in-run
  ceiling every page's throughput is compared with.
- ``X-Query-Count``: how many SQL queries a request ran, for a request that asks for it with
  ``X-Count-Queries`` (the harness's one check per page). The requests wrk sends do not ask:
  counting is not something production does, so it must not weigh on what is measured.
"""

from django.db import connection
from django.http import HttpResponse

CEILING_BODY = ("<p>" + "OCOP Hà Nội " * 10 + "</p>\n") * 150  # ~20 KB of HTML
CEILING_BODY = CEILING_BODY[: 20 * 1024]


def ceiling(request):
    return HttpResponse(CEILING_BODY, content_type="text/html; charset=utf-8")


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "HTTP_X_COUNT_QUERIES" not in request.META:
            return self.get_response(request)
        # Not the page's queries: a new connection's setup (time zone, and the hstore/citext
        # type lookups django.contrib.postgres makes), once per connection (CONN_MAX_AGE).
        connection.ensure_connection()
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        # Streaming responses run their queries after this point; their count is a lower bound.
        response["X-Query-Count"] = str(count)
        return response
