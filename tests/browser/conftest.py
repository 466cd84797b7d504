"""Real-browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's
``live_server``.

- Chromium is /usr/bin/chromium (``apt-get install chromium``; override with CHROMIUM_PATH). When it
  or the ``playwright`` package is missing the tests are skipped with the reason, except under
  CI=true, where they fail: CI must run them (``.ci/run`` installs Chromium first).
- The browser may only talk to the live server: every other request is aborted, so no test
  depends on the network (map tiles point at a blank local tile).
- The live server needs committed data, so tests here use ``transactional_db`` with
  ``serialized_rollback`` (see ``browser_db`` below): the reference data from the migrations
  (areas, categories) is restored for each test instead of being flushed away for good.
- Playwright's sync API runs an asyncio loop in the test's thread, which trips Django's
  "async-unsafe" guard on plain ORM calls in the test; ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set while
  the browser is open (the ORM is still only used synchronously). The browser is per module, so
  the loop never outlives a module of browser tests.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-quic", "--no-first-run", "--disable-sync",
]


def _unavailable() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (make install)"
    return None


@pytest.fixture(scope="module")
def browser(django_db_setup, django_db_blocker):
    """Chromium, per test module: Playwright's loop runs only while that module's tests do."""
    reason = _unavailable()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Browser tests must run in CI: {reason}", pytrace=False)
        pytest.skip(reason)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    serialized = {c.alias: c._test_serialized_contents for c in connections.all()
                  if hasattr(c, "_test_serialized_contents")}
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            # While an asyncio loop runs in this thread, asgiref hands Django other (context-local)
            # connection objects: give them the serialized reference data for the rollback
            # emulation, and close them before the loop stops.
            for alias, contents in serialized.items():
                connections[alias]._test_serialized_contents = contents
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                yield chromium
            finally:
                chromium.close()
                with django_db_blocker.unblock():
                    for connection in connections.all(initialized_only=True):
                        connection.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_db(django_db_serialized_rollback, transactional_db):
    """Committed data the live server can see; reference data restored around each test."""


@pytest.fixture
def local_map_tiles(settings):
    """Map tiles from the site itself (a blank tile): the real tile server is unreachable here."""
    settings.MAP_TILE_URL = settings.STATIC_URL + "showrooms/img/blank-tile.png"


@pytest.fixture
def new_page(browser, live_server, local_map_tiles):
    """``new_page(**context_options)`` → a page in a fresh browser context that may only reach the
    live server. ``page.problems`` collects console errors and uncaught exceptions (a CSP
    violation is a console error), so tests can assert there were none."""
    contexts = []
    live_host = urlsplit(live_server.url).netloc

    def only_the_live_server(route):
        if urlsplit(route.request.url).netloc == live_host:
            route.continue_()
        else:
            route.abort()

    def make(**options):
        options = {"locale": "en-GB", "timezone_id": "Asia/Ho_Chi_Minh",
                   "viewport": {"width": 1280, "height": 900}, **options}
        context = browser.new_context(base_url=live_server.url, **options)
        context.route("**/*", only_the_live_server)
        contexts.append(context)
        page = context.new_page()
        page.problems = []
        page.on("console", lambda message: message.type == "error" and page.problems.append(message.text))
        page.on("pageerror", lambda error: page.problems.append(str(error)))
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def demo_pages(browser_db):
    """The demo catalogue, showrooms and events (``make run``'s data), and a representative
    page of each kind, by name: the addresses (Vietnamese) of the pages a visitor reaches."""
    import io

    from django.core.management import call_command
    from django.db.models import Count
    from django.utils import translation

    from catalogue.models import Product
    from events.models import Event
    from showrooms.models import Showroom

    for command in ("load_demo", "load_showrooms_demo", "load_events_demo"):
        call_command(command, stdout=io.StringIO())
    product = (Product.objects.listed().annotate(image_count=Count("images"))
               .order_by("-image_count", "-rating_stars", "pk").first())
    event = (Event.objects.filter(is_published=True).annotate(booth_count=Count("booths"))
             .order_by("-booth_count", "pk").first())
    with translation.override("vi"):
        return {
            "home": "/",
            "product-list": "/products/",
            "product": product.get_absolute_url(),
            "showroom-locator": "/showrooms/",
            "event": event.get_absolute_url(),
            "product-list-filtered": "/products/?stars=4&category=food&sort=-certified",
            "producer": product.producer.get_absolute_url(),
            "village-list": "/villages/",
            "showroom": Showroom.objects.order_by("pk").first().get_absolute_url(),
            "event-list": "/events/",
        }
