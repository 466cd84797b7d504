"""The public locator /showrooms/: filters, distances, bad input, query count."""

import datetime
import re

import pytest
from django.utils import timezone

from catalogue.models import Area, Category, FormerDistrict
from catalogue.text import normalize_search, vietnamese_sort_key
from showrooms.models import OpeningHours, Showroom
from tests.factories import ProducerFactory, ShowroomFactory, certified_product, every_day

pytestmark = pytest.mark.django_db

URL = "/en/showrooms/"
LAKE = "21.0285,105.8542"


def listed_names(response):
    """Showroom names in list order, as the visitor reads them."""
    return re.findall(r'<li class="showroom-item"[^>]*data-name="([^"]+)"', response.text)


def distances(response):
    return re.findall(r'<span class="distance">([^<]+) away</span>', response.text)


@pytest.fixture
def hanoi():
    """Five showrooms around Hà Nội, made out of name and distance order."""
    bat_trang = Area.objects.get(slug="xa-bat-trang")
    tay_ho = Area.objects.get(slug="phuong-tay-ho")
    rooms = {
        "Sơn Tây showroom": dict(latitude=21.1404, longitude=105.5055, area=Area.objects.get(slug="phuong-son-tay"),
                                 kind=Showroom.Kind.SHOWROOM),
        "Giảng Võ point": dict(latitude=21.0262, longitude=105.8217, area=Area.objects.get(slug="phuong-giang-vo")),
        "Bát Tràng centre": dict(latitude=20.9772, longitude=105.9129, area=bat_trang,
                                 kind=Showroom.Kind.DESIGN_CENTRE),
        "Promotion centre": dict(latitude=21.0737, longitude=105.8262, area=tay_ho,
                                 kind=Showroom.Kind.PROMOTION_CENTRE),
        "Hương Sơn point": dict(latitude=20.6171, longitude=105.7468, area=Area.objects.get(slug="xa-huong-son")),
    }
    return {name: every_day(ShowroomFactory(name=name, **fields)) for name, fields in rooms.items()}


def test_list_shows_active_showrooms_by_name_with_status(client, hanoi):
    hanoi["Hương Sơn point"].is_active = False
    hanoi["Hương Sơn point"].save()
    response = client.get(URL)
    assert response.status_code == 200
    assert listed_names(response) == ["Bát Tràng centre", "Giảng Võ point", "Promotion centre", "Sơn Tây showroom"]
    assert "Open now" in response.text or "Closed" in response.text
    assert distances(response) == []


def test_near_sorts_by_distance_and_shows_it(client, hanoi):
    response = client.get(URL, {"near": LAKE})
    assert response.status_code == 200
    assert listed_names(response) == [
        "Giảng Võ point", "Promotion centre", "Bát Tràng centre", "Sơn Tây showroom", "Hương Sơn point"]
    # 3.38, 5.81, 8.35, 38.26 and 47.09 km from the lake (see test_distance.py).
    assert distances(response) == ["3.4 km", "5.8 km", "8.3 km", "38 km", "47 km"]
    assert "within 50 km of your location, nearest first" in response.text


def test_distances_are_written_the_vietnamese_way_in_vietnamese(client, hanoi):
    # 44 m north of the promotion centre; Giảng Võ is 5.35 km away.
    response = client.get("/showrooms/", {"near": "21.0741,105.8262"})
    assert re.search(r'<span class="distance">[^<]*\b40 m\b', response.text)  # to the nearest 10 m
    assert re.search(r'<span class="distance">[^<]*\b5,3 km', response.text)  # decimal comma


def test_radius_limits_the_list(client, hanoi):
    response = client.get(URL, {"near": LAKE, "radius": "5"})
    assert listed_names(response) == ["Giảng Võ point"]
    response = client.get(URL, {"near": "10.7769,106.7009"})  # Hồ Chí Minh City
    assert listed_names(response) == []
    assert "No showroom within 50 km" in response.text


