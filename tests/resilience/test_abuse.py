"""Anonymous abuse and faults, in-process: junk parameters against the page-cache key, the
entry-size cap, HEAD, staff pages marked private, the admin's sign-in redirect, CSV cells with
";", and /verify/<code>.json during a database outage."""

import csv
import io

import pytest
from django.core.cache import cache
from django.db import OperationalError, connections
from django.test import Client

from tests.factories import CraftVillageFactory, EventFactory, certified_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def cached_entries() -> int:
    return len(cache._cache)  # LocMemCache's own dict: how many entries the cache holds


# -- junk parameters ------------------------------------------------------------------------------

def test_tracking_parameters_are_served_from_the_clean_urls_entry(client, page_cache_on):
    CraftVillageFactory(name="Làng gốm Bát Tràng")
    assert client.get("/villages/")["X-Page-Cache"] == "miss"
    entries = cached_entries()
    for n in range(30):
        response = client.get(f"/villages/?utm_source=spam{n}&fbclid={n}")
        assert response["X-Page-Cache"] == "hit" and "Làng gốm Bát Tràng" in response.text
    assert cached_entries() == entries


def test_unknown_parameters_are_served_but_never_stored(client, page_cache_on):
    CraftVillageFactory(name="Làng gốm Bát Tràng")
    client.get("/villages/")
    entries = cached_entries()
    for n in range(30):
        response = client.get(f"/villages/?junk{n}=x")
        assert response.status_code == 200 and "Làng gốm Bát Tràng" in response.text
        assert "X-Page-Cache" not in response
    assert cached_entries() == entries


def test_parameters_pages_read_are_keyed_in_a_canonical_order(client, page_cache_on):
    certified_product(4)
    certified_product(5)
    first = client.get("/products/?stars=5&stars=4&sort=name")
    again = client.get("/products/?sort=name&stars=4&stars=5&utm_medium=x")
    other = client.get("/products/?stars=5")
    assert first["X-Page-Cache"] == "miss" and again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    assert other["X-Page-Cache"] == "miss"  # a different filter is a different page


def test_sitemaps_ignore_stray_parameters(client, page_cache_on):
    certified_product(4)
    assert client.get("/sitemap.xml")["X-Page-Cache"] == "miss"
    assert client.get("/sitemap.xml?x=1&utm_source=y")["X-Page-Cache"] == "hit"


def test_a_page_larger_than_the_entry_cap_is_served_but_not_stored(client, page_cache_on, settings):
    settings.PAGE_CACHE_MAX_ENTRY_BYTES = 1000
    CraftVillageFactory(name="Làng gốm Bát Tràng")
    for _ in range(2):
        response = client.get("/villages/")
        assert "Làng gốm Bát Tràng" in response.text and "X-Page-Cache" not in response
    assert cached_entries() == 0


# -- HEAD -----------------------------------------------------------------------------------------

def test_head_gets_headers_only_and_is_never_stored_for_get(client, page_cache_on):
    CraftVillageFactory(name="Làng gốm Bát Tràng")
    head = client.head("/villages/")
    assert head.status_code == 200 and head.content == b""
    assert int(head["Content-Length"]) > 1000
    get = client.get("/villages/")
    assert get["X-Page-Cache"] == "miss" and "Làng gốm Bát Tràng" in get.text
    head_again = client.head("/villages/")  # answered from the stored GET, still without a body
    assert head_again["X-Page-Cache"] == "hit" and head_again.content == b""
    assert client.get("/villages/").content == get.content


def test_head_without_the_page_cache_is_headers_only_too(client):
    CraftVillageFactory(name="Làng gốm Bát Tràng")
    head = client.head("/villages/")
    assert head.status_code == 200 and head.content == b""


# -- staff ----------------------------------------------------------------------------------------

def test_a_draft_event_shown_to_staff_is_private(staff_client):
    draft = EventFactory(is_published=False)
    response = staff_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert Client().get(draft.get_absolute_url()).status_code == 404


def test_admin_sign_in_with_a_foreign_next_lands_on_the_admin_index(client, django_user_model):
    django_user_model.objects.create_superuser("staff", "staff@example.vn", "a-long-password-123")
    response = client.post("/admin/login/?next=https://elsewhere.example/",
                           {"username": "staff", "password": "a-long-password-123",
                            "next": "https://elsewhere.example/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/admin/"
    assert response.status_code == 200


# -- CSV and ";" ----------------------------------------------------------------------------------

def test_csv_cells_with_a_semicolon_are_quoted_and_still_import(client):
    certified_product(4, code="HN-S-0001", name_vi="Trà; =HYPERLINK(\"http://x\")",
                      description_vi="Hương sen;hương nhài")
    body = b"".join(client.get("/products/export.csv").streaming_content).decode("utf-8-sig")
    line = next(line for line in body.splitlines() if "HN-S-0001" in line)
    assert '"Trà; =HYPERLINK(""http://x"")"' in line and '"Hương sen;hương nhài"' in line
    assert line.startswith('"HN-S-0001",')  # the whole row quoted: csv.writer's QUOTE_ALL
    row = next(r for r in csv.DictReader(io.StringIO(body)) if r["code"] == "HN-S-0001")
    assert row["name_vi"] == 'Trà; =HYPERLINK("http://x")'


# -- verify JSON during a database outage ---------------------------------------------------------

def test_verify_json_during_a_database_outage_is_json_503(client, monkeypatch, settings):
    settings.PAGE_CACHE_SECONDS = 300

    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 10.0.0.9, port 5432 failed")

    monkeypatch.setattr(connections["default"], "cursor", refuse)
    response = client.get("/verify/HN-OCOP-0001.json")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"status": "unavailable"}
    assert "no-cache" in response["Cache-Control"] and response["Access-Control-Allow-Origin"] == "*"
