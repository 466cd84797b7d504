"""Facet counts of the product list (and the home page's counts) are cached between page views
that share their filters, and go stale with any change to the catalogue."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CraftVillageFactory, area, certified_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def facet_cache_on(settings):
    settings.FACET_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def star_counts(response) -> dict[str, int]:
    return {option.value: option.count for option in response.context["facets"]["stars"].options}


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def test_paging_and_sorting_reuse_the_counts_of_the_same_filters(client, settings, facet_cache_on):
    # With a search: the other filters' counts come from the worker's bitsets, with no query to
    # cache (test_the_filters_count_without_a_query_once_the_bitsets_are_kept below).
    settings.PRODUCTS_PER_PAGE = 2
    for n, stars in enumerate((5, 4, 4, 3)):
        certified_product(stars, name_vi=f"Trà sen {n}")
    client.get("/en/products/?q=tra&stars=3")  # other counts; loads the shared lookups
    first, first_queries = queries_for(client, "/en/products/?q=tra&stars=4&stars=5")
    second, second_queries = queries_for(client, "/en/products/?q=tra&stars=5&stars=4&page=2&sort=name")
    assert star_counts(second) == star_counts(first) == {"5": 1, "4": 2, "3": 1}
    assert second.context["paginator"].count == 3
    assert second_queries < first_queries


def test_the_filters_count_without_a_query_once_the_bitsets_are_kept(client, settings):
    settings.FACET_CACHE_SECONDS = 0
    for stars in (5, 4, 4, 3):
        certified_product(stars)
    client.get("/en/products/?stars=3")  # loads the shared lookups and the bitsets
    response, queries = queries_for(client, "/en/products/?stars=4&stars=5&sort=name")
    assert star_counts(response) == {"5": 1, "4": 2, "3": 1}
    assert response.context["paginator"].count == 3
    assert queries <= 3  # the content version, the page of products, their images
    certified_product(5)  # a change: counted on the next request
    assert star_counts(client.get("/en/products/?stars=4&stars=5")) == {"5": 2, "4": 2, "3": 1}


def test_other_filters_get_their_own_counts(client, facet_cache_on):
    certified_product(5, village=CraftVillageFactory(name="Bát Tràng", slug="bat-trang", area=area("xa-bat-trang")))
    certified_product(4)
    assert star_counts(client.get("/en/products/")) == {"5": 1, "4": 1, "3": 0}
    assert star_counts(client.get("/en/products/?village=bat-trang")) == {"5": 1, "4": 0, "3": 0}


def home_five_stars(client):
    """The home page's count of 5-star products."""
    levels = client.get("/en/").context["star_levels"]
    return next(level.count for level in levels if level.key == "5")


def test_a_new_product_is_counted_on_the_next_request(client, facet_cache_on):
    certified_product(5)
    assert star_counts(client.get("/en/products/")) == {"5": 1, "4": 0, "3": 0}
    assert home_five_stars(client) == 1
    certified_product(5)
    assert star_counts(client.get("/en/products/")) == {"5": 2, "4": 0, "3": 0}
    assert home_five_stars(client) == 2


def test_counts_are_right_when_the_cache_is_down(client, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                    "LOCATION": "redis://127.0.0.1:9/0",
                    "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}},
    }
    settings.FACET_CACHE_SECONDS = 300
    certified_product(4)
    response = client.get("/en/products/")
    assert response.status_code == 200
    assert star_counts(response) == {"5": 0, "4": 1, "3": 0}


def test_the_unfiltered_counts_are_kept_in_the_process_until_the_content_changes(client, settings):
    """The list without filters and the home page share the listed products' counts, kept in
    the worker with the shared lookups even when the facet cache is off."""
    settings.FACET_CACHE_SECONDS = 0
    certified_product(5)
    assert star_counts(client.get("/en/products/")) == {"5": 1, "4": 0, "3": 0}
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/en/products/")
        assert home_five_stars(client) == 1
    assert star_counts(again) == {"5": 1, "4": 0, "3": 0}
    assert not [query for query in queries if "COUNT(" in query["sql"].upper()]
    certified_product(4)
    assert star_counts(client.get("/en/products/")) == {"5": 1, "4": 1, "3": 0}
    assert star_counts(client.get("/en/products/?stars=4")) == {"5": 1, "4": 1, "3": 0}
