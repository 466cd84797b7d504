"""A showroom's page: address, directions, today's hours, the week, products, contact."""

import datetime

import pytest
from django.utils import timezone

from catalogue.models import Area
from showrooms.models import OpeningException, OpeningHours
from tests.factories import ShowroomFactory, certified_product, every_day

pytestmark = pytest.mark.django_db

# Tuesday 24 Nov 2026, 07:00 in Hà Nội.
TUESDAY_7AM = datetime.datetime(2026, 11, 24, 0, 0, tzinfo=datetime.timezone.utc)


@pytest.fixture
def centre():
    showroom = ShowroomFactory(
        name="Trung tâm Xúc tiến sản phẩm OCOP Hà Nội", address="Số 2 Trịnh Công Sơn, phường Tây Hồ",
        area=Area.objects.get(slug="phuong-tay-ho"), latitude=21.0737, longitude=105.8262,
        phone="024 3201 0202", email="xuctien@example.vn", website="https://ocop.example.vn/",
        description="Trưng bày và bán sản phẩm OCOP.")
    for day in range(6):
        OpeningHours.objects.create(showroom=showroom, weekday=day, opens=datetime.time(8), closes=datetime.time(11, 30))
        OpeningHours.objects.create(showroom=showroom, weekday=day, opens=datetime.time(13, 30),
                                    closes=datetime.time(17, 30))
    OpeningException.objects.create(showroom=showroom, date_from=datetime.date(2026, 11, 26),
                                    date_to=datetime.date(2026, 11, 26), note="Kiểm kê")
    return showroom


@pytest.fixture
def at_7am_tuesday(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: TUESDAY_7AM)


def test_page_shows_address_directions_status_and_week(client, centre, at_7am_tuesday):
    response = client.get(f"/en/showrooms/{centre.slug}/")
    assert response.status_code == 200
    page = response.text
    assert "Số 2 Trịnh Công Sơn, phường Tây Hồ" in page
    assert "Tây Hồ ward (formerly Tây Hồ urban district)" in page
    assert "https://www.openstreetmap.org/directions?to=21.073700%2C105.826200" in page
    assert "https://www.google.com/maps/dir/?api=1&amp;destination=21.073700%2C105.826200" in page
    assert "Closed</span>" in page and "opens at 08:00" in page
    # Seven days from today: Tuesday is "Today" with its two intervals; Thursday the stocktake.
    assert "Today" in page and "08:00–11:30, 13:30–17:30" in page
    assert "Kiểm kê" in page
    assert page.count("<tr") == 7
    assert 'href="tel:02432010202"' in page and "mailto:xuctien@example.vn" in page


def test_page_in_vietnamese(client, centre, at_7am_tuesday):
    page = client.get(f"/showrooms/{centre.slug}/").text
    assert "Đóng cửa" in page and "mở cửa lúc 08:00" in page
    assert "Hôm nay" in page


def test_products_carried_directly_or_through_the_producer_are_listed(client, centre, django_assert_max_num_queries):
    own = certified_product(stars=5, name_vi="Gốm men lam")
    via_producer = certified_product(stars=3, name_vi="Trà sen")
    expired = certified_product(name_vi="Hết hạn")
    expired.certifications.update(valid_until=timezone.localdate() - datetime.timedelta(days=1))
    expired.refresh_rating()
    centre.products.add(own, expired)
    centre.producers.add(via_producer.producer)
    with django_assert_max_num_queries(8):
        page = client.get(f"/showrooms/{centre.slug}/").text
    assert own.get_absolute_url() in page and via_producer.get_absolute_url() in page
    assert "Hết hạn" not in page
    assert page.index("Gốm men lam") < page.index("Trà sen")  # best rated first


def test_inactive_or_unknown_showroom_is_404(client, centre):
    centre.is_active = False
    centre.save()
    assert client.get(f"/showrooms/{centre.slug}/").status_code == 404
    assert client.get("/showrooms/khong-co/").status_code == 404


def test_open_across_midnight_and_around_the_clock(client, monkeypatch):
    night = ShowroomFactory(name="Chợ đêm")
    for day in range(7):
        OpeningHours.objects.create(showroom=night, weekday=day, opens=datetime.time(18), closes=datetime.time(2))
    always = every_day(ShowroomFactory(name="Luôn mở"), datetime.time(0), datetime.time(0))
    monkeypatch.setattr(timezone, "now", lambda: datetime.datetime(2026, 11, 24, 16, tzinfo=datetime.timezone.utc))
    assert "closes tomorrow at 02:00" in client.get(f"/en/showrooms/{night.slug}/").text  # 23:00 in Hà Nội
    assert "open around the clock" in client.get(f"/en/showrooms/{always.slug}/").text


def test_no_hours_entered_says_so(client):
    showroom = ShowroomFactory()
    page = client.get(f"/en/showrooms/{showroom.slug}/").text
    assert "Opening hours not given" in page
