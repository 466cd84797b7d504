"""The demo showrooms: real-looking, inside Hà Nội, loadable twice without changes."""

import pytest
from django.core.management import call_command

from catalogue.models import Area
from showrooms.demo import load_showrooms_demo
from showrooms.models import Showroom
from tests.factories import ProducerFactory

pytestmark = pytest.mark.django_db

# Hà Nội's extent, roughly (Ba Vì to Gia Lâm, Mỹ Đức to Sóc Sơn).
HANOI_LAT, HANOI_LON = (20.53, 21.39), (105.28, 106.03)


def test_demo_showrooms_are_in_hanoi_with_hours_and_the_named_centres():
    summary = load_showrooms_demo()
    showrooms = Showroom.objects.all()
    assert len(summary.created) == showrooms.count() >= 15
    for s in showrooms:
        assert HANOI_LAT[0] < s.latitude < HANOI_LAT[1] and HANOI_LON[0] < s.longitude < HANOI_LON[1], s
        assert s.opening_hours.exists(), s
    names = " | ".join(showrooms.values_list("name", flat=True))
    for place in ["Bát Tràng", "Duyên Thái", "Chuyên Mỹ", "Phú Nghĩa", "Vạn Phúc"]:
        assert f"bán hàng sản phẩm OCOP {place}" in names or f"thủ công mỹ nghệ {place}" in names
    centre = Showroom.objects.get(kind=Showroom.Kind.PROMOTION_CENTRE)
    assert centre.address.startswith("Số 2 Trịnh Công Sơn") and centre.area.slug == "phuong-tay-ho"
    assert Area.objects.get(slug="phuong-tay-ho").latitude is not None


def test_loading_twice_changes_nothing():
    call_command("load_showrooms_demo")
    history_rows = sum(s.history.count() for s in Showroom.objects.all())
    second = load_showrooms_demo()
    assert not second.created and len(second.unchanged) >= 15
    assert sum(s.history.count() for s in Showroom.objects.all()) == history_rows


def test_demo_showrooms_carry_the_producers_of_their_area():
    potter = ProducerFactory(name="HTX Gốm Bát Tràng", area=Area.objects.get(slug="xa-bat-trang"))
    load_showrooms_demo()
    carrying = set(potter.showrooms.values_list("slug", flat=True))
    assert "trung-tam-thiet-ke-sang-tao-bat-trang" in carrying
    assert "trung-tam-xuc-tien-san-pham-ocop-ha-noi" in carrying  # the promotion centre carries all
    assert "showroom-ocop-cau-giay" not in carrying


def test_staff_entered_area_centre_is_kept():
    area = Area.objects.get(slug="phuong-tay-ho")
    area.latitude, area.longitude = 21.06, 105.81
    area.save()
    load_showrooms_demo()
    area.refresh_from_db()
    assert (float(area.latitude), float(area.longitude)) == (21.06, 105.81)
