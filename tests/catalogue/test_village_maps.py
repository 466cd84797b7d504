"""Craft villages on maps: /villages/ carries every matching village with coordinates as map
data; a village page shows its place, the nearest showrooms and the events held there."""

import json
import re

import pytest

from catalogue.models import Area
from showrooms.models import Showroom
from tests.factories import CraftVillageFactory, EventFactory, ShowroomFactory

pytestmark = pytest.mark.django_db


def village_markers(response):
    match = re.search(r'<script id="village-markers" type="application/json">(.*?)</script>', response.text, re.S)
    return json.loads(match.group(1))


@pytest.fixture
def villages():
    bat_trang = Area.objects.get(slug="xa-bat-trang")
    made = [CraftVillageFactory(name=f"Làng {i:02d}", area=bat_trang, latitude=f"20.97{i:02d}",
                                longitude="105.9129") for i in range(55)]
    CraftVillageFactory(name="Làng chưa có toạ độ", area=bat_trang)
    return made


def test_the_village_list_maps_every_village_with_coordinates(client, villages, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get("/en/villages/")
    assert response.status_code == 200
    data = village_markers(response)
    assert len(data) == 55  # more than the 48 listed on the page; the one without a point is left out
    first = next(m for m in data if m["name"] == "Làng 01")
    assert first["kind"] == "village" and first["kind_label"] == "Craft village"
    assert (first["lat"], first["lon"]) == (20.9701, 105.9129)
    assert first["url"] == f"/en/villages/{villages[1].slug}/"
    assert 'id="village-map"' in response.text and "vendor/leaflet.markercluster/leaflet.markercluster.js" in response.text


def test_the_village_map_follows_the_place_filter(client, villages):
    elsewhere = CraftVillageFactory(name="Làng Vạn Phúc", area=Area.objects.get(slug="phuong-ha-dong"),
                                    latitude="20.9800", longitude="105.7700")
    response = client.get("/villages/", {"area": "phuong-ha-dong"})
    assert [m["name"] for m in village_markers(response)] == [elsewhere.name]


@pytest.fixture
def bat_trang_village():
    area = Area.objects.get(slug="xa-bat-trang")
    village = CraftVillageFactory(name="Bát Tràng", area=area, latitude="20.977200", longitude="105.912900")
    near = ShowroomFactory(name="Trung tâm Bát Tràng", area=area, latitude=20.9780, longitude=105.9135,
                           kind=Showroom.Kind.DESIGN_CENTRE)
    middle = ShowroomFactory(name="Điểm bán Gia Lâm", area=area, latitude=21.0100, longitude=105.9400)
    ShowroomFactory(name="Điểm bán Sơn Tây", area=Area.objects.get(slug="phuong-son-tay"),
                    latitude=21.1404, longitude=105.5055)  # > 30 km
    ShowroomFactory(name="Đã đóng", area=area, latitude=20.9773, longitude=105.9130, is_active=False)
    here = EventFactory(name_vi="Lễ hội gốm Bát Tràng", area=area)
    nearby = EventFactory(name_vi="Phiên chợ gốm", area=Area.objects.get(slug="phuong-tay-ho"),
                          latitude="20.9790", longitude="105.9140")  # filed elsewhere, held 200 m away
    EventFactory(name_vi="Hội chợ Tây Hồ", area=Area.objects.get(slug="phuong-tay-ho"))
    EventFactory(name_vi="Chưa công bố", area=area, is_published=False)
    return village, [near, middle], [here, nearby]


def test_a_village_page_shows_its_place_nearest_showrooms_and_events(client, bat_trang_village,
                                                                       django_assert_max_num_queries):
    village, showrooms, events = bat_trang_village
    with django_assert_max_num_queries(8):
        response = client.get(f"/en/villages/{village.slug}/")
    html = response.text
    assert 'id="village-map"' in html and 'data-lat="20.977200" data-lon="105.912900"' in html
    nearest = re.findall(r'<li class="showroom-item"[^>]*data-name="([^"]+)"', html)
    assert nearest == ["Trung tâm Bát Tràng", "Điểm bán Gia Lâm"]
    assert "110 m away" in html
    assert "/en/showrooms/?near=20.977200,105.912900" in html
    section = html[html.index('id="events-in-area-title"'):]
    assert "Lễ hội gốm Bát Tràng" in section and "Phiên chợ gốm" in section
    assert "Hội chợ Tây Hồ" not in section and "Chưa công bố" not in section


def test_a_village_without_coordinates_is_placed_at_its_commune_or_not_at_all(client):
    area = Area.objects.get(slug="xa-bat-trang")
    Area.objects.filter(pk=area.pk).update(latitude=20.9750, longitude=105.9100)
    village = CraftVillageFactory(name="Làng không toạ độ", area=area, latitude=None, longitude=None)
    html = client.get(f"/en/villages/{village.slug}/").text
    assert "Shown at the centre of" in html and 'data-lat="20.975' in html

    Area.objects.filter(pk=area.pk).update(latitude=None, longitude=None)
    html = client.get(f"/en/villages/{village.slug}/").text
    assert 'id="village-map"' not in html and "Nearest showrooms" not in html
    nowhere = CraftVillageFactory(name="Làng không địa bàn", area=None, latitude=None, longitude=None)
    response = client.get(f"/en/villages/{nowhere.slug}/")
    assert response.status_code == 200 and 'id="village-map"' not in response.text
