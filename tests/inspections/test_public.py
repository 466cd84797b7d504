"""What visitors see: the latest inspection on the product and verify pages and in the JSON,
inspections per year on the statistics page; each within the page's query budget."""

import datetime

import pytest
from django.utils import timezone

from inspections.models import InspectedProduct, Inspection
from tests.factories import certified_product

pytestmark = pytest.mark.django_db
QUERY_BUDGET = 8


def inspect(product, *, days_ago, result="passed", agency="Đoàn kiểm tra liên ngành", **fields):
    inspection, _ = Inspection.objects.get_or_create(
        inspected_on=timezone.localdate() - datetime.timedelta(days=days_ago), agency=agency)
    return InspectedProduct.objects.create(inspection=inspection, product=product, result=result, **fields)


@pytest.fixture
def product():
    return certified_product(code="HN-PUB-1")


def test_product_page_shows_the_latest_inspection(client, product, django_assert_max_num_queries):
    inspect(product, days_ago=400, result="failed")
    inspect(product, days_ago=20, result="passed", sampled=True, agency="Chi cục QLCL")
    url = f"/en{product.get_absolute_url().removeprefix('/en')}"
    client.get(url)  # the worker's first visit reads the shared lookups (catalogue.filters)
    with django_assert_max_num_queries(QUERY_BUDGET):
        page = client.get(url).text
    section = page.split("Latest post-inspection")[1].split("</section>")[0]
    assert "by Chi cục QLCL" in section and "passed" in section and "a sample was tested" in section
    assert "failed" not in section


def test_a_failed_inspection_says_what_follows(client, product):
    check = inspect(product, days_ago=5, result="failed")
    page = client.get(f"/en/verify/{product.code}/").text
    assert "Latest post-inspection" in page and "failed" in page
    deadline = check.deadline
    written = (f"{deadline:%d/%m/%Y}", f"{deadline.day}/{deadline.month}/{deadline.year}")  # day first
    assert any(f"must put things right by {day}" in page for day in written)
    check.follow_up = "warning"
    check.save()
    assert "the producer was warned" in client.get(f"/en/verify/{product.code}/").text


def test_no_inspection_no_section(client, product):
    assert "Latest post-inspection" not in client.get(product.get_absolute_url()).text
    assert "Latest post-inspection" not in client.get(f"/en/verify/{product.code}/").text


def test_verify_page_stays_within_its_query_budget(client, product, django_assert_max_num_queries):
    inspect(product, days_ago=3)
    with django_assert_max_num_queries(QUERY_BUDGET):
        assert client.get(f"/verify/{product.code}/").status_code == 200


def test_json_has_the_last_inspection_or_null(client, product):
    data = client.get(f"/verify/{product.code}.json").json()
    assert data["last_inspection"] is None and data["status"] == "valid"

    inspect(product, days_ago=100, result="passed")
    inspect(product, days_ago=2, result="follow_up")
    day = (timezone.localdate() - datetime.timedelta(days=2)).isoformat()
    assert client.get(f"/verify/{product.code}.json").json()["last_inspection"] == {"date": day, "result": "follow_up"}

    missing = client.get("/verify/NO-SUCH-CODE.json")
    assert missing.status_code == 404 and missing.json()["last_inspection"] is None


def test_statistics_count_inspections_per_year_and_results(client, django_assert_max_num_queries):
    a, b = certified_product(), certified_product()
    this_year = timezone.localdate().year
    first = Inspection.objects.create(inspected_on=datetime.date(this_year - 1, 5, 1), agency="A")
    InspectedProduct.objects.create(inspection=first, product=a, result="passed")
    InspectedProduct.objects.create(inspection=first, product=b, result="failed")
    second = Inspection.objects.create(inspected_on=datetime.date(this_year - 1, 9, 1), agency="B")
    InspectedProduct.objects.create(inspection=second, product=b, result="follow_up")
    with django_assert_max_num_queries(QUERY_BUDGET):
        page = client.get("/en/statistics/").text
    section = page.split("Post-inspections per year")[1].split("</section>")[0]
    cells = [c.split("<")[0] for c in section.split('class="num">')[1:]]
    assert f"<th scope=\"row\">{this_year - 1}</th>" in section
    assert cells[-5:] == ["2", "3", "1", "1", "1"]  # inspections, checked, passed, failed, follow-up
