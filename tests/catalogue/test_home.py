"""The home page, and the error pages in the site's style."""

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

from tests.factories import certified_product

pytestmark = pytest.mark.django_db


def test_home_counts_products_per_star_level_with_links_to_the_list(client, shop):
    response = client.get("/")
    assert response.status_code == 200
    # 5★: vase, lotus tea; potential 5★: tea set; 4★ (the potential 5★ tea set counted apart): jar,
    # sweets; 3★: three.
    levels = {level.key: level.count for level in response.context["star_levels"]}
    assert levels == {"5": 2, "potential": 1, "4": 2, "3": 3}
    text = response.text
    for query, count in [("stars=5", 2), ("potential=1", 1), ("stars=4&amp;potential=0", 2), ("stars=3", 3)]:
        link = text[text.index(f'href="/products/?{query}"'):]
        assert f'<span class="count-number">{count}</span>' in link[:400]
        # Each link lists exactly the products its count counts.
        listed = client.get(f"/products/?{query.replace('&amp;', '&')}")
        assert listed.context["paginator"].count == count
    assert "Sản phẩm tiềm năng 5 sao được tính riêng" in text


def test_home_features_five_star_products(client, shop):
    text = client.get("/").text
    featured = text[text.index("Sản phẩm 5 sao"):text.index("Theo nhóm sản phẩm")]
    assert "Bình gốm men lam" in featured and "Chè sen Tây Hồ" in featured
    assert "Bộ ấm chén men rạn" not in featured
    assert "Gốm Bát Tràng đời cũ" not in featured  # expired, though rated 5★


def test_home_features_the_newest_five_star_certificates_as_the_list_orders_them(client, db):
    import datetime
    import re

    from django.utils import timezone

    from catalogue.views.browse import FEATURED_PRODUCTS
    from tests.factories import CertificationFactory, ProductFactory

    today = timezone.localdate()
    for age in range(FEATURED_PRODUCTS + 3):
        product = ProductFactory(name_vi=f"Sản phẩm cấp {age} ngày trước")
        CertificationFactory(product=product, stars=5, issued_on=today - datetime.timedelta(days=age + 1))
    certified_product(4, name_vi="Sản phẩm bốn sao mới nhất")

    def card_names(text):
        return re.findall(r'<h3 class="card-title"><a href="[^"]*">([^<]*)</a>', text)

    for _visit in range(2):  # the second time from the cards this worker keeps
        featured = card_names(client.get("/").text)
        assert featured == [f"Sản phẩm cấp {age} ngày trước" for age in range(FEATURED_PRODUCTS)]
    listed = card_names(client.get("/products/?stars=5&sort=-certified").text)
    assert featured == listed[:FEATURED_PRODUCTS]


def test_home_browses_by_the_six_groups_with_counts(client, shop):
    response = client.get("/")
    groups = {group.slug: group.listed_product_count for group in response.context["groups"]}
    assert groups == {"food": 4, "beverages": 1, "herbal": 0, "handicrafts": 3, "ornamentals": 0,
                      "tourism": 0}
    link = 'href="/products/?category=handicrafts">Hàng thủ công mỹ nghệ <span class="count">(3)</span>'
    assert link in response.text


def test_home_browses_by_craft_village_busiest_first(client, shop):
    response = client.get("/")
    assert [v.name for v in response.context["villages"]] == ["Bát Tràng", "Cự Đà", "Đường Lâm"]
    assert 'href="/villages/bat-trang/">Bát Tràng <span class="count">(3)</span>' in response.text


def test_home_search_box_goes_to_the_list(client, db):
    text = client.get("/").text
    assert 'action="/products/"' in text and 'name="q"' in text


def test_empty_catalogue_home_still_renders(client, db):
    response = client.get("/en/")
    assert response.status_code == 200
    assert "Hanoi OCOP products" in response.text


def test_home_runs_a_fixed_number_of_queries(client, shop, django_assert_max_num_queries):
    for n in range(12):
        certified_product(5, name_vi=f"Lụa Vạn Phúc số {n}")
    with django_assert_max_num_queries(8):  # 7 + 1 for the next events (events' include)
        client.get("/")


def test_the_500_page_stands_alone(db):
    # Rendered without a database or context processors: nothing in it may need them.
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Đã xảy ra lỗi" in response.content.decode()
