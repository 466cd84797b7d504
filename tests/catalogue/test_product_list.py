"""/products/: every filter alone and combined, facet counts, sorting, paging, bad input, query count."""

import datetime

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalogue.filters import ProductFilter
from catalogue.models import Producer, Product, ProductImage
from tests.factories import CertificationFactory, CraftVillageFactory, ProductFactory, area, certified_product

pytestmark = pytest.mark.django_db

LIST = "/products/"


def shown(client, query=""):
    """The names of the products the list shows for ``query`` (the page holds them all here)."""
    response = client.get(f"{LIST}?{query}" if query else LIST)
    assert response.status_code == 200
    return {product.name_vi for product in response.context["products"]}


def names(*products):
    return {product.name_vi for product in products}


# --- Every filter alone --------------------------------------------------------------------

def test_without_filters_the_list_shows_every_listed_product_and_nothing_else(client, shop):
    assert shown(client) == names(*shop.listed)
    page = client.get(LIST).text
    assert shop.expired.name_vi not in page and shop.revoked.name_vi not in page


@pytest.mark.parametrize("query, expected", [
    ("stars=5", ["vase", "lotus_tea"]),
    ("stars=3", ["bowl", "soy_sauce", "rice_wine"]),
    ("stars=4&stars=5", ["vase", "lotus_tea", "tea_set", "soy_sauce_jar", "sweets"]),
    ("potential=1", ["tea_set"]),
    # A group includes its sub-groups and categories; a sub-group and a leaf work too.
    ("category=handicrafts", ["vase", "tea_set", "bowl"]),
    ("category=food", ["soy_sauce", "soy_sauce_jar", "lotus_tea", "sweets"]),
    ("category=condiments", ["soy_sauce", "soy_sauce_jar"]),
    ("category=liquid-condiments", ["soy_sauce", "soy_sauce_jar"]),
    ("category=tea&category=beverages", ["lotus_tea", "rice_wine"]),
    ("village=bat-trang", ["vase", "tea_set", "bowl"]),
    ("village=duong-lam", ["sweets"]),
    ("producer_kind=cooperative", ["vase", "sweets"]),
    ("producer_kind=household", ["bowl", "soy_sauce", "soy_sauce_jar", "rice_wine"]),
    ("q=bat+trang", ["vase", "tea_set", "bowl"]),
])
def test_each_filter_alone(client, shop, query, expected):
    assert shown(client, query) == names(*(getattr(shop.products, key) for key in expected))


@pytest.mark.parametrize("query, expected", [
    # Today's ward/commune ...
    ("area=xa-bat-trang", ["vase", "tea_set", "bowl"]),
    ("area=phuong-son-tay", ["sweets"]),
    ("area=phuong-tung-thien", ["rice_wine"]),
    # ... or the former district, which covers every unit formed from it.
    ("area=huyen-gia-lam", ["vase", "tea_set", "bowl"]),
    ("area=thi-xa-son-tay", ["sweets", "rice_wine"]),
    # The jar's producer has no area on record: its craft village's commune stands in.
    ("area=xa-thanh-oai", ["soy_sauce", "soy_sauce_jar"]),
    ("area=huyen-thanh-oai", ["soy_sauce", "soy_sauce_jar"]),
    ("area=quan-tay-ho", ["lotus_tea"]),
    # Known place, no products.
    ("area=xa-phu-xuyen", []),
    ("area=huyen-phu-xuyen", []),
])
def test_area_accepts_a_ward_or_commune_and_a_former_district(client, shop, query, expected):
    assert shown(client, query) == names(*(getattr(shop.products, key) for key in expected))


# --- Combined ------------------------------------------------------------------------------

