"""The product list's lookups (categories, villages, places) are kept per worker between
requests, and a staff edit still shows on the very next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import CraftVillage
from ocop_site import page_cache
from tests.factories import CraftVillageFactory, area, certified_product

pytestmark = pytest.mark.django_db


def village_options(response) -> str:
    html = response.text
    return html[html.index('id="id_village"'):html.index("</select>", html.index('id="id_village"'))]


def test_a_second_visit_reuses_the_lookups_and_runs_fewer_queries(client):
    certified_product(4, village=CraftVillageFactory(name="Bát Tràng", area=area("xa-bat-trang")))
    with CaptureQueriesContext(connection) as first:
        client.get("/products/")
    with CaptureQueriesContext(connection) as second:
        response = client.get("/products/")
    assert "Bát Tràng (1)" in village_options(response)
    assert len(second) < len(first)


def test_a_new_village_shows_in_the_filter_on_the_next_request(client):
    certified_product(4, village=CraftVillageFactory(name="Bát Tràng", area=area("xa-bat-trang")))
    assert "Vạn Phúc" not in village_options(client.get("/products/"))
    certified_product(5, village=CraftVillageFactory(name="Vạn Phúc", area=area("phuong-ha-dong")))
    assert "Vạn Phúc (1)" in village_options(client.get("/products/"))


def test_a_renamed_village_is_renamed_in_the_filter_and_its_old_slug_is_ignored(client):
    village = CraftVillageFactory(name="Làng lụa", slug="lang-lua", area=area("phuong-ha-dong"))
    certified_product(5, village=village)
    assert "Làng lụa (1)" in village_options(client.get("/products/?village=lang-lua"))
    CraftVillage.objects.filter(pk=village.pk).update(name="Làng lụa Vạn Phúc", slug="van-phuc")
    page_cache.invalidate()  # what every bulk write does after update()
    response = client.get("/products/?village=lang-lua")
    assert "Làng lụa Vạn Phúc (1)" in village_options(response)
    assert "Đã bỏ qua “lang-lua”" in response.text  # the old slug is no longer a village


def test_facet_options_escape_names_staff_typed(client):
    certified_product(4, village=CraftVillageFactory(name='Làng <b>"gốm"</b> & sứ', area=area("xa-bat-trang")))
    options = village_options(client.get("/products/"))
    assert "Làng &lt;b&gt;&quot;gốm&quot;&lt;/b&gt; &amp; sứ (1)" in options
    assert "<b>" not in options


def test_a_village_added_by_another_process_shows_on_the_next_request(client):
    """Another worker or a command bumps the version in the database, not in this process."""
    from catalogue.filters import CatalogueLookups

    certified_product(4, village=CraftVillageFactory(name="Bát Tràng", area=area("xa-bat-trang")))
    client.get("/products/")
    stale = CatalogueLookups._shared
    certified_product(5, village=CraftVillageFactory(name="Vạn Phúc", area=area("phuong-ha-dong")))
    # This worker as another process's save leaves it: its lookups from before, in memory.
    CatalogueLookups._shared = stale
    assert "Vạn Phúc (1)" in village_options(client.get("/products/"))
