"""The pieces other pages embed: "Meet them at" (producer and product pages) and the home
page's "next events"."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from tests.factories import BoothFactory, EventFactory, ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db

days = datetime.timedelta


def render(source, **context):
    with translation.override("vi"):
        return Template(source).render(Context(context))


MEET = '{% include "events/includes/meet_them_at.html" with producer=producer product=product %}'


def test_meet_them_at_lists_upcoming_public_events_where_the_producer_exhibits(django_assert_max_num_queries):
    from events.timing import hanoi_today

    today = hanoi_today()
    producer = ProducerFactory()
    product, other_product = ProductFactory(producer=producer), ProductFactory(producer=producer)
    soon = BoothFactory(producer=producer, label="A7", event__name_vi="Hội chợ Tết Đinh Mùi 2027",
                        event__start_date=today + days(40), event__end_date=today + days(45))
    soon.featured_products.add(product)
    BoothFactory(producer=producer, event__name_vi="Tuần lễ OCOP tháng tới",
                 event__start_date=today + days(20), event__end_date=today + days(22))
    BoothFactory(producer=producer, event__name_vi="Hội chợ đã qua",
                 event__start_date=today - days(10), event__end_date=today - days(8))
    BoothFactory(producer=producer, event__name_vi="Sự kiện nháp", event__is_published=False)
    BoothFactory(event__name_vi="Hội chợ của người khác")

    with django_assert_max_num_queries(1):
        html = render(MEET, producer=producer, product=None)
    assert html.index("Tuần lễ OCOP tháng tới") < html.index("Hội chợ Tết Đinh Mùi 2027")
    assert "A7" in html
    for hidden in ("Hội chợ đã qua", "Sự kiện nháp", "Hội chợ của người khác"):
        assert hidden not in html

    with django_assert_max_num_queries(1):
        on_product_page = render(MEET, producer=None, product=product)
    assert "Hội chợ Tết Đinh Mùi 2027" in on_product_page
    assert on_product_page.count('class="badge badge-ok"') == 1  # only where this product is shown
    assert 'class="badge badge-ok"' not in render(MEET, producer=None, product=other_product)


def test_meet_them_at_renders_nothing_without_events():
    assert render(MEET, producer=ProducerFactory(), product=None).strip() == ""
    assert render('{% include "events/includes/meet_them_at.html" %}').strip() == ""


def test_next_events_on_the_home_page_include(django_assert_max_num_queries):
    from events.timing import hanoi_today

    today = hanoi_today()
    for n, name in enumerate(["Thứ nhất", "Thứ hai", "Thứ ba", "Thứ tư"]):
        EventFactory(name_vi=name, start_date=today + days(n + 1), end_date=today + days(n + 2))
    EventFactory(name_vi="Đã qua", start_date=today - days(9), end_date=today - days(8))
    with django_assert_max_num_queries(1):
        html = render('{% include "events/includes/next_events.html" %}')
    assert [name in html for name in ["Thứ nhất", "Thứ hai", "Thứ ba", "Thứ tư", "Đã qua"]] == [
        True, True, True, False, False]
    assert 'href="/events/"' in html


def test_event_named_like_a_fixed_page_gets_another_slug():
    event = EventFactory(name_vi="Feed", start_date=datetime.date(2026, 3, 1), end_date=datetime.date(2026, 3, 1))
    assert event.slug == "feed-2026"


def test_producer_product_and_home_pages_show_the_events(client):
    from events.timing import hanoi_today
    from tests.factories import certified_product

    today = hanoi_today()
    product = certified_product(stars=5, name_vi="Gốm men rạn Bát Tràng")
    booth = BoothFactory(producer=product.producer, label="G5", event__name_vi="Tuần lễ OCOP Hà Nội 2026",
                         event__start_date=today + days(17), event__end_date=today + days(21))
    booth.featured_products.add(product)

    producer_page = client.get(product.producer.get_absolute_url())
    assert producer_page.status_code == 200
    assert "Gặp gỡ tại" in producer_page.text and "Tuần lễ OCOP Hà Nội 2026" in producer_page.text
    product_page = client.get(product.get_absolute_url())
    assert "Gặp gỡ tại" in product_page.text and "có trưng bày sản phẩm này" in product_page.text
    home = client.get("/en/")
    assert "Coming up: fairs and events" in home.text and "Tuần lễ OCOP Hà Nội 2026" in home.text

    booth.event.is_published = False
    booth.event.save()
    assert "Gặp gỡ tại" not in client.get(product.producer.get_absolute_url()).text
