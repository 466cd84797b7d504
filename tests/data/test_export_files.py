"""The full open-data files are built once per content version and served from disk; filtered
exports stream, capped at EXPORT_MAX_ROWS and limited per address (issue 17)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from catalogue import exporting
from tests.factories import certified_product

pytestmark = pytest.mark.django_db

FULL = ["/products/export.csv", "/products/export.xlsx"]


@pytest.fixture
def builds(monkeypatch):
    """How many times a full file was written (the build is the slow part: 17 s at 54k)."""
    count = {"n": 0}
    original = exporting.export_queryset

    def counting(params):
        if not params:
            count["n"] += 1
        return original(params)

    monkeypatch.setattr(exporting, "export_queryset", counting)
    return count


def body(response):
    return b"".join(response.streaming_content)


def codes(url, content):
    if url.endswith(".csv"):
        return [row["code"] for row in csv.DictReader(io.StringIO(content.decode("utf-8-sig")))]
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]


@pytest.mark.parametrize("url", FULL)
def test_full_file_is_built_once_and_served_as_a_file(client, builds, settings, url, django_assert_max_num_queries):
    product = certified_product(4)
    first = client.get(url)
    assert first.status_code == 200
    assert first["Content-Disposition"].startswith('attachment; filename="ocop-hanoi-products-')
    assert first["ETag"] and first["Last-Modified"]
    content = body(first)
    assert codes(url, content) == [product.code]
    with django_assert_max_num_queries(1):  # the content version, nothing else
        second = client.get(url)
    assert body(second) == content and second["ETag"] == first["ETag"]
    assert builds["n"] == 1
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert len(list(settings.EXPORTS_ROOT.glob("products-*"))) == 1


@pytest.mark.parametrize("url", FULL)
def test_full_file_is_rebuilt_after_a_catalogue_change_and_the_old_one_deleted(client, builds, settings, url):
    old = certified_product(4)
    first = client.get(url)
    body(first)
    new = certified_product(5)
    second = client.get(url)
    assert sorted(codes(url, body(second))) == sorted([old.code, new.code])
    assert second["ETag"] != first["ETag"]
    assert builds["n"] == 2
    assert len(list(settings.EXPORTS_ROOT.glob("products-*"))) == 1


def test_full_file_content_is_what_the_streaming_export_writes(client):
    certified_product(5, name_vi="Trà; =1+1")
    certified_product(3)
    served = body(client.get("/products/export.csv"))
    streamed = b"".join(exporting.csv_chunks(exporting.export_queryset({})))
    assert served == streamed


def test_empty_filters_and_tracking_parameters_get_the_full_file(client, builds):
    certified_product(4)
    for query in ("", "?q=", "?utm_source=x&page=2"):
        assert client.get(f"/products/export.csv{query}")["ETag"]
    assert builds["n"] == 1


@pytest.mark.parametrize("url", FULL)
def test_filtered_export_over_the_row_cap_is_refused_with_a_message(client, settings, url):
    settings.EXPORT_MAX_ROWS = 2
    for _ in range(3):
        certified_product(5)
    response = client.get(f"{url}?stars=5")
    assert response.status_code == 400
    assert "Hãy thu hẹp bộ lọc" in response.content.decode()
    english = client.get(f"/en{url}?stars=5")
    assert english.status_code == 400 and "narrow the filters" in english.content.decode()
    settings.EXPORT_MAX_ROWS = 3
    assert client.get(f"{url}?stars=5").status_code == 200


def test_filtered_exports_are_limited_per_address(client, settings):
    settings.EXPORT_RATE_LIMIT = 3
    certified_product(5)
    for _ in range(3):
        assert client.get("/products/export.csv?stars=5").status_code == 200
    limited = client.get("/products/export.xlsx?stars=4")
    assert limited.status_code == 429
    assert "Quá nhiều lượt tải" in limited.content.decode()
    english = client.get("/en/products/export.csv?stars=5")
    assert english.status_code == 429 and "Too many downloads" in english.content.decode()
    # Another address, and the full file, are not limited.
    assert client.get("/products/export.csv?stars=5", REMOTE_ADDR="10.0.0.9").status_code == 200
    assert client.get("/products/export.csv").status_code == 200


def test_the_build_command_prepares_both_files_so_the_next_download_builds_nothing(client, builds):
    from django.core.management import call_command

    product = certified_product()
    out = io.StringIO()
    call_command("build_exports", stdout=out)
    assert builds["n"] == 2 and ".csv" in out.getvalue() and ".xlsx" in out.getvalue()
    for url in FULL:
        assert codes(url, body(client.get(url))) == [product.code]
    assert builds["n"] == 2


@pytest.mark.parametrize("url", FULL)
def test_behind_nginx_the_proxy_sends_the_full_file(client, settings, url):
    """With EXPORTS_ACCEL_REDIRECT set, the worker answers at once with headers only and nginx
    sends the file from its internal location: a slow download holds no worker. The hand-off is
    never kept by the page cache."""
    settings.EXPORTS_ACCEL_REDIRECT = "/_exports/"
    settings.PAGE_CACHE_SECONDS = 300
    certified_product(4)
    response = client.get(url)
    assert response.status_code == 200 and response.content == b""
    name = response["X-Accel-Redirect"].removeprefix("/_exports/")
    assert (settings.EXPORTS_ROOT / name).is_file() and "/" not in name
    assert response["Content-Disposition"].startswith('attachment; filename="ocop-hanoi-products-')
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert "X-Page-Cache" not in client.get(url)
