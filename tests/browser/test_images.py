"""What a browser fetches for the product list: small WebP renditions chosen from srcset for the
screen, never the stored originals, and only the cards near the screen until the visitor scrolls.

The live server does not serve media (DEBUG is off), so the page's media requests are answered
from the storage by the test, and recorded.
"""

import io
import re
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("browser_db")]

PHONE = {"viewport": {"width": 375, "height": 740}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "device_scale_factor": 1}


@pytest.fixture
def demo_catalogue():
    call_command("load_demo", stdout=io.StringIO())  # 800 × 600 placeholder photos


def open_recording_media(new_page, options):
    """A page whose /media/ requests are served from the storage; returns (page, fetched names)."""
    page = new_page(**options)
    fetched = []

    def serve(route):
        name = unquote(urlsplit(route.request.url).path).removeprefix(settings.MEDIA_URL)
        fetched.append(name)
        with default_storage.open(name, "rb") as stored:
            body = stored.read()
        route.fulfill(status=200, body=body,
                      content_type="image/webp" if name.endswith(".webp") else "image/jpeg")

    page.route(f"**{settings.MEDIA_URL}**", serve)
    return page, fetched


def widths(names):
    return {int(re.search(r"\.w(\d+)\.webp$", name)[1]) for name in names}


def test_a_phone_gets_renditions_for_its_screen_and_only_near_the_top(new_page, demo_catalogue):
    page, fetched = open_recording_media(new_page, PHONE)
    page.goto("/products/", wait_until="networkidle")
    cards = page.locator("img.card-image").count()
    assert cards == 24
    first_screen = len(fetched)
    # Two cards across: the first half of the page at most; the rest wait until scrolled to.
    assert 0 < first_screen <= cards / 2, fetched
    assert all(name.endswith(".webp") for name in fetched), fetched
    # Two columns, about 180 CSS px each at 2x: 360 device px, so the 640 px rendition, never
    # the 800 px photo's full width.
    assert widths(fetched) == {640}

    for _ in range(40):  # scroll down the page like a visitor
        page.mouse.wheel(0, 600)
        page.wait_for_timeout(50)
    page.wait_for_load_state("networkidle")
    assert len(set(fetched)) == cards and all(name.endswith(".w640.webp") for name in fetched)


def test_a_desktop_gets_the_smallest_renditions_for_its_cards(new_page, demo_catalogue):
    page, fetched = open_recording_media(new_page, DESKTOP)
    page.goto("/products/", wait_until="networkidle")
    # Three columns of ~300 CSS px at 1x: the 320 px rendition, never an original.
    assert fetched and widths(fetched) == {320}
    assert not any(name.endswith((".jpg", ".png")) for name in fetched)