@pytest.mark.parametrize("near", ["abc", "21.03", "21.03,105.85,3", "91,105", "21,181", "nan,105", "21.0;105.8",
                                  "1e400,105", ",", "21.03,", " , 105"])
def test_malformed_near_is_a_clear_400_not_a_500(client, hanoi, near):
    response = client.get(URL, {"near": near})
    assert response.status_code == 400
    assert ("Give the location as latitude,longitude" in response.text
            or "Latitude must be between -90 and 90" in response.text)
    # The list is still there, in name order, so the page is useful.
    assert len(listed_names(response)) == 5 and distances(response) == []


def test_malformed_near_is_explained_in_vietnamese_too(client, hanoi):
    response = client.get("/showrooms/", {"near": "hồ gươm"})
    assert response.status_code == 400
    assert "vĩ độ,kinh độ" in response.text


@pytest.mark.parametrize("params", [{"kind": "castle"}, {"category": "no-such-group"}, {"area": "atlantis"},
                                    {"radius": "7"}, {"radius": "x"}, {"product": "khong-co"},
                                    {"page": "1", "area": "x" * 500}])
def test_other_bad_parameters_are_reported_not_crashed(client, hanoi, params):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert 'role="alert"' in response.text


def test_bad_page_number_is_a_404_not_a_500(client, hanoi):
    assert client.get(URL, {"page": "99"}).status_code == 404


def test_area_with_a_centre_sorts_by_distance_from_it(client, hanoi):
    tay_ho = Area.objects.get(slug="phuong-tay-ho")
    tay_ho.latitude, tay_ho.longitude = 21.0680, 105.8225
    tay_ho.save()
    response = client.get(URL, {"area": "phuong-tay-ho"})
    assert response.status_code == 200
    # Not a filter: other areas are listed too, by distance; Hương Sơn is beyond 50 km.
    assert listed_names(response) == ["Promotion centre", "Giảng Võ point", "Bát Tràng centre", "Sơn Tây showroom"]
    assert "within 50 km of the centre of Tây Hồ ward" in response.text


def test_area_without_a_centre_filters_instead_and_says_so(client, hanoi):
    response = client.get(URL, {"area": "xa-bat-trang"})
    assert listed_names(response) == ["Bát Tràng centre"]
    assert "We have no map centre for Bát Tràng commune" in response.text
    assert distances(response) == []


def test_former_district_centre_is_the_mean_of_its_wards_centres(client, hanoi):
    # Quận Tây Hồ became Phường Tây Hồ and Phường Phú Thượng (and part of Hồng Hà).
    for slug, lat, lon in [("phuong-tay-ho", 21.0680, 105.8225), ("phuong-phu-thuong", 21.0900, 105.8100)]:
        Area.objects.filter(slug=slug).update(latitude=lat, longitude=lon)
    district = FormerDistrict.objects.get(slug="quan-tay-ho")
    known = district.areas.filter(latitude__isnull=False)
    assert known.count() == 2
    response = client.get(URL, {"area": "quan-tay-ho"})
    assert "of the centre of Tây Hồ urban district" in response.text
    assert listed_names(response)[0] == "Promotion centre"
    # The map's reference point is the mean of the two centres.
    assert 'data-origin-lat="21.079"' in response.text and 'data-origin-lon="105.81625"' in response.text


def test_former_district_without_centres_filters_to_its_wards(client, hanoi):
    response = client.get(URL, {"area": "huyen-gia-lam"})
    assert listed_names(response) == ["Bát Tràng centre"]
    assert "We have no map centre for Gia Lâm district" in response.text


def test_near_and_area_together_narrow_to_the_area_sorted_from_near(client, hanoi):
    ShowroomFactory(name="Bát Tràng shop", latitude=20.9700, longitude=105.9200,
                    area=Area.objects.get(slug="xa-bat-trang"))
    response = client.get(URL, {"near": "20.9700,105.9200", "area": "xa-bat-trang"})
    assert listed_names(response) == ["Bát Tràng shop", "Bát Tràng centre"]


