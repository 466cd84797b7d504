"""The anonymous page cache: hits, invalidation on every change, staff bypass, cache outages."""

import pytest
from django.core.cache import cache

from ocop_site import page_cache
from tests.factories import CraftVillageFactory, certified_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def test_second_anonymous_visit_is_served_from_cache(client, page_cache_on):
    CraftVillageFactory(name="Làng gốm Bát Tràng")
    first = client.get("/villages/")
    second = client.get("/villages/")
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "max-age" in second["Cache-Control"] and second.has_header("ETag")


def test_an_edit_shows_on_the_next_request(client, page_cache_on):
    village = CraftVillageFactory(name="Làng lụa Vạn Phúc")
    assert "Làng lụa Vạn Phúc" in client.get("/villages/").text
    village.name = "Làng lụa Vạn Phúc (Hà Đông)"
    village.save()
    response = client.get("/villages/")
    assert response["X-Page-Cache"] == "miss"
    assert "Làng lụa Vạn Phúc (Hà Đông)" in response.text


def test_a_new_certification_invalidates_product_pages(client, page_cache_on):
    product = certified_product(stars=3, name_vi="Tương Cự Đà")
    client.get(product.get_absolute_url())
    product.certifications.get().delete()
    assert client.get(product.get_absolute_url())["X-Page-Cache"] == "miss"


def test_bulk_writes_invalidate_explicitly(client, page_cache_on):
    client.get("/villages/")
    page_cache.invalidate()
    assert client.get("/villages/")["X-Page-Cache"] == "miss"


def test_signed_in_staff_always_get_fresh_pages(staff_client, page_cache_on):
    staff_client.get("/villages/")
    response = staff_client.get("/villages/")
    assert not response.has_header("X-Page-Cache")


def test_query_strings_are_cached_separately(client, page_cache_on):
    client.get("/products/?stars=5")
    assert client.get("/products/?stars=4")["X-Page-Cache"] == "miss"
    assert client.get("/en/products/?stars=5")["X-Page-Cache"] == "miss"


def test_cache_off_by_default_in_tests(client):
    assert not client.get("/villages/").has_header("X-Page-Cache")


def test_pages_survive_a_dead_redis(client, settings):
    # Nothing listens on port 9 (discard): every cache call fails as when Redis is down.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                    "LOCATION": "redis://127.0.0.1:9/0",
                    "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}},
    }
    settings.PAGE_CACHE_SECONDS = 300
    CraftVillageFactory(name="Làng nghề khảm trai Chuyên Mỹ")  # invalidation must not fail either
    response = client.get("/villages/")
    assert response.status_code == 200
    assert "Chuyên Mỹ" in response.text


def test_benchmark_endpoints_are_off_unless_bench_mode(client):
    assert client.get("/bench/ceiling/").status_code == 404


SECURITY_HEADERS = ("Content-Security-Policy", "Permissions-Policy", "X-Content-Type-Options",
                    "Referrer-Policy", "X-Frame-Options", "Content-Language", "Vary")


@pytest.mark.parametrize("path", ["/products/", "/en/products/"])
def test_a_hit_answers_with_one_query_and_the_headers_of_a_full_response(
        client, page_cache_on, path, django_assert_num_queries):
    """The cache answers before the rest of the middleware (CSP, sessions, locale, ...): a hit
    costs the content version's read alone, and carries every header the miss had."""
    certified_product(4)
    miss = client.get(path)
    with django_assert_num_queries(1):
        hit = client.get(path)
    assert hit["X-Page-Cache"] == "hit"
    for header in SECURITY_HEADERS:
        assert hit.get(header) == miss.get(header), header
    assert "default-src" in hit["Content-Security-Policy"] and hit["Permissions-Policy"]


def test_a_database_connection_dropped_between_requests_is_replaced_quietly(
        client, page_cache_on, django_db_serialized_rollback, transactional_db):
    """The page cache's version read doubles as the kept connection's health check: a connection
    the database dropped (a restart, an idle timeout) costs no error page."""
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("dropping one server connection needs PostgreSQL")
    certified_product(4)
    connection.settings_dict["CONN_MAX_AGE"] = 60
    connection.close()  # the next one is opened to be kept, as in production
    try:
        assert client.get("/products/").status_code == 200
        assert connection.connection is not None
        pid = connection.connection.info.backend_pid
        other = connections.create_connection("default")
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        other.close()
        # What Django does when the next request starts (the test client skips it).
        connection.close_if_unusable_or_obsolete()
        response = client.get("/products/")
        assert response.status_code == 200 and response["X-Page-Cache"] == "hit"
        assert connection.connection.info.backend_pid != pid
    finally:
        connection.settings_dict["CONN_MAX_AGE"] = 0
        connection.close()
