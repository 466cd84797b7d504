"""The demo events load once, keep something coming up, and give demo producers booths."""

import datetime

import pytest

from events.demo import load_events_demo
from events.models import Booth, Event
from tests.factories import certified_product

pytestmark = pytest.mark.django_db

D = datetime.date


def test_demo_loads_the_known_events_and_is_idempotent():
    producers = [certified_product(stars=4).producer for _ in range(5)]
    first = load_events_demo(today=D(2026, 11, 23))
    assert first["events"] == Event.objects.count() >= 10
    week = Event.objects.get(name_en="Cooperative Week with OCOP products and Hanoi's traditional craft villages 2025")
    assert (week.start_date, week.end_date) == (D(2025, 10, 1), D(2025, 10, 5))
    assert week.venue_name == "Làng Lệ Mật" and week.area.slug == "phuong-viet-hung"
    assert sorted(b.producer_id for b in week.booths.all()) == sorted(p.pk for p in producers)
    assert all(b.featured_products.count() == 1 for b in week.booths.all())
    space = Event.objects.get(start_date=D(2025, 10, 24))
    assert "2 Trịnh Công Sơn" in space.venue_address and space.area.slug == "phuong-tay-ho"

    today = D(2026, 11, 23)
    published = Event.objects.published()
    assert published.upcoming(today).count() >= 3 and published.ongoing(today).exists()
    assert published.past(today).count() >= 4
    assert Event.objects.filter(is_published=False).exists()

    booths = Booth.objects.count()
    assert load_events_demo(today=D(2026, 11, 23)) == {"events": 0, "booths": 0}
    assert Booth.objects.count() == booths


def test_upcoming_demo_events_move_forward_when_loaded_later():
    load_events_demo(today=D(2028, 3, 1))
    tet = Event.objects.get(name_vi__startswith="Hội chợ sản phẩm OCOP Tết")
    assert tet.start_date == D(2029, 1, 22) and tet.name_vi.endswith("2029")
    assert Event.objects.published().upcoming(D(2028, 3, 1)).count() >= 3
    # Real past events keep their dates.
    assert Event.objects.filter(start_date=D(2025, 10, 1)).exists()


def test_demo_events_at_the_promotion_centre_point_at_its_showroom_when_loaded():
    from tests.factories import ShowroomFactory

    centre = ShowroomFactory(slug="trung-tam-xuc-tien-san-pham-ocop-ha-noi")
    load_events_demo(today=D(2026, 11, 23))
    opening = Event.objects.get(start_date=D(2025, 10, 24))
    assert opening.venue_showroom == centre
    assert opening.venue_name == "Trung tâm Xúc tiến sản phẩm OCOP"  # the fixture's own text is kept