@pytest.mark.parametrize("query, expected", [
    ("stars=4&stars=5&category=handicrafts", ["vase", "tea_set"]),
    ("stars=3&area=huyen-thanh-oai", ["soy_sauce"]),
    ("village=bat-trang&producer_kind=enterprise", ["tea_set"]),
    ("q=tuong&stars=4", ["soy_sauce_jar"]),
    ("category=food&area=thi-xa-son-tay&producer_kind=cooperative", ["sweets"]),
    ("potential=1&village=bat-trang&area=xa-bat-trang&category=handicrafts&producer_kind=enterprise"
     "&stars=4&q=gom", ["tea_set"]),
    ("potential=1&stars=5", []),
    ("village=cu-da&area=huyen-gia-lam", []),
])
def test_filters_combine(client, shop, query, expected):
    assert shown(client, query) == names(*(getattr(shop.products, key) for key in expected))


def test_the_form_shows_the_filters_in_use_so_the_url_can_be_shared(client, shop):
    page = client.get(f"{LIST}?stars=4&stars=5&potential=1&category=food&village=cu-da"
                      "&area=huyen-thanh-oai&producer_kind=household&q=tuong").text
    assert 'name="stars" value="4" checked' in page and 'name="stars" value="5" checked' in page
    assert 'name="stars" value="3">' in page
    assert 'name="potential" value="1" checked' in page
    assert 'name="category" value="food" checked' in page
    assert '<option value="cu-da" selected>' in page
    assert '<option value="huyen-thanh-oai" selected>' in page
    assert '<option value="household" selected>' in page
    assert 'name="q" value="tuong"' in page


def test_each_filter_in_use_has_a_link_that_removes_just_it(client, shop):
    response = client.get(f"{LIST}?stars=4&stars=5&village=bat-trang&page=1")
    page = response.text
    assert 'href="/products/?stars=4&amp;village=bat-trang"' in page  # removes 5★ (and the page)
    assert 'href="/products/?stars=4&amp;stars=5"' in page  # removes the village
    assert shown(client, "stars=4&village=bat-trang") == names(shop.products.tea_set)


def test_no_match_shows_a_clear_empty_state(client, shop):
    page = client.get(f"{LIST}?potential=1&stars=5").text
    assert "Không có sản phẩm được chứng nhận nào phù hợp với các bộ lọc này." in page
    assert 'href="/products/"' in page


def test_english_list(client, shop):
    response = client.get(f"/en{LIST}?stars=5")
    assert response.status_code == 200
    assert "2 products" in response.text
    assert "Blue-glazed vase" in response.text


# --- Facet counts --------------------------------------------------------------------------

FILTER_STATES = [
    "",
    "stars=5",
    "stars=4&stars=3",
    "potential=1",
    "category=food",
    "category=handicrafts&category=tea",
    "village=bat-trang",
    "area=huyen-thanh-oai",
    "area=thi-xa-son-tay&producer_kind=household",
    "q=tuong",
    "q=bat+trang&stars=3&stars=4",
    "stars=4&category=food&area=xa-thanh-oai&producer_kind=household",
]


def _with_option(query: str, param: str, value: str) -> str:
    """``query`` with ``param`` narrowed to just ``value``: what choosing that option gives."""
    kept = [pair for pair in query.split("&") if pair and not pair.startswith(f"{param}=")]
    return "&".join(kept + [f"{param}={value}"])


def real_count(query: str) -> int:
    """What the list's own filters give for ``query``: a plain COUNT, independent of the facets."""
    return ProductFilter(QueryDict(query), queryset=Product.objects.listed()).qs.count()


@pytest.mark.parametrize("query", FILTER_STATES)
def test_every_facet_count_equals_the_products_that_option_gives(client, shop, query):
    facets = client.get(f"{LIST}?{query}").context["facets"]
    checked = 0
    for facet in facets.values():
        pending = list(facet.options)
        while pending:
            option = pending.pop()
            pending += option.children
            assert option.count == real_count(_with_option(query, facet.param, option.value)), (
                facet.param, option.value)
            checked += 1
    assert checked >= 8


def test_real_count_is_what_the_page_lists(client, shop):
    query = "q=tuong&stars=4&stars=3&area=huyen-thanh-oai"
    assert real_count(query) == len(client.get(f"{LIST}?{query}").context["products"]) == 2


