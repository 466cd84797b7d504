"""A visitor filters the product list through the form, shares the address, pages through the
results and switches language without losing their place."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories import certified_product, leaf_category

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("browser_db")]


@pytest.fixture
def catalogue(settings):
    """Seven 4★ food products (the ones the visitor wants) among others that differ in one way."""
    settings.PRODUCTS_PER_PAGE = 3  # seven matches → three pages
    wanted = [
        certified_product(stars=4, name_vi=f"Tương Cự Đà loại {n}", name_en=f"Cu Da soy sauce no. {n}",
                          category=leaf_category("1.4.a"))
        for n in range(1, 8)
    ]
    certified_product(stars=5, name_vi="Bánh cốm Vòng", name_en="Vong green rice cake",
                      category=leaf_category("1.3.b"))  # food, but 5★
    certified_product(stars=3, name_vi="Mật ong Ba Vì", name_en="Ba Vi honey",
                      category=leaf_category("1.2.b"))  # food, but 3★
    certified_product(stars=4, name_vi="Rượu Làng Vân", name_en="Van village rice spirit",
                      category=leaf_category("2.1.a"))  # 4★, but a beverage
    return wanted


def result_links(page) -> list[str]:
    """The products on the page, by address without the language prefix (names are translated)."""
    hrefs = page.locator("#results .card-title a").evaluate_all("links => links.map(a => a.pathname)")
    return [href.removeprefix("/en") for href in hrefs]


def filters_in(url: str) -> dict:
    return parse_qs(urlsplit(url).query)


def test_filter_share_page_through_and_switch_language(page, new_page, live_server, catalogue):
    page.goto("/products/")
    assert page.get_by_role("heading", name="10 sản phẩm").is_visible()

    # The visitor ticks "4 stars" and the "Food" product group: each applies as soon as it is ticked.
    filters = page.get_by_role("complementary", name="Lọc sản phẩm")
    with page.expect_navigation():
        filters.get_by_role("group", name="Hạng sao OCOP").get_by_role("checkbox", name=re.compile(r"^4 sao")).check()
    with page.expect_navigation():
        filters.get_by_role("checkbox", name=re.compile(r"^Thực phẩm \(")).check()

    # The address carries the filters, so it can be shared, and only those in use.
    assert urlsplit(page.url).path == "/products/"
    assert sorted(parse_qs(urlsplit(page.url).query, keep_blank_values=True)) == ["category", "sort", "stars"]
    assert filters_in(page.url)["stars"] == ["4"]
    assert filters_in(page.url)["category"] == ["food"]
    assert page.get_by_role("heading", name="7 sản phẩm").is_visible()
    first_page = result_links(page)
    assert len(first_page) == 3
    # The form shows what is in use.
    assert filters.get_by_role("checkbox", name=re.compile(r"^4 sao")).is_checked()
    assert not filters.get_by_role("checkbox", name=re.compile(r"^5 sao")).is_checked()

    # Someone else opens the shared address: same products, same order.
    friend = new_page()
    friend.goto(page.url)
    assert result_links(friend) == first_page
    assert friend.get_by_role("heading", name="7 sản phẩm").is_visible()

    # Paging through keeps the filters and shows each wanted product exactly once.
    seen = list(first_page)
    pagination = page.get_by_role("navigation", name="Trang")
    for number in (2, 3):
        with page.expect_navigation():
            pagination.get_by_role("link", name="Sau ›").click()
        assert filters_in(page.url)["page"] == [str(number)]
        assert filters_in(page.url)["stars"] == ["4"] and filters_in(page.url)["category"] == ["food"]
        assert pagination.get_by_text(f"Trang {number}/3").is_visible()
        seen += result_links(page)
    assert sorted(seen) == sorted(product.get_absolute_url() for product in catalogue)
    assert pagination.get_by_role("link", name="Sau ›").count() == 0

    # Back to page 2, then English: same page, same filters, same products, now in English.
    with page.expect_navigation():
        pagination.get_by_role("link", name="‹ Trước").click()
    page_two = result_links(page)
    with page.expect_navigation():
        page.get_by_role("list", name="Ngôn ngữ").get_by_role("link", name="EN").click()
    assert urlsplit(page.url).path == "/en/products/"
    assert {k: v for k, v in filters_in(page.url).items() if k != "sort"} == {
        "stars": ["4"], "category": ["food"], "page": ["2"]}
    assert page.locator("html").get_attribute("lang") == "en"
    stars = page.locator("#results .card .star-count").all_inner_texts()
    assert stars and set(stars) == {"4 stars"}
    assert page.get_by_role("navigation", name="Pages").get_by_text("Page 2 of 3").is_visible()
    assert result_links(page) == page_two
    assert page.locator("#results .card-title a").first.inner_text().startswith("Cu Da soy sauce")
    english_filters = page.get_by_role("complementary", name="Filter products")
    assert english_filters.get_by_role("checkbox", name=re.compile(r"^4 stars")).is_checked()
    assert english_filters.get_by_role("checkbox", name=re.compile(r"^Food \(")).is_checked()
    assert page.problems == [] and friend.problems == []


def test_without_javascript_the_filter_and_sort_buttons_do_the_same(new_page, live_server, catalogue):
    page = new_page(java_script_enabled=False)
    page.goto("/en/products/")
    filters = page.get_by_role("complementary", name="Filter products")
    filters.get_by_role("checkbox", name=re.compile(r"^4 stars")).check()
    with page.expect_navigation():
        filters.get_by_role("button", name="Show products").click()
    assert filters_in(page.url)["stars"] == ["4"]
    page.get_by_label("Sort by").select_option("-certified")
    with page.expect_navigation():
        page.get_by_role("button", name="Sort").click()
    assert filters_in(page.url)["stars"] == ["4"] and filters_in(page.url)["sort"] == ["-certified"]
    stars = page.locator("#results .card .star-count").all_inner_texts()
    assert stars and set(stars) == {"4 stars"}
