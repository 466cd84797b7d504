"""What the search results page offers besides the products: the villages, producers, showrooms
and events named like the query, and the products no longer certified (with their /verify/
pages) when no certified product matches; and the suggestions endpoint for the search boxes."""

import datetime

import pytest
from django.test.utils import override_settings
from django.utils import timezone

from catalogue.models import Product
from tests.factories import EventFactory, ShowroomFactory, area, certified_product

pytestmark = pytest.mark.django_db


def test_bat_trang_shows_the_village_its_producer_a_showroom_and_an_event_above_the_products(client, shop):
    ShowroomFactory(name="Trung tâm thiết kế sáng tạo Bát Tràng", area=area("xa-bat-trang"))
    ShowroomFactory(name="Điểm bán Tràng An")  # "trang" only: not every word
    EventFactory(name_vi="Hội chợ gốm Bát Tràng", name_en="Bat Trang pottery fair")
    EventFactory(name_vi="Hội chợ nháp Bát Tràng", is_published=False)
    response = client.get("/products/", {"q": "bát tràng"})
    groups = {group.kind: group.links for group in response.context["related_pages"]}
    assert groups["village"] == [("Bát Tràng", shop.villages.bat_trang.get_absolute_url())]
    assert groups["producer"] == [("HTX Gốm sứ Bát Tràng", shop.producers.gom_coop.get_absolute_url())]
    assert [name for name, _url in groups["showroom"]] == ["Trung tâm thiết kế sáng tạo Bát Tràng"]
    assert [name for name, _url in groups["event"]] == ["Hội chợ gốm Bát Tràng"]
    html = response.text
    assert html.index(shop.villages.bat_trang.get_absolute_url()) < html.index('class="card-grid"')
    english = client.get("/en/products/", {"q": "bat trang"})
    events = {group.kind: group.links for group in english.context["related_pages"]}["event"]
    assert [name for name, _url in events] == ["Bat Trang pottery fair"]
    # A village without an English name is named in Vietnamese there, not an empty link.
    villages = {group.kind: group.links for group in english.context["related_pages"]}["village"]
    assert villages == [("Bát Tràng", "/en/villages/bat-trang/")]
    assert 'href="/en/villages/bat-trang/"></a>' not in english.text


def test_products_no_longer_certified_are_named_with_their_verify_page_instead_of_nothing(client, shop):
    response = client.get("/products/", {"q": "gốm bát tràng đời cũ"})
    assert response.context["paginator"].count == 0
    assert response.context["former_products"] == [(shop.expired.name_vi, f"/verify/{shop.expired.code}/")]
    assert "Không còn được chứng nhận" in response.text
    assert f'href="/verify/{shop.expired.code}/"' in response.text
    revoked = client.get("/products/", {"q": "thu hồi"})
    assert revoked.context["former_products"] == [(shop.revoked.name_vi, f"/verify/{shop.revoked.code}/")]
    # When certified products match, nothing about former ones.
    assert client.get("/products/", {"q": "tương"}).context["former_products"] == []


def test_a_filter_that_empties_the_list_does_not_claim_the_words_match_no_certified_product(client, shop):
    response = client.get("/products/", {"q": "bat trang", "category": "food"})
    assert response.context["paginator"].count == 0
    assert response.context["former_products"] == []


# --- /search/suggest -------------------------------------------------------------------------

def suggest(client, text, prefix=""):
    response = client.get(f"{prefix}/search/suggest", {"q": text})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()["results"]


def test_suggestions_complete_the_last_word_and_give_kind_and_url(client, shop):
    results = suggest(client, "bat tr")
    assert {"kind": "village", "name": "Bát Tràng", "url": shop.villages.bat_trang.get_absolute_url()} in results
    assert {"kind": "producer", "name": "HTX Gốm sứ Bát Tràng",
            "url": shop.producers.gom_coop.get_absolute_url()} in results
    assert suggest(client, "Chè se") == [{"kind": "product", "name": "Chè sen Tây Hồ",
                                          "url": shop.products.lotus_tea.get_absolute_url()}]
    # Whole words before the last; the last word only as the start of a word.
    assert suggest(client, "sen tay h")[0]["name"] == "Chè sen Tây Hồ"
    assert suggest(client, "en tay") == []
    # English names on the English site.
    assert suggest(client, "west la", prefix="/en")[0]["name"] == "West Lake lotus tea"