@pytest.mark.parametrize("query", FILTER_STATES)
def test_the_result_count_equals_the_products_listed(client, shop, query):
    response = client.get(f"{LIST}?{query}")
    count = len(response.context["products"])
    assert response.context["paginator"].count == count
    assert f">{count} sản phẩm<" in response.text


def test_facets_count_with_the_other_filters_but_not_their_own(client, shop):
    facets = client.get(f"{LIST}?stars=5&village=bat-trang").context["facets"]
    stars = {option.value: option.count for option in facets["stars"].options}
    # Within Bát Tràng (the other filter), whatever the stars filter says.
    assert stars == {"5": 1, "4": 1, "3": 1}
    villages = {option.value: option.count for option in facets["village"].options}
    # Among 5-star products, whatever the village filter says: Tây Hồ lotus tea has no village.
    assert villages == {"bat-trang": 1}


def test_facet_options_show_their_counts_on_the_page(client, shop):
    page = client.get(LIST).text
    assert "Bát Tràng (3)" in page
    assert "Xã Thanh Oai (2)" in page and "Huyện Thanh Oai (2)" in page
    assert "Hợp tác xã (2)" in page


# --- Sorting -------------------------------------------------------------------------------

def test_default_order_is_vietnamese_alphabetical(client, shop):
    listed = [p.name_vi for p in client.get(LIST).context["products"]]
    # Vietnamese order: "Bát" before "Bình" before "Bộ"; "Chè" before "Kẹo"; "Tương" before "Tương bần".
    assert listed == [
        "Bát ăn cơm vẽ tay", "Bình gốm men lam", "Bộ ấm chén men rạn", "Chè sen Tây Hồ", "Kẹo dồi lạc",
        "Rượu nếp cái hoa vàng", "Tương bần hũ sành", "Tương Cự Đà",
    ]
    assert [p.name_vi for p in client.get(f"{LIST}?sort=name").context["products"]] == listed


def test_sort_by_stars_puts_five_stars_then_potential_first(client, shop):
    listed = list(client.get(f"{LIST}?sort=-stars").context["products"])
    assert [p.rating_stars for p in listed] == sorted((p.rating_stars for p in listed), reverse=True)
    four_stars = [p for p in listed if p.rating_stars == 4]
    assert four_stars[0] == shop.products.tea_set  # potential 5-star leads the 4-stars


def test_sort_by_newest_certification(client, shop):
    today = timezone.localdate()
    newest = CertificationFactory(product__name_vi="Cốm làng Vòng", stars=3, issued_on=today).product
    oldest = CertificationFactory(product__name_vi="Miến dong", stars=3,
                                  issued_on=today - datetime.timedelta(days=900)).product
    listed = list(client.get(f"{LIST}?sort=-certified").context["products"])
    assert listed[0] == newest
    assert listed[-1] == oldest
    issued = [product.rating_issued_on for product in listed]
    assert issued == sorted(issued, reverse=True)


def test_search_is_ranked_by_relevance_unless_a_sort_is_chosen(client, shop):
    named = certified_product(3, name_vi="Ấm tích Bát Tràng", village=shop.villages.bat_trang)
    by_relevance = list(client.get(f"{LIST}?q=bat+trang").context["products"])
    assert by_relevance[0] == named  # the only one with "Bát Tràng" in its own name
    by_stars = list(client.get(f"{LIST}?q=bat+trang&sort=-stars").context["products"])
    assert by_stars[0] == shop.products.vase


# --- Paging --------------------------------------------------------------------------------

@pytest.fixture
def thirty_products(db):
    return [certified_product(4, name_vi=f"Nón lá số {n:02d}") for n in range(30)]


def test_24_products_a_page_and_links_keep_the_filters(client, thirty_products):
    first = client.get(f"{LIST}?stars=4")
    assert len(first.context["products"]) == 24
    assert 'href="?stars=4&amp;page=2"' in first.text
    second = client.get(f"{LIST}?stars=4&page=2")
    assert len(second.context["products"]) == 6
    assert not set(first.context["products"]) & set(second.context["products"])
    assert "Trang 2/2" in second.text
    assert 'href="?stars=4&amp;page=1"' in second.text


