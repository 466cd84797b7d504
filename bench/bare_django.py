"""The bare-Django ceiling for `make bench` (issue #17): the smallest Django project that answers
the same 20 KB page as ``/bench/ceiling/``.

No middleware, no database, no templates, no apps: what a view costs in Django itself (the WSGI
handler, URL resolution, an ``HttpResponse``). bench/run.py serves it with the same gunicorn
settings and worker count as the site, in the same run, and gives every page's throughput as a
ratio to it beside the full-stack ceiling (the site's middleware and a database connection
check included).

    gunicorn --config gunicorn.conf.py --pythonpath bench bare_django:application
"""

import django
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

# The same bytes as ocop_site/bench.py's CEILING_BODY (not imported: that module needs the
# site's settings); bench/run.py checks both answer the same length.
BODY = (("<p>" + "OCOP Hà Nội " * 10 + "</p>\n") * 150)[: 20 * 1024]


def ceiling(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("bench/ceiling/", ceiling)]

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-bare-django",  # nothing here is signed; Django only wants one set
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={},
    USE_I18N=False,
    LOGGING_CONFIG=None,
)
django.setup()
application = get_wsgi_application()
