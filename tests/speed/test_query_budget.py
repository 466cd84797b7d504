"""The query budget of every public page: at most 8 SQL queries, and the same number whether the
catalogue holds the demo's ~70 products or hundreds more.

A page whose query count grows with the data (an N+1 in a template, a lookup per card) is slow at
national scale long before it is slow in a test, so each page is measured twice: on the demo data,
then again after ``seed_catalogue`` has added products, producers, villages and certifications.
The benchmark (``make bench``) reports the same counts at 20,000 and 100,000 products.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.demo.loader import load_demo
from catalogue.demo.seed import seed_catalogue
from catalogue.models import CraftVillage, Producer, Product
from events.demo import load_events_demo
from events.models import Event
from showrooms.demo import load_showrooms_demo
from showrooms.models import Showroom

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 8


def public_pages() -> dict[str, str]:
    """Every public HTML page, with real slugs from the demo data (the busiest village, a listed
    product that has a producer, a village and where-to-buy showrooms)."""
    product = (
        Product.objects.listed().filter(village__isnull=False, images__isnull=False)
        .order_by("code").first()
    )
    village = CraftVillage.objects.filter(products__isnull=False).order_by("slug").first()
    producer = Producer.objects.filter(products__isnull=False).order_by("slug").first()
    showroom = Showroom.objects.order_by("slug").first()
    event = Event.objects.filter(is_published=True).order_by("-start_date", "slug").first()
    pages = {
        "home": "/",
        "home (English)": "/en/",
        "product list": "/products/",
        "filtered list": "/products/?stars=4&category=food&sort=-certified",
        "search": "/products/?q=bat+trang",
        "list page 2": "/products/?page=2",
        "product page": product.get_absolute_url(),
        "village list": "/villages/",
        "village page": village.get_absolute_url(),
        "producer page": producer.get_absolute_url(),
        "showroom locator": "/showrooms/",
        "showroom locator near": "/showrooms/?near=21.03,105.85",
        "showroom page": showroom.get_absolute_url(),
        "events": "/events/",
        "event page": event.get_absolute_url(),
        "event calendar": "/events/calendar/",
        "statistics": "/statistics/",
        "verify form": "/verify/",
        "verify result": f"/verify/{product.code}/",
        "open data": "/open-data/",
    }
    return pages


def measure(client, pages: dict[str, str]) -> dict[str, int]:
    counts = {}
    for name, url in pages.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, f"{name} {url}: HTTP {response.status_code}"
        counts[name] = len(queries)
    return counts


def test_every_public_page_runs_a_fixed_number_of_queries_within_budget(client):
    load_demo(images=True)
    load_showrooms_demo()
    load_events_demo()
    pages = public_pages()
    small = measure(client, pages)

    seed_catalogue(products=400, seed=7)
    assert Product.objects.listed().count() > 400
    large = measure(client, pages)

    report = "\n".join(f"{name:24} {small[name]:>3} {large[name]:>3}  {pages[name]}" for name in pages)
    over = [name for name in pages if max(small[name], large[name]) > QUERY_BUDGET]
    growing = [name for name in pages if large[name] != small[name]]
    assert not over, f"over the budget of {QUERY_BUDGET} queries: {over}\n{report}"
    assert not growing, f"query count changes with the data size: {growing}\n{report}"
