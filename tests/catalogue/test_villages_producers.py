"""/villages/, /villages/<slug>/ and /producers/<slug>/."""

import pytest

from tests.factories import CraftVillageFactory, certified_product

pytestmark = pytest.mark.django_db


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_village_list_counts_listed_products_only(client, shop):
    response = get(client, "/villages/")
    villages = {village.name: village.listed_product_count for village in response.context["page_obj"]}
    assert villages == {"Bát Tràng": 3, "Cự Đà": 2, "Đường Lâm": 1}  # expired and revoked not counted
    assert "3 sản phẩm được công nhận" in response.text
    assert 'href="/villages/bat-trang/"' in response.text


@pytest.mark.parametrize("place, expected", [
    ("xa-bat-trang", {"Bát Tràng"}),
    ("huyen-gia-lam", {"Bát Tràng"}),
    ("thi-xa-son-tay", {"Đường Lâm"}),
    ("phuong-son-tay", {"Đường Lâm"}),
])
def test_village_list_filters_by_ward_commune_or_former_district(client, shop, place, expected):
    response = get(client, f"/villages/?area={place}")
    assert {village.name for village in response.context["page_obj"]} == expected


def test_village_list_offers_only_places_that_have_villages(client, shop):
    page = get(client, "/villages/").text
    assert '<option value="huyen-gia-lam">Huyện Gia Lâm</option>' in page
    assert 'value="xa-phu-xuyen"' not in page


@pytest.mark.parametrize("query", ["area=nowhere", "area=%00", "area=" + "x" * 3000, "page=abc", "page=-5",
                                   "page=99999"])
def test_village_list_survives_bad_input(client, shop, query):
    response = get(client, f"/villages/?{query}")
    assert len(response.context["page_obj"].object_list) == 3


def test_village_list_says_which_place_it_ignored(client, shop):
    assert "Đã bỏ qua “nowhere” của bộ lọc “Địa bàn”" in get(client, "/villages/?area=nowhere").text


def test_village_page_shows_its_facts_listed_products_and_producers(client, shop):
    village = shop.villages.bat_trang
    village.is_traditional, village.recognised_year = True, 1958
    village.save()
    response = get(client, "/villages/bat-trang/")
    text = response.text
    assert "<h1>Bát Tràng</h1>" in text
    assert "Gốm sứ" in text and "Làng gốm hơn 700 năm bên sông Hồng." in text
    assert "Xã Bát Tràng" in text and "Huyện Gia Lâm" in text
    assert "Làng nghề truyền thống được công nhận từ năm 1958" in text
    assert {p.name_vi for p in response.context["page_obj"]} == {
        "Bình gốm men lam", "Bộ ấm chén men rạn", "Bát ăn cơm vẽ tay"}
    assert "Gốm Bát Tràng đời cũ" not in text
    assert {p.name for p in response.context["producers"]} == {
        "HTX Gốm sứ Bát Tràng", "Công ty TNHH Gốm Minh Long Hà Nội", "Hộ kinh doanh Nguyễn Văn Lộc"}
    assert 'href="/products/?village=bat-trang"' in text


def test_village_without_listed_products_says_so(client, db):
    CraftVillageFactory(name="Làng nón Chuông", area=None)
    text = get(client, "/villages/lang-non-chuong/").text
    assert "Hiện chưa có sản phẩm nào của làng nghề này còn hiệu lực chứng nhận OCOP." in text


def test_producer_page_shows_its_details_and_listed_products(client, shop):
    producer = shop.producers.gom_coop
    producer.phone, producer.website = "024 3874 0000", "https://gombattrang.example.vn"
    producer.address = "Thôn 3, xã Bát Tràng"
    producer.save()
    response = get(client, f"/producers/{producer.slug}/")
    text = response.text
    assert "<h1>HTX Gốm sứ Bát Tràng</h1>" in text
    assert "Hợp tác xã" in text
    assert "Thôn 3, xã Bát Tràng" in text and "Xã Bát Tràng" in text
    assert 'href="tel:02438740000"' in text
    assert 'href="https://gombattrang.example.vn"' in text
    assert [p.name_vi for p in response.context["page_obj"]] == ["Bình gốm men lam"]  # not the expired one
    assert "1 sản phẩm được công nhận" in text


def test_producer_pages_paginate_24_products(client, shop):
    producer = shop.producers.tea_company
    for n in range(25):
        certified_product(4, name_vi=f"Trà sen số {n:02d}", producer=producer)
    first = get(client, f"/producers/{producer.slug}/")
    assert len(first.context["page_obj"]) == 24
    assert 'href="?page=2"' in first.text
    assert len(get(client, f"/producers/{producer.slug}/?page=2").context["page_obj"]) == 2
    assert get(client, f"/producers/{producer.slug}/?page=zzz").context["page_obj"].number == 1


@pytest.mark.parametrize("url", ["/villages/khong-co/", "/producers/khong-co/", "/en/villages/khong-co/",
                                 "/products/khong-co/", "/villages/bat-trang/extra/"])
def test_unknown_slugs_are_404(client, shop, url):
    assert client.get(url).status_code == 404


def test_every_public_page_answers_in_both_languages(client, shop):
    urls = ["/", "/products/", f"/products/{shop.products.vase.slug}/", f"/products/{shop.expired.slug}/",
            "/villages/", "/villages/bat-trang/", f"/producers/{shop.producers.gom_coop.slug}/"]
    for url in urls:
        for prefix in ("", "/en"):
            assert client.get(prefix + url).status_code == 200, prefix + url


@pytest.mark.parametrize("url", ["/villages/", "/villages/bat-trang/"])
def test_village_pages_run_a_fixed_number_of_queries(client, shop, django_assert_max_num_queries, url):
    for n in range(10):
        CraftVillageFactory(name=f"Làng nghề thêm {n}")
        certified_product(3, name_vi=f"Gốm thêm {n}", village=shop.villages.bat_trang)
    with django_assert_max_num_queries(7):
        get(client, url)


def test_producer_page_runs_a_fixed_number_of_queries(client, shop, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        get(client, f"/producers/{shop.producers.gom_coop.slug}/")