def test_kind_filter(client, hanoi):
    assert listed_names(client.get(URL, {"kind": "design_centre"})) == ["Bát Tràng centre"]


def test_search_ignores_accents_and_case(client, hanoi):
    assert listed_names(client.get(URL, {"q": "BAT trang"})) == ["Bát Tràng centre"]
    assert listed_names(client.get(URL, {"q": "son tay"})) == ["Sơn Tây showroom"]
    assert listed_names(client.get(URL, {"q": "Tây Hồ"})) == ["Promotion centre"]  # the area's name
    assert listed_names(client.get(URL, {"q": "centre bat"})) == ["Bát Tràng centre"]  # words in any order


def test_category_filter_derives_groups_from_products_producers_and_ticks(client, hanoi):
    food = Category.objects.get(code="1")
    crafts = Category.objects.get(code="4")
    pottery = certified_product(category=Category.objects.get(code="4.1.a") if Category.objects.filter(
        code="4.1.a").exists() else Category.objects.filter(group_code="4", children__isnull=True).first())
    hanoi["Bát Tràng centre"].products.add(pottery)  # a product carried directly
    tea = certified_product(category=Category.objects.filter(group_code="2", children__isnull=True).first())
    hanoi["Sơn Tây showroom"].producers.add(tea.producer)  # through its producer
    hanoi["Giảng Võ point"].categories.add(food)  # ticked by staff
    # A product whose certification lapsed does not make a showroom a seller of its group.
    lapsed = certified_product(category=Category.objects.filter(group_code="4", children__isnull=True).first())
    lapsed.certifications.update(valid_until=timezone.localdate() - datetime.timedelta(days=1))
    lapsed.refresh_rating()
    hanoi["Hương Sơn point"].products.add(lapsed)

    assert listed_names(client.get(URL, {"category": crafts.slug})) == ["Bát Tràng centre"]
    beverages = Category.objects.get(code="2")
    assert listed_names(client.get(URL, {"category": beverages.slug})) == ["Sơn Tây showroom"]
    assert listed_names(client.get(URL, {"category": food.slug})) == ["Giảng Võ point"]


def test_open_now_filter_uses_vietnam_time(client, hanoi, settings, monkeypatch):
    settings.TIME_ZONE = "UTC"
    night = ShowroomFactory(name="Night market stall", latitude=21.03, longitude=105.85)
    OpeningHours.objects.bulk_create(
        OpeningHours(showroom=night, weekday=d, opens=datetime.time(18), closes=datetime.time(2)) for d in range(7))
    # 17:30 UTC is 00:30 in Hà Nội: only the night stall is open.
    fixed = datetime.datetime(2026, 11, 24, 17, 30, tzinfo=datetime.timezone.utc)
    monkeypatch.setattr(timezone, "now", lambda: fixed)
    response = client.get(URL, {"open_now": "1"})
    assert listed_names(response) == ["Night market stall"]
    assert "closes at 02:00" in response.text


def test_filters_combine(client, hanoi, monkeypatch):
    fixed = datetime.datetime(2026, 11, 24, 10, tzinfo=datetime.timezone.utc)  # 17:00 in Hà Nội: closed
    hanoi["Promotion centre"].opening_hours.update(closes=datetime.time(21))
    monkeypatch.setattr(timezone, "now", lambda: fixed)
    crafts = Category.objects.get(code="4")
    for name in ("Bát Tràng centre", "Promotion centre", "Sơn Tây showroom"):
        hanoi[name].categories.add(crafts)
    params = {"category": crafts.slug, "open_now": "1", "near": LAKE, "radius": "20"}
    assert listed_names(client.get(URL, params)) == ["Promotion centre"]
    params = {"category": crafts.slug, "near": LAKE, "radius": "20", "kind": "design_centre"}
    assert listed_names(client.get(URL, params)) == ["Bát Tràng centre"]
    params = {"category": crafts.slug, "q": "centre", "near": LAKE}
    assert listed_names(client.get(URL, params)) == ["Promotion centre", "Bát Tràng centre"]


