"""One definition of the star levels on the home page and the statistics: 5★, potential 5★, 4★
and 3★, each listed product in exactly one; a potential 5★ (rated 4★) is never also a 4★."""

import datetime
import re

import pytest

from tests.factories import CertificationFactory, ProductFactory, certified_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def levels():
    """2 × 5★, 3 × potential 5★, 4 × 4★, 1 × 3★ listed; one expired 4★ not counted anywhere."""
    for stars, n in [(5, 2), (4, 4), (3, 1)]:
        for _ in range(n):
            certified_product(stars=stars)
    for _ in range(3):
        CertificationFactory(product=ProductFactory(), stars=4, potential_five_star=True)
    CertificationFactory(product=ProductFactory(), stars=4, issued_on=datetime.date(2020, 1, 1))  # expired
    return {"5": 2, "potential": 3, "4": 4, "3": 1}


def home_counts(text):
    links = re.findall(r'href="/(?:en/)?products/\?([^"]+)">(?:(?!</a>).)*<span class="count-number">(\d+)</span>',
                       text, re.S)
    return dict(links)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_home_and_statistics_count_each_level_the_same(client, levels, prefix):
    home = client.get(f"{prefix}/")
    assert home_counts(home.text) == {"stars=5": "2", "potential=1": "3", "stars=4&amp;potential=0": "4",
                                      "stars=3": "1"}
    stats = client.get(f"{prefix}/statistics/")
    assert [row.value for row in stats.context["stats"]["stars"].rows] == [2, 3, 4, 1]
    assert stats.context["stats"]["total"] == sum(levels.values()) == 10
    note = {"": "Sản phẩm tiềm năng 5 sao được tính riêng",
            "/en": "Potential 5-star products are counted separately"}[prefix]
    assert note in home.text and note in stats.text


def test_the_4_star_link_lists_the_4_star_products_without_the_potential_5_star_ones(client, levels):
    page = client.get("/products/?stars=4&potential=0")
    assert page.context["paginator"].count == 4
    assert not any(p.rating_potential_five_star for p in page.context["object_list"])
    assert client.get("/products/?stars=4").context["paginator"].count == 7  # the rating filter itself