@pytest.mark.parametrize("page, shown_page, notice", [
    ("999999", 2, "Không có trang 999999"),
    ("0", 2, "Không có trang 0"),
    ("-1", 2, "Không có trang -1"),
    ("abc", 1, "“abc” không phải là số trang"),
    ("1.5", 1, "“1.5” không phải là số trang"),
    ("9" * 5000, 1, "không phải là số trang"),
])
def test_a_page_that_does_not_exist_shows_a_nearby_page_and_says_so(client, thirty_products, page, shown_page,
                                                                    notice):
    response = client.get(LIST, {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number == shown_page
    assert notice in response.text


# --- Bad input never fails -----------------------------------------------------------------

NASTY_QUERIES = [
    "stars=abc", "stars=", "stars=2", "stars=6", "stars=5.0", "stars=%F0%9F%8F%BA", "stars[]=5",
    "potential=2", "potential=true", "potential=", "potential=%00",
    "category=nonexistent", "category=", "category=%00", "category=food%00", "category=../../etc/passwd",
    "village=nope", "village=%27%20OR%201%3D1%20--", "village=bat-trang&village=duong-lam",
    "area=huyen-khong-co", "area=gia-lam", "area=xa-bat-trang%00", "area=%E2%80%AE",
    "producer_kind=alien", "producer_kind=ENTERPRISE",
    "sort=bogus", "sort=-rating_stars", "sort=name;DROP TABLE catalogue_product",
    "q=%00", "q=%27%20OR%20%271%27%3D%271", "q=%25", "q=_", "q=%5C", "q=%25%25%25_%5C",
    "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "q=%F0%9F%8F%BA%20g%E1%BB%91m", "q=%FF%FE%FD",
    "q=" + "a" * 201, "q=" + "gom+" * 200, "q=" + "%E1%BB%91" * 300, "q=+++", "q=!!!",
    "page=abc", "page=-1", "page=0", "page=999999", "page=1e10", "page=" + "9" * 400, "page=%00",
    "unknown=1", "stars=5&stars=abc&stars=5", "%00=%00", "&&&", "=", "q",
    "stars=abc&page=999&category=zzz&category=food&village=nope&area=%00&sort=x&q=" + "x" * 300,
]


@pytest.mark.parametrize("query", NASTY_QUERIES)
def test_garbage_in_the_query_string_never_fails_the_page(client, shop, query):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    assert "<script>alert" not in response.text


@pytest.mark.parametrize("query, kept, notice", [
    ("stars=abc&stars=5", ["vase", "lotus_tea"],
     "Đã bỏ qua “abc” của bộ lọc “Số sao”: giá trị không hợp lệ."),
    ("category=nonexistent&category=tea", ["lotus_tea"], "Đã bỏ qua “nonexistent”"),
    ("village=nope&stars=5", ["vase", "lotus_tea"], "Đã bỏ qua “nope” của bộ lọc “Làng nghề”"),
    ("area=huyen-khong-co&stars=5", ["vase", "lotus_tea"], "Đã bỏ qua “huyen-khong-co”"),
    ("producer_kind=alien&stars=5", ["vase", "lotus_tea"], "Đã bỏ qua “alien”"),
    ("potential=2&stars=5", ["vase", "lotus_tea"], "Đã bỏ qua “2”"),
    ("sort=bogus&stars=5", ["vase", "lotus_tea"], "Đã bỏ qua “bogus”"),
    ("q=" + "a" * 201 + "&stars=5", ["vase", "lotus_tea"], "tối đa 200"),
])
def test_a_bad_value_is_ignored_with_a_visible_message_and_the_rest_still_applies(client, shop, query, kept,
                                                                                   notice):
    response = client.get(f"{LIST}?{query}")
    expected = names(*(getattr(shop.products, key) for key in kept))
    assert {p.name_vi for p in response.context["products"]} == expected
    assert notice in response.text


def test_the_message_about_a_huge_value_shortens_it(client, shop):
    response = client.get(LIST, {"village": "x" * 5000})
    assert response.status_code == 200
    assert f"Đã bỏ qua “{'x' * 39}…” của bộ lọc “Làng nghề”" in response.text


# --- Queries -------------------------------------------------------------------------------

FULL_QUERY = ("q=gom&stars=4&stars=5&potential=1&category=handicrafts&village=bat-trang&area=huyen-gia-lam"
              "&producer_kind=enterprise&sort=-stars")


def _add_products(count, village):
    for n in range(count):
        product = certified_product(4, name_vi=f"Gốm men rạn số {n}", village=village,
                                    category=village.products.first().category,
                                    producer=village.products.first().producer)
        ProductImage.objects.create(product=product, image="products/x.jpg", alt_text="Ảnh", position=0)


@pytest.mark.parametrize("query", ["", FULL_QUERY, "q=bat+trag", "stars=4&page=2"])
def test_the_list_runs_at_most_11_queries(client, shop, django_assert_max_num_queries, query):
    # The budget: content version, four filter option lists (groups, villages, places and their
    # former districts), the spelling check and word probes of a search, the facet counts, the page
    # of products, their images, and the villages/producers a search also names. None grows with
    # the 30 products (test_the_query_count_does_not_grow_with_products_or_a_full_page).
    _add_products(30, shop.villages.bat_trang)
    with django_assert_max_num_queries(11):
        assert client.get(f"{LIST}?{query}").status_code == 200


@pytest.mark.parametrize("query", ["", FULL_QUERY, "q=bat+trag", "stars=4&page=2"])
def test_the_list_runs_at_most_8_queries_once_the_filter_options_are_loaded(
        client, shop, django_assert_max_num_queries, query):
    # The filter options are loaded once per worker and content version; every later request
    # (any filters, any search, a typo corrected) stays within the list's budget of 8.
    _add_products(30, shop.villages.bat_trang)
    assert client.get(f"{LIST}?stars=3").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(f"{LIST}?{query}").status_code == 200


@pytest.mark.parametrize("query", ["", FULL_QUERY])
def test_the_query_count_does_not_grow_with_products_or_a_full_page(client, shop, query):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"{LIST}?{query}").status_code == 200
        return len(ctx)

    few = queries()
    _add_products(40, shop.villages.bat_trang)  # fills a page of 24, each with an image
    ProductFactory.create_batch(5)  # unlisted products change nothing either
    assert queries() == few


def test_producer_kind_options_are_the_three_kinds(client, shop):
    kinds = [o.value for o in client.get(LIST).context["facets"]["producer_kind"].options]
    assert kinds == [value for value, _label in Producer.Kind.choices]


def test_thousands_of_parameters_are_a_400_not_a_500(client, shop):
    # Django refuses more than DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000) parameters as a bad request.
    response = client.get(f"{LIST}?" + "&".join(["stars=5"] * 1100))
    assert response.status_code == 400


def test_a_long_village_list_shows_the_busiest_villages_and_links_to_all_of_them(client, monkeypatch):
    from catalogue import facets

    busy = CraftVillageFactory(name="Làng Bát Tràng", slug="bat-trang-busy", area=area("xa-bat-trang"))
    quiet = [CraftVillageFactory(name=f"Làng số {n:02d}", area=area("xa-bat-trang")) for n in range(4)]
    certified_product(5, village=busy)
    certified_product(4, village=busy)
    for village in quiet:
        certified_product(4, village=village)
    monkeypatch.setattr(facets, "VILLAGE_OPTIONS", 2)  # Hà Nội has 1,350; the demo a dozen
    response = client.get(f"/en/products/?village={quiet[3].slug}")
    shown = [option.value for option in response.context["facets"]["village"].options]
    # The busiest and the chosen one, in name order; the page says there are more.
    assert shown[0] == "bat-trang-busy" and quiet[3].slug in shown and len(shown) == 3
    assert "all 5 craft villages" in response.text and 'href="/en/villages/"' in response.text
    # A village left out of the list still filters.
    assert [p.village for p in response.context["products"]] == [quiet[3]]
