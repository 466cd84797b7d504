"""'Where to buy' on product pages: showrooms carrying the product, nearest first with ?near."""

import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from catalogue.models import Area
from tests.factories import ShowroomFactory, certified_product

pytestmark = pytest.mark.django_db


def render(product, query=""):
    request = RequestFactory().get(f"{product.get_absolute_url()}{query}")
    template = Template('{% include "showrooms/includes/where_to_buy.html" %}')
    with translation.override("en"):
        return template.render(Context({"product": product, "request": request}))


def names(html):
    return re.findall(r'<li><a href="/en/showrooms/[^"]+/">([^<]+)</a>', html)


@pytest.fixture
def product():
    return certified_product()


@pytest.fixture
def sellers(product):
    far = ShowroomFactory(name="A Sơn Tây", latitude=21.1404, longitude=105.5055,
                          area=Area.objects.get(slug="phuong-son-tay"))
    near = ShowroomFactory(name="B Giảng Võ", latitude=21.0262, longitude=105.8217)
    middle = ShowroomFactory(name="C Bát Tràng", latitude=20.9772, longitude=105.9129)
    far.products.add(product)
    near.producers.add(product.producer)  # through the producer
    middle.products.add(product)
    middle.producers.add(product.producer)  # both ways: listed once
    ShowroomFactory(name="D sells something else")
    ShowroomFactory(name="E closed down", is_active=False).products.add(product)
    return far, near, middle


def test_lists_the_showrooms_carrying_the_product_by_name(product, sellers):
    html = render(product)
    assert names(html) == ["A Sơn Tây", "B Giảng Võ", "C Bát Tràng"]
    assert f"/showrooms/?product={product.slug}" in html
    assert "<script src=" in html and "<script>" not in html


def test_nearest_first_when_near_is_known(product, sellers):
    html = render(product, "?near=21.0285,105.8542")
    assert names(html) == ["B Giảng Võ", "C Bát Tràng", "A Sơn Tây"]
    assert re.findall(r'<span class="distance">([^<]+)</span>', html) == ["3.4 km", "8.3 km", "38 km"]
    assert "near=21.02850%2C105.85420" in html


def test_bad_near_is_explained_and_the_list_still_shown(product, sellers):
    html = render(product, "?near=somewhere")
    assert names(html) == ["A Sơn Tây", "B Giảng Võ", "C Bát Tràng"]
    assert 'role="alert"' in html


def test_one_query_whatever_the_number_of_showrooms(product, django_assert_num_queries):
    for i in range(30):
        ShowroomFactory(name=f"Shop {i:02d}").products.add(product)
    with django_assert_num_queries(1):
        html = render(product, "?near=21.0285,105.8542")
    assert len(names(html)) == 5
    assert "All showrooms selling it" in html


def test_product_sold_nowhere_says_so(product):
    assert "No showroom has told us it sells this product yet." in render(product)


def test_no_where_to_buy_for_a_product_that_is_not_certified_now(sellers):
    product = sellers[0].products.get()
    product.certifications.update(status="revoked", revoked_on=product.rating_issued_on)
    product.refresh_rating()
    assert "Where to buy" not in render(product)


def test_product_page_shows_where_to_buy_nearest_first(client, product, sellers, django_assert_max_num_queries):
    url = f"/en/products/{product.slug}/?near=21.0285,105.8542"
    client.get(url)  # the worker's first visit reads the shared lookups (catalogue.filters)
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200
    section = response.text[response.text.index('id="where-to-buy"'):]
    assert names(section)[:3] == ["B Giảng Võ", "C Bát Tràng", "A Sơn Tây"]