def test_product_parameter_lists_the_showrooms_selling_it(client, hanoi):
    product = certified_product()
    hanoi["Sơn Tây showroom"].products.add(product)
    hanoi["Bát Tràng centre"].producers.add(product.producer)
    response = client.get(URL, {"product": product.slug, "near": LAKE})
    assert listed_names(response) == ["Bát Tràng centre", "Sơn Tây showroom"]
    assert f"selling {product.name_en}" in response.text


def test_map_gets_each_listed_showroom_as_data_and_no_inline_script(client, hanoi):
    response = client.get("/showrooms/", {"near": LAKE})
    page = response.text
    assert page.count("data-showroom ") == 5
    # Coordinates with a decimal point even in Vietnamese (where numbers use a comma).
    assert 'data-lat="21.0262" data-lon="105.8217"' in page
    assert "vendor/leaflet/leaflet.js" in page and "showrooms/js/showroom-map.js" in page
    # Data for the map only in json_script's inert JSON; no inline code.
    assert not re.search(r"<script(?![^>]*\b(src=|type=\"application/json\"))", page)
    assert 'data-origin-lat="21.0285" data-origin-lon="105.8542"' in page


def test_pages_say_how_long_open_now_stays_true(client, hanoi, monkeypatch):
    fixed = datetime.datetime(2026, 11, 24, 9, 58, tzinfo=datetime.timezone.utc)  # 16:58, closing at 17:00
    monkeypatch.setattr(timezone, "now", lambda: fixed)
    response = client.get(URL)
    assert "max-age=120" in response["Cache-Control"]


def bulk_showrooms(n):
    area = Area.objects.get(slug="phuong-hoan-kiem")
    rooms = []
    for i in range(n):
        name = f"Điểm bán số {i:04d}"
        rooms.append(Showroom(
            name=name, slug=f"diem-ban-{i}", kind=Showroom.Kind.SALES_POINT, address=f"Số {i} phố Huế", area=area,
            latitude=20.6 + (i % 40) * 0.02, longitude=105.4 + (i // 40) * 0.02,
            search_text=normalize_search(f"{name} Số {i} phố Huế"), sort_name=vietnamese_sort_key(name)))
    Showroom.objects.bulk_create(rooms)
    rooms = list(Showroom.objects.all())
    OpeningHours.objects.bulk_create(
        OpeningHours(showroom=r, weekday=d, opens=datetime.time(8), closes=datetime.time(17 + (r.pk % 5)))
        for r in rooms for d in range(7))
    food = Category.objects.get(code="1")
    Showroom.categories.through.objects.bulk_create(
        Showroom.categories.through(showroom=r, category=food) for r in rooms[::3])
    producer = ProducerFactory()
    Showroom.producers.through.objects.bulk_create(
        Showroom.producers.through(showroom=r, producer=producer) for r in rooms[::7])
    return rooms


@pytest.mark.parametrize("params", [
    {},
    {"near": LAKE},
    {"near": LAKE, "radius": "100", "open_now": "1", "category": "food", "q": "diem ban"},
    {"area": "quan-hoan-kiem", "kind": "sales_point", "page": "3"},
    {"area": "phuong-hoan-kiem"},
])
def test_list_query_count_is_bounded_with_a_thousand_showrooms(client, django_assert_max_num_queries, params,
                                                               monkeypatch):
    fixed = datetime.datetime(2026, 11, 24, 3, tzinfo=datetime.timezone.utc)  # 10:00 in Hà Nội: all open
    monkeypatch.setattr(timezone, "now", lambda: fixed)
    bulk_showrooms(1000)
    Area.objects.filter(slug="phuong-hoan-kiem").update(latitude=21.0288, longitude=105.8525)
    with django_assert_max_num_queries(8):
        response = client.get(URL, params)
    assert response.status_code == 200
    assert len(listed_names(response)) == 20
