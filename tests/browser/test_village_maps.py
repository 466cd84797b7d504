"""The craft villages' maps in a real browser, at 1366 px and on a 390 px phone."""

import pytest

from catalogue.models import CraftVillage

from .test_showroom_locator import markers_shown

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("browser_db")]


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 900}, {"width": 390, "height": 844}],
                         ids=["1366", "390"])
def test_every_demo_village_with_a_point_is_on_the_map_and_a_village_page_shows_its_place(
        new_page, live_server, demo_pages, viewport):
    page = new_page(viewport=viewport)
    with_point = CraftVillage.objects.filter(latitude__isnull=False, longitude__isnull=False).count()
    assert with_point > 0
    page.goto("/en/villages/")
    page.wait_for_selector("#village-map.is-ready")
    assert markers_shown(page, "village-map") == with_point
    village = CraftVillage.objects.filter(latitude__isnull=False).order_by("slug").first()
    page.goto(village.get_absolute_url().replace("/villages/", "/en/villages/", 1))
    page.wait_for_selector("#village-map.is-ready")
    assert page.locator("#village-map .map-pin-village").count() == 1
    listed = page.locator("#nearest-showrooms [data-showroom]").count()
    assert page.locator("#village-map .map-marker").count() == 1 + listed
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert page.problems == []
