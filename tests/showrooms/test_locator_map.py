"""The locator's map data: every showroom matching the filters (not only the page of the list),
with its kind, as inert JSON; and the form without a coordinates text box."""

import json
import re

import pytest

from catalogue.models import Area
from showrooms.models import Showroom
from tests.factories import ShowroomFactory

pytestmark = pytest.mark.django_db
URL = "/en/showrooms/"


def markers(response):
    match = re.search(r'<script id="showroom-markers" type="application/json">(.*?)</script>', response.text, re.S)
    return json.loads(match.group(1))


def listed(response):
    return re.findall(r'<li class="showroom-item"[^>]*data-name="([^"]+)"', response.text)


@pytest.fixture
def twenty_two():
    area = Area.objects.get(slug="phuong-hoan-kiem")
    kinds = [Showroom.Kind.SHOWROOM, Showroom.Kind.SALES_POINT, Showroom.Kind.DESIGN_CENTRE]
    return [ShowroomFactory(name=f"Điểm {i:02d}", area=area, kind=kinds[i % 3],
                            latitude=21.02 + i / 1000, longitude=105.85) for i in range(22)]


def test_the_map_gets_every_matching_showroom_not_just_the_page(client, twenty_two, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    assert len(listed(response)) == 20  # a page of the list
    data = markers(response)
    assert len(data) == 22
    assert "22 showrooms" in response.text
    first = next(m for m in data if m["name"] == "Điểm 01")
    showroom = twenty_two[1]
    assert first == {"id": showroom.pk, "name": "Điểm 01", "kind": "sales_point", "kind_label": "OCOP sales point",
                     "lat": showroom.latitude, "lon": showroom.longitude, "address": showroom.address,
                     "url": f"/en/showrooms/{showroom.slug}/"}
    # Page 2 lists the last two; the map still shows all of them.
    page_two = client.get(URL, {"page": 2})
    assert len(listed(page_two)) == 2 and len(markers(page_two)) == 22


def test_the_map_follows_the_filters(client, twenty_two):
    response = client.get(URL, {"kind": "design_centre"})
    data = markers(response)
    assert {m["kind"] for m in data} == {"design_centre"}
    assert sorted(m["name"] for m in data) == sorted(listed(response))
    near = client.get(URL, {"near": "21.0200,105.8500", "radius": "1"})
    assert [m["name"] for m in markers(near)] == listed(near)  # nearest first, as the list


def test_kind_labels_are_in_the_page_language(client, twenty_two):
    response = client.get("/showrooms/")
    assert {m["kind_label"] for m in markers(response)} == {
        "Showroom OCOP", "Điểm bán sản phẩm OCOP", "Trung tâm thiết kế sáng tạo, quảng bá và bán hàng"}
    assert 'class="map-legend"' in response.text and "map-pin-design_centre" in response.text


def test_markup_in_a_name_stays_inert_in_the_json(client):
    ShowroomFactory(name="</script><script>alert(1)</script>", area=Area.objects.get(slug="phuong-hoan-kiem"))
    response = client.get(URL)
    assert "</script><script>alert(1)" not in response.text
    assert markers(response)[0]["name"] == "</script><script>alert(1)</script>"


def test_no_coordinates_text_box_but_near_still_works_and_can_be_forgotten(client, twenty_two):
    page = client.get(URL).text
    assert re.search(r'<input type="hidden" name="near" id="id_near"', page)
    assert "latitude,longitude" not in page
    response = client.get(URL, {"near": "21.0200,105.8500", "radius": "5", "kind": "showroom"})
    assert response.status_code == 200
    assert 'value="21.0200,105.8500"' in response.text  # kept when the other filters change
    assert "Distances are measured from your location." in response.text
    forget = re.search(r'<a href="([^"]+)">Forget my location</a>', response.text).group(1)
    assert "near" not in forget and "kind=showroom" in forget
