"""Rendered pieces kept in the worker's memory (catalogue/fragments.py): a staff edit shows on
the next request, the next day renders afresh, per-visitor input is never kept, memory is bounded."""

import datetime
import re

import pytest
from django.utils import timezone

from catalogue.fragments import Fragments
from tests.factories import BoothFactory, ShowroomFactory, certified_product

pytestmark = pytest.mark.django_db


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.text


def results_link(text):
    return re.search(r'<a href="#results">\D*(\d+)', text).group(1)


def test_a_staff_edit_of_the_product_shows_on_the_next_request(client, shop):
    vase = shop.products.vase
    url = f"/products/{vase.slug}/"
    assert "<h1>Bình gốm men lam</h1>" in get(client, url)
    assert "<h1>Bình gốm men lam</h1>" in get(client, url)  # kept
    vase.name_vi = "Bình gốm men lam cổ"
    vase.story_vi = "Câu chuyện mới về chiếc bình."
    vase.save()
    text = get(client, url)
    assert "<h1>Bình gốm men lam cổ</h1>" in text
    assert "Câu chuyện mới về chiếc bình." in text
    assert "Bình gốm men lam cổ" in get(client, f"/products/{shop.products.bowl.slug}/")  # its card


def test_a_new_showroom_and_a_new_booth_show_on_the_next_request(client):
    product = certified_product(name_vi="Trà sen Tây Hồ")
    url = f"/en/products/{product.slug}/"
    text = get(client, url)
    assert "No showroom has told us it sells this product yet." in text
    assert "Meet them at" not in text
    ShowroomFactory(name="Gian hàng OCOP Hồ Gươm").products.add(product)
    BoothFactory(producer=product.producer, label="B12", event__name_vi="Hội chợ OCOP mùa thu")
    text = get(client, url)
    assert "Gian hàng OCOP Hồ Gươm" in text
    assert "Meet them at" in text and "booth B12" in text


def test_the_next_day_renders_afresh(client, monkeypatch):
    product = certified_product()
    cert = product.current_certification
    url = f"/en/products/{product.slug}/"
    assert "OCOP certified until" in get(client, url)
    after_expiry = timezone.now() + (cert.valid_until - timezone.localdate() + datetime.timedelta(days=1))
    monkeypatch.setattr(timezone, "now", lambda: after_expiry)
    text = get(client, url)
    assert "This product is not currently OCOP-certified." in text
    assert "Where to buy" not in text


def test_where_to_buy_near_a_point_is_never_kept(client):
    product = certified_product()
    ShowroomFactory(name="Near one", latitude=21.0262, longitude=105.8217).products.add(product)
    url = f"/en/products/{product.slug}/"
    get(client, url)
    near = get(client, url + "?near=21.0285,105.8542")
    assert "Nearest to your location first." in near and 'class="distance"' in near
    assert "near=21.02850%2C105.85420" in near
    elsewhere = get(client, url + "?near=21.1404,105.5055")
    assert "near=21.14040%2C105.50550" in elsewhere
    plain = get(client, url)
    assert "Nearest to your location first." not in plain and 'class="distance"' not in plain


def test_the_footer_follows_the_site_owner_settings(client, settings):
    settings.SITE_OWNER_NAME = "Văn phòng A"
    assert "Văn phòng A" in get(client, "/villages/")
    settings.SITE_OWNER_NAME = "Văn phòng B"
    text = get(client, "/villages/")
    assert "Văn phòng B" in text and "Văn phòng A" not in text


def test_fragments_drop_the_least_recently_used_beyond_their_size():
    fragments = Fragments(max_chars=10)
    assert fragments.get_or_render("a", (1,), lambda: "aaaa") == "aaaa"
    fragments.get_or_render("b", (1,), lambda: "bbbb")
    fragments.get_or_render("a", (1,), lambda: "not rendered again")  # a is now the most recent
    fragments.get_or_render("c", (1,), lambda: "cccc")  # 12 characters: b goes
    assert len(fragments) == 2
    assert fragments.get_or_render("a", (1,), lambda: "new a") == "aaaa"
    assert fragments.get_or_render("b", (1,), lambda: "new b") == "new b"
    assert fragments.get_or_render("big", (), lambda: "x" * 11) == "x" * 11  # larger than all: not kept
    assert len(fragments) <= 2


def test_the_unfiltered_list_shows_a_staff_edit_on_the_next_request(client, shop):
    vase = shop.products.vase
    text = get(client, "/products/?sort=name")
    count = text.count('class="card product-card"')
    assert "Bình gốm men lam</a>" in text and results_link(text) == str(count)
    vase.name_vi = "Bình gốm men lam cổ"
    vase.save()
    certified_product(5, name_vi="Gốm mới", village=shop.villages.bat_trang)
    text = get(client, "/products/?sort=name")
    assert "Bình gốm men lam cổ</a>" in text and "Gốm mới</a>" in text
    assert text.count('class="card product-card"') == count + 1
    assert results_link(text) == str(count + 1)  # the kept filter form's count too


def test_a_list_page_seen_again_reads_only_the_products_whose_cards_are_not_kept(
        client, shop, django_assert_num_queries):
    first = get(client, "/en/products/?sort=name")
    with django_assert_num_queries(1):  # the content version; the cards and the form are kept
        assert get(client, "/en/products/?sort=name") == first
    # Another order shows the same products: their cards are kept, the page is the same set.
    by_stars = get(client, "/en/products/?sort=-stars")
    assert sorted(re.findall(r'<h3 class="card-title">.*?</h3>', by_stars)) == sorted(
        re.findall(r'<h3 class="card-title">.*?</h3>', first))
    # A card this worker has not rendered (another language) is read and rendered afresh.
    vietnamese = get(client, "/products/?sort=name")
    assert "Bình gốm men lam</a>" in vietnamese and "Bình gốm men lam</a>" not in first
