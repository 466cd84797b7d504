"""The maps in a real browser, at 1366 px and on a 390 px phone: every matching showroom is on
the locator's map (single markers plus the numbers on groups), kinds look different, the list and
the map are linked, markers on one spot can still be reached, and everything works by keyboard."""

import json

import pytest

from catalogue.models import Area
from showrooms.models import Showroom
from tests.factories import ShowroomFactory, every_day

from .test_showroom_locator import markers_shown

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("browser_db")]

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def map_data(page):
    return json.loads(page.locator("#showroom-markers").text_content())


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
@pytest.mark.parametrize("prefix", ["", "/en"], ids=["vi", "en"])
def test_every_matching_demo_showroom_is_on_the_map(new_page, live_server, demo_pages, viewport, prefix):
    page = new_page(viewport=viewport)
    total = Showroom.objects.active().count()
    assert total > 20  # more than one page of the list
    page.goto(prefix + "/showrooms/")
    page.wait_for_selector("#showroom-map.is-ready")
    assert page.locator("#showroom-list [data-showroom]").count() == 20
    assert len(map_data(page)) == total
    assert markers_shown(page) == total
    assert page.locator("#showroom-map .map-cluster").count() >= 1  # the crowded centre is grouped
    # Kinds are told apart by their symbol, and the legend says which is which.
    kinds = set(page.locator("#showroom-map .map-marker .map-pin").evaluate_all(
        "els => els.map(e => [...e.classList].find(c => c.startsWith('map-pin-')))"))
    assert len(kinds) >= 2
    assert page.locator(".map-legend li").count() == len(Showroom.Kind.choices)

    sales_points = Showroom.objects.active().filter(kind=Showroom.Kind.SALES_POINT).count()
    page.goto(prefix + "/showrooms/?kind=sales_point")
    page.wait_for_selector("#showroom-map.is-ready")
    assert markers_shown(page) == sales_points
    assert page.locator("#showroom-map .map-pin:not(.map-pin-sales_point)").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert page.problems == []


@pytest.fixture
def places():
    area = Area.objects.get(slug="phuong-hoan-kiem")
    far = Area.objects.get(slug="xa-bat-trang")
    return {
        "twin_a": every_day(ShowroomFactory(name="A Twin on Tràng Tiền", area=area, latitude=21.0245,
                                            longitude=105.8560, kind=Showroom.Kind.SHOWROOM)),
        "twin_b": every_day(ShowroomFactory(name="B Twin on Tràng Tiền", area=area, latitude=21.0245,
                                            longitude=105.8560, kind=Showroom.Kind.SALES_POINT)),
        "alone": every_day(ShowroomFactory(name="C Bát Tràng centre", area=far, latitude=20.9772,
                                           longitude=105.9129, kind=Showroom.Kind.DESIGN_CENTRE)),
    }


def test_hovering_or_focusing_a_list_item_highlights_its_marker(page, live_server, places):
    page.goto("/en/showrooms/")
    page.wait_for_selector("#showroom-map.is-ready")
    alone = page.locator('#showroom-map .map-marker[title="C Bát Tràng centre"]')
    page.locator("#showroom-list li", has_text="C Bát Tràng centre").hover()
    assert "is-highlighted" in alone.get_attribute("class")
    # A marker inside a group: the group lights up.
    page.locator("#showroom-list li", has_text="A Twin").get_by_role("link").focus()
    assert page.locator("#showroom-map .map-cluster.is-highlighted").count() == 1
    assert "is-highlighted" not in alone.get_attribute("class")


def test_markers_on_one_spot_fan_out_and_everything_works_by_keyboard(page, live_server, places):
    page.goto("/en/showrooms/")
    page.wait_for_selector("#showroom-map.is-ready")
    assert markers_shown(page) == 3
    group = page.locator("#showroom-map .map-cluster")
    assert group.count() == 1 and group.get_attribute("tabindex") == "0"
    assert "2" in group.inner_text()
    group.focus()
    page.keyboard.press("Enter")  # same point: the group fans out instead of zooming
    twin = page.locator('#showroom-map .map-marker[title="B Twin on Tràng Tiền"]')
    twin.wait_for(state="visible")
    assert page.locator('#showroom-map .map-marker[title="A Twin on Tràng Tiền"]').is_visible()
    assert twin.get_attribute("role") == "button" and twin.get_attribute("tabindex") == "0"
    twin.focus()
    page.keyboard.press("Enter")  # opens its popup, which links to the page
    link = page.locator("#showroom-map .leaflet-popup-content a")
    link.wait_for()
    assert link.inner_text() == "B Twin on Tràng Tiền"
    assert link.get_attribute("href") == f"/en/showrooms/{places['twin_b'].slug}/"
    assert "OCOP sales point" in page.locator("#showroom-map .leaflet-popup-content").inner_text()
    assert page.problems == []
