"""The showroom map and "use my location", in a real browser."""

import pytest
from django.utils import translation

from catalogue.models import Area
from showrooms.models import Showroom
from tests.factories import ShowroomFactory, every_day

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("browser_db")]

BAT_TRANG = {"latitude": 20.9772, "longitude": 105.9129}


@pytest.fixture
def showrooms():
    places = [
        ("A Sơn Tây showroom", 21.1404, 105.5055, "phuong-son-tay"),
        ("B Giảng Võ point", 21.0262, 105.8217, "phuong-giang-vo"),
        ("C Bát Tràng centre", 20.9772, 105.9129, "xa-bat-trang"),
        ("D Promotion centre", 21.0737, 105.8262, "phuong-tay-ho"),
    ]
    return [
        every_day(ShowroomFactory(name=name, latitude=lat, longitude=lon, area=Area.objects.get(slug=slug)))
        for name, lat, lon, slug in places
    ]


def listed(page):
    return page.locator("#showroom-list [data-showroom] h2").all_inner_texts()


def markers_shown(page, map_id="showroom-map"):
    """Single markers plus the number shown on each group of crowded ones: every place the map
    accounts for."""
    return page.evaluate("""(id) => {
      const map = document.getElementById(id);
      const single = map.querySelectorAll('.leaflet-marker-icon.map-marker').length;
      const counts = [...map.querySelectorAll('.map-cluster .map-cluster-count')];
      return single + counts.reduce((n, el) => n + parseInt(el.textContent, 10), 0);
    }""", map_id)


def test_map_shows_a_marker_for_each_listed_showroom(page, live_server, showrooms):
    page.goto("/en/showrooms/")
    page.wait_for_selector("#showroom-map.is-ready")
    assert listed(page) == ["A Sơn Tây showroom", "B Giảng Võ point", "C Bát Tràng centre", "D Promotion centre"]
    assert markers_shown(page) == 4
    titles = page.locator("#showroom-map .map-marker").evaluate_all("els => els.map(e => e.title)")
    assert set(titles) <= set(listed(page)) and "C Bát Tràng centre" in titles
    # A marker opens a popup linking to the showroom's page.
    page.locator('#showroom-map .leaflet-marker-icon[title="C Bát Tràng centre"]').click()
    popup_link = page.locator("#showroom-map .leaflet-popup-content a")
    assert popup_link.inner_text() == "C Bát Tràng centre"
    with translation.override("en"):
        assert popup_link.get_attribute("href") == showrooms[2].get_absolute_url()
    assert page.problems == []  # no CSP violation, no script error


def test_filtered_list_and_map_agree(page, live_server, showrooms):
    page.goto("/en/showrooms/?near=21.0285,105.8542&radius=10")
    page.wait_for_selector("#showroom-map.is-ready")
    assert listed(page) == ["B Giảng Võ point", "D Promotion centre", "C Bát Tràng centre"]
    assert markers_shown(page) == 3
    assert page.locator("#showroom-map path.showroom-map-origin").count() == 1  # the reference point


def test_use_my_location_reorders_the_list(new_page, live_server, showrooms):
    page = new_page(permissions=["geolocation"], geolocation=BAT_TRANG)
    page.goto("/en/showrooms/")
    assert listed(page)[0] == "A Sơn Tây showroom"
    button = page.get_by_role("button", name="Use my location")
    with page.expect_navigation():
        button.click()
    assert "near=20.97720%2C105.91290" in page.url
    assert listed(page) == ["C Bát Tràng centre", "B Giảng Võ point", "D Promotion centre", "A Sơn Tây showroom"]
    assert page.locator("#showroom-list .distance").first.inner_text() == "10 m away"
    page.wait_for_selector("#showroom-map.is-ready")
    assert markers_shown(page) == 4
    assert page.problems == []


def test_denied_location_says_so_and_keeps_the_list(new_page, live_server, showrooms):
    page = new_page()  # no geolocation permission granted
    page.goto("/en/showrooms/")
    page.get_by_role("button", name="Use my location").click()
    status = page.locator("#geolocate-status")
    status.filter(has_text="Your location is not available").wait_for()
    assert len(listed(page)) == 4


def test_without_javascript_the_list_works_and_the_map_stays_out_of_the_way(new_page, live_server, showrooms):
    page = new_page(java_script_enabled=False)
    page.goto("/en/showrooms/?kind=sales_point")
    assert listed(page) == ["A Sơn Tây showroom", "B Giảng Võ point", "C Bát Tràng centre", "D Promotion centre"]
    assert page.locator("#showroom-map").is_hidden()
    assert page.get_by_role("button", name="Use my location").is_hidden()
    page.get_by_label("Near / in").select_option("xa-bat-trang")
    page.get_by_role("button", name="Show showrooms").click()
    assert listed(page) == ["C Bát Tràng centre"]


def test_showroom_page_map_has_its_marker(page, live_server, showrooms):
    page.goto(showrooms[3].get_absolute_url())
    page.wait_for_selector("#showroom-map.is-ready")
    assert page.locator("#showroom-map .leaflet-marker-icon").count() == 1
    assert page.problems == []


def test_admin_map_preview_follows_the_coordinates(new_page, live_server, showrooms, admin_user, client):
    client.force_login(admin_user)
    page = new_page()
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])
    showroom = showrooms[3]
    page.goto(f"/en/admin/showrooms/showroom/{showroom.pk}/change/")
    page.wait_for_selector("[data-admin-map] .leaflet-marker-icon")
    marker = page.locator("[data-admin-map] .leaflet-marker-icon")
    before = marker.bounding_box()
    # Clicking the map moves the pin there and fills the fields.
    admin_map = page.locator("[data-admin-map]")
    admin_map.scroll_into_view_if_needed()
    before = marker.bounding_box()
    size = admin_map.bounding_box()
    admin_map.click(position={"x": size["width"] * 0.75, "y": size["height"] * 0.3})
    assert page.locator("#id_latitude").input_value() != str(showroom.latitude)
    assert marker.bounding_box() != before
    # A swapped pair (lat/lon) is caught on save with the message.
    page.fill("#id_latitude", "105.8262")
    page.fill("#id_longitude", "21.0737")
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    page.get_by_text("Latitude and longitude look swapped.").first.wait_for()
    assert Showroom.objects.get(pk=showroom.pk).latitude == 21.0737
    assert page.problems == []
