"""Search that works for Vietnamese: accents, case, several words, names of producers and villages,
ranking, and (PostgreSQL) small typos and the trigram index. The suite runs on SQLite and PostgreSQL."""

import pytest
from django.db import connection

from catalogue.models import Product
from tests.factories import certified_product

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")


def found(client, query):
    response = client.get("/products/", {"q": query})
    assert response.status_code == 200
    return {product.name_vi for product in response.context["products"]}


def names(*products):
    return {product.name_vi for product in products}


@pytest.mark.parametrize("query", [
    "bat trang", "BAT TRANG", "Bát Tràng", "bát tráng", "  bát   TRÀNG ", "trang bat",
])
def test_bat_trang_however_it_is_typed(client, shop, query):
    p = shop.products
    assert found(client, query) == names(p.vase, p.tea_set, p.bowl)


@pytest.mark.parametrize("query", ["duong lam", "Đường Lâm", "DUONG LAM", "đuong lam"])
def test_duong_lam_finds_duong_lam(client, shop, query):
    assert found(client, query) == names(shop.products.sweets)


@pytest.mark.parametrize("query", ["cu da", "Cự Đà", "CU DA"])
def test_cu_da_finds_cu_da(client, shop, query):
    assert found(client, query) == names(shop.products.soy_sauce, shop.products.soy_sauce_jar)


@pytest.mark.parametrize("query, expected", [
    ("minh long", ["tea_set"]),  # producer name
    ("bach diep", ["lotus_tea"]),  # product description
    ("700 nam", ["vase", "tea_set", "bowl"]),  # craft village description
    ("west lake", ["lotus_tea"]),  # English name
    ("rice wine", ["rice_wine"]),
    ("tuong", ["soy_sauce", "soy_sauce_jar"]),
])
def test_search_covers_names_descriptions_producers_and_villages(client, shop, query, expected):
    assert found(client, query) == names(*(getattr(shop.products, key) for key in expected))


def test_every_word_must_match(client, shop):
    response = client.get("/products/", {"q": "bat trang tuong"})
    # No product has all three words, each of them known: nothing to correct, nothing found.
    assert list(response.context["products"]) == []
    assert not response.context["search"].corrected_to
    # Words may come from different places: "vẽ tay" from the bowl's name, "Bát Tràng" from its village.
    assert found(client, "ve tay bat trang") == names(shop.products.bowl)


def test_product_code_is_searchable(client, shop):
    assert found(client, shop.products.lotus_tea.code) == names(shop.products.lotus_tea)


def test_unlisted_products_are_not_found(client, shop):
    assert shop.expired.name_vi not in found(client, "gom bat trang doi cu")
    assert found(client, "thu hoi") == set()


@pytest.mark.parametrize("query", ["", "   ", "!!!", "%", "_", "\\"])
def test_a_query_without_words_lists_everything(client, shop, query):
    assert found(client, query) == names(*shop.listed)


def test_like_wildcards_are_literal(client, shop):
    certified_product(3, name_vi="Bánh 100_phần_trăm gạo")
    certified_product(3, name_vi="Bánh 1000phần0trăm")  # would match if "_" were LIKE's wildcard
    assert found(client, "100_phan_tram") == {"Bánh 100_phần_trăm gạo"}


def test_products_named_after_the_query_come_first(client, shop):
    named = certified_product(4, name_vi="Gốm Bát Tràng men ngọc", village=shop.villages.bat_trang)
    ranked = list(client.get("/products/", {"q": "bat trang"}).context["products"])
    assert ranked[0] == named
    assert set(ranked[1:]) == {shop.products.vase, shop.products.tea_set, shop.products.bowl}


def test_renaming_a_producer_or_village_updates_what_search_finds(client, shop):
    producer = shop.producers.tuong_unknown_place
    producer.name = "Cơ sở tương Nguyễn Thị Tỵ"
    producer.save()
    assert found(client, "nguyen thi ty") == names(shop.products.soy_sauce_jar)
    shop.products.soy_sauce_jar.refresh_from_db()
    assert "ba ty" not in shop.products.soy_sauce_jar.search_text

    village = shop.villages.duong_lam
    village.name = "Làng cổ Mông Phụ"
    village.save()
    assert found(client, "mong phu") == names(shop.products.sweets)

    producer = shop.producers.tea_company
    producer.description = "Ướp trà bằng hoa sen Hồ Tây theo lối cổ truyền."
    producer.save()
    assert found(client, "loi co truyen") == names(shop.products.lotus_tea)
    assert village.slug == "duong-lam"  # links stay


def test_search_queryset_works_outside_the_list(shop):
    assert set(Product.objects.listed().search("Bát Tràng")) == {
        shop.products.vase, shop.products.tea_set, shop.products.bowl,
    }


# --- Typos: corrected against the catalogue's own words, on SQLite and PostgreSQL alike -----

@pytest.mark.parametrize("query, shown", [
    ("bat trag", "bát tràng"), ("bat tranh", "bát tràng"), ("btt trang", "bát tràng"), ("duong lamm", "đường lâm"),
])
def test_a_small_typo_still_finds_the_product(client, shop, query, shown):
    response = client.get("/products/", {"q": query})
    expected = {"bat": names(shop.products.vase, shop.products.tea_set, shop.products.bowl),
                "btt": names(shop.products.vase, shop.products.tea_set, shop.products.bowl),
                "duong": names(shop.products.sweets)}[query.split()[0]]
    assert {product.name_vi for product in response.context["products"]} == expected
    assert response.context["search"].corrected_to == shown
    assert f"Đang hiển thị kết quả cho <strong>{shown}</strong>" in response.text


def test_the_page_links_to_what_was_typed_without_correction(client, shop):
    response = client.get("/products/", {"q": "bat trag", "stars": "5"})
    link = response.context["exact_search_query"]
    assert link.get("exact") == "1" and link.get("q") == "bat trag" and link.get("stars") == "5"
    exact = client.get("/products/", link)
    assert list(exact.context["products"]) == []
    assert not exact.context["search"].corrected_to


def test_no_correction_when_every_word_is_known(client, shop):
    certified_product(3, name_vi="Trang sức bạc", village=None, producer=shop.producers.tea_company)
    response = client.get("/products/", {"q": "bat trang"})
    assert {p.name_vi for p in response.context["products"]} == names(
        shop.products.vase, shop.products.tea_set, shop.products.bowl)
    assert not response.context["search"].corrected_to
    assert "Đang hiển thị kết quả cho" not in response.text


@postgres_only
def test_the_search_can_use_the_trigram_index(shop):
    """Plenty of rows and sequential scans switched off: if the condition is index-friendly
    (LIKE on the bare accent-free column), PostgreSQL answers it from the GIN trigram index."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = Product.objects.filter(Product.objects.search_condition("bat trang")).order_by().explain()
        assert "product_search_text_trgm" in plan, plan
        fuzzy_plan = Product.objects.filter(search_text__trigram_word_similar="bat trag").order_by().explain()
        assert "product_search_text_trgm" in fuzzy_plan, fuzzy_plan