def test_at_most_eight_suggestions_only_listed_products(client, shop):
    for n in range(12):
        certified_product(3, name_vi=f"Gốm men lam số {n}", village=shop.villages.bat_trang)
    results = suggest(client, "gom")
    assert len(results) == 8
    assert shop.expired.name_vi not in [r["name"] for r in results]
    assert all(r["kind"] in {"product", "village", "producer"} for r in results)


@pytest.mark.parametrize("text", ["", " ", "b", "%", "_", "\\", "'; DROP TABLE x; --", "\x00\x07", "🙂 🙂"])
def test_suggestions_for_nothing_useful_are_empty_not_errors(client, shop, text):
    assert suggest(client, text) == []


def test_a_query_longer_than_the_search_box_is_a_400(client, shop):
    response = client.get("/search/suggest", {"q": "a" * 201})
    assert response.status_code == 400
    assert "error" in response.json()


def test_suggestions_are_cached_until_the_catalogue_changes(client, shop, django_assert_num_queries):
    with override_settings(SEARCH_SUGGEST_CACHE_SECONDS=60):
        first = suggest(client, "ruou nep")
        # Only the content version is read (ocop_site/page_cache.py), not the suggestions.
        with django_assert_num_queries(1) as queries:
            assert suggest(client, "ruou nep") == first
        assert "catalogue_product" not in queries.captured_queries[0]["sql"]
        product = shop.products.rice_wine
        product.name_vi = "Rượu nếp cẩm"
        product.save()
        assert suggest(client, "ruou nep")[0]["name"] == "Rượu nếp cẩm"
    response = client.get("/search/suggest", {"q": "ruou"})
    assert response["Cache-Control"].startswith("max-age=")


def test_suggestions_cost_one_query(client, shop, django_assert_num_queries):
    with django_assert_num_queries(1):
        suggest(client, "bat trang")


def test_the_search_boxes_offer_suggestions_without_inline_script(client, shop):
    for url in ("/", "/products/"):
        html = client.get(url).text
        assert 'data-suggest-url="/search/suggest"' in html
        assert "search-suggest.js" in html
    assert 'data-suggest-url="/en/search/suggest"' in client.get("/en/products/").text


def test_saving_a_product_teaches_the_vocabulary_its_words(client, shop):
    certified_product(4, name_vi="Gốm Chu Đậu", village=None, producer=shop.producers.tea_company)
    response = client.get("/products/", {"q": "gom chu daau"})
    assert [p.name_vi for p in response.context["products"]] == ["Gốm Chu Đậu"]
    assert response.context["search"].corrected_to == "gốm chu đậu"
    assert Product.objects.listed().search("chu daau").get().name_vi == "Gốm Chu Đậu"


def test_events_in_the_past_still_show_when_published(client, shop):
    today = timezone.localdate()
    EventFactory(name_vi="Tuần lễ tương Cự Đà", start_date=today - datetime.timedelta(days=400),
                 end_date=today - datetime.timedelta(days=398))
    groups = {g.kind: g.links for g in client.get("/products/", {"q": "cu da"}).context["related_pages"]}
    assert [name for name, _url in groups["event"]] == ["Tuần lễ tương Cự Đà"]


def test_a_search_after_a_change_sees_the_new_words_and_names(client, shop):
    # Each worker keeps the vocabulary and the names related pages are found by until the
    # content changes: searches before a change must not leave the next one with the old ones.
    client.get("/products/", {"q": "bat trang"})
    client.get("/products/", {"q": "gom chu daau"})
    certified_product(4, name_vi="Gốm Chu Đậu", village=None, producer=shop.producers.tea_company)
    response = client.get("/products/", {"q": "gom chu daau"})
    assert [p.name_vi for p in response.context["products"]] == ["Gốm Chu Đậu"]
    assert response.context["search"].corrected_to == "gốm chu đậu"
    village = shop.villages.bat_trang
    village.name_vi = "Làng gốm Bát Tràng cổ"
    village.save()
    groups = {g.kind: g.links for g in client.get("/products/", {"q": "bat trang"}).context["related_pages"]}
    assert groups["village"] == [("Làng gốm Bát Tràng cổ", village.get_absolute_url())]
