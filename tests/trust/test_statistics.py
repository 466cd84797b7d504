"""/statistics/: the published figures equal direct counts, in a bounded number of queries."""

import datetime
import itertools
import re
from collections import Counter

import pytest
from django.utils import timezone

from catalogue import statistics
from catalogue.models import Area, Category, Certification, Product
from tests.factories import CertificationFactory, CraftVillageFactory, ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db

AREAS = ["xa-bat-trang", "phuong-tay-ho", "xa-phu-xuyen"]
CATEGORIES = ["1.4.a", "2.1.a", "4.1", "3.2"]


def days(n):
    return datetime.timedelta(days=n)


def make_catalogue(size: int):
    """``size`` products of every kind: listed at each star level, expired, revoked, upgraded,
    uncertified, in several product groups, areas and certification years."""
    today = timezone.localdate()
    producers = [ProducerFactory(area=Area.objects.get(slug=slug)) for slug in AREAS]
    producers.append(ProducerFactory(area=None))
    kinds = itertools.cycle(["5", "p5", "4", "3", "expired", "revoked", "upgraded", "none"])
    for i in range(size):
        kind = next(kinds)
        product = ProductFactory(producer=producers[i % len(producers)],
                                 category=Category.objects.get(code=CATEGORIES[i % len(CATEGORIES)]))
        issued = today - days(30 + 200 * (i % 5))  # spread over several years, all in date
        if kind in ("5", "4", "3"):
            CertificationFactory(product=product, stars=int(kind), issued_on=issued)
        elif kind == "p5":
            CertificationFactory(product=product, stars=4, potential_five_star=True, issued_on=issued)
        elif kind == "expired":
            CertificationFactory(product=product, stars=3, issued_on=today - days(1200))
        elif kind == "revoked":
            CertificationFactory(product=product, stars=4, issued_on=issued, status="revoked",
                                 revoked_on=today, revocation_reason="Hậu kiểm")
        elif kind == "upgraded":
            CertificationFactory(product=product, stars=3, issued_on=today - days(900))
            CertificationFactory(product=product, stars=4, issued_on=issued)
    # A producer with no ward on file whose product belongs to a craft village: the village's
    # ward is the product's place.
    village = CraftVillageFactory(area=Area.objects.get(slug="xa-thanh-oai"))
    in_village = ProductFactory(producer=producers[-1], village=village, category=Category.objects.get(code="4.1"))
    CertificationFactory(product=in_village, stars=5, issued_on=today - days(10))


def direct_counts():
    """The same figures by walking every object in Python."""
    today = timezone.localdate()
    listed = []
    states = Counter()
    for product in Product.objects.select_related("producer__area", "village__area", "category"):
        certs = sorted(product.certifications.all(), key=lambda c: (c.issued_on, c.pk))
        if not certs:
            continue
        newest = certs[-1]
        state = ("revoked" if newest.status == "revoked" else
                 "expired" if newest.valid_until < today else "valid")
        states[state] += 1
        if state == "valid":
            listed.append((product, newest))
    stars = Counter("p5" if c.potential_five_star else str(c.stars) for _, c in listed)
    groups = Counter(p.category.group_code for p, _ in listed)
    # The place the list filters by: the producer's ward/commune, else the craft village's.
    places = [(p, p.producer.area or (p.village.area if p.village else None)) for p, _ in listed]
    areas = Counter(place.full_name for _p, place in places if place)
    districts = Counter()
    for _p, place in places:
        if place:
            for d in place.former_districts.all():
                districts[d.full_name] += 1
    years = Counter(c.issued_on.year for c in Certification.objects.all())
    return {"total": len(listed), "stars": stars, "groups": groups, "areas": areas,
            "districts": districts, "years": years, "states": states,
            "without_area": sum(1 for _p, place in places if not place)}


def test_statistics_equal_direct_counts():
    make_catalogue(40)
    stats = statistics.catalogue_statistics()
    expected = direct_counts()

    assert stats["total"] == expected["total"] == Product.objects.listed().count() > 0
    assert [r.value for r in stats["stars"].rows] == [
        expected["stars"]["5"], expected["stars"]["p5"], expected["stars"]["4"], expected["stars"]["3"]]
    assert {r.label.split(".")[0]: r.value for r in stats["groups"].rows if r.value} == dict(expected["groups"])
    assert {a.full_name: a.n for a in stats["areas"]} == dict(expected["areas"])
    assert stats["without_area"] == expected["without_area"] > 0
    assert {r.label: r.value for r in stats["districts"].rows if r.value} == dict(expected["districts"])
    assert {y.year: y.total for y in stats["years_table"]} == dict(expected["years"])
    assert len(stats["years_table"]) >= 3
    assert {r.label: r.value for r in stats["states"].rows} == {
        "Còn hiệu lực": expected["states"]["valid"], "Hết hạn": expected["states"]["expired"],
        "Đã thu hồi": expected["states"]["revoked"]}
    assert expected["states"]["revoked"] and expected["states"]["expired"]


def test_page_shows_the_headline_charts_and_tables(client):
    make_catalogue(16)
    page = client.get("/statistics/")
    assert page.status_code == 200
    total = Product.objects.listed().count()
    assert f"{total} sản phẩm đang được công nhận" in page.text
    # Charts: accessible SVG whose numbers are also in a table.
    assert page.text.count('role="img"') == 5
    assert re.search(r'<svg class="chart"[^>]*aria-labelledby="chart-stars-title chart-stars-desc"', page.text)
    assert '<title id="chart-stars-title">Sản phẩm theo hạng sao</title>' in page.text
    assert page.text.count("<table") == 7  # six of the catalogue, one of post-inspections
    assert "style=" not in page.text
    # Decimal commas would break SVG coordinates in Vietnamese.
    for width in re.findall(r'<rect[^>]*width="([^"]+)"', page.text):
        float(width)


def test_footer_links_to_statistics(client):
    assert 'href="/statistics/"' in client.get("/").text


def test_empty_catalogue_has_a_statistics_page(client):
    page = client.get("/en/statistics/")
    assert page.status_code == 200
    assert "0 products currently certified" in page.text


@pytest.mark.parametrize("size", [8, 64])
def test_query_count_does_not_grow_with_the_catalogue(client, size, django_assert_max_num_queries):
    make_catalogue(size)
    with django_assert_max_num_queries(8):
        assert client.get("/statistics/").status_code == 200
