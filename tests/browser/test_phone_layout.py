"""On a phone (375×740, touch): nothing scrolls sideways, and the product filters can be used.

Full-page screenshots go to tests/artifacts/ (git-ignored) for a person to look at.
"""

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("browser_db")]

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
PHONE = {"viewport": {"width": 375, "height": 740}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}

# The elements sticking out past the right edge of the screen, deepest first, as "tag.class: text".
WIDER_THAN_THE_SCREEN = """() => {
  const width = window.innerWidth;
  const wide = [...document.body.querySelectorAll('*')].filter(el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && Math.round(box.right) > width && getComputedStyle(el).position !== 'fixed';
  });
  const deepest = wide.filter(el => !wide.some(other => other !== el && el.contains(other)));
  return deepest.slice(0, 10).map(el =>
    `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : ''}`
    + ` (right edge ${Math.round(el.getBoundingClientRect().right)}px): ${(el.innerText || '').slice(0, 60)}`);
}"""

# Words in table cells that the layout split across two lines ("Gia/n hà/ng"); breaking after a
# hyphen or slash is fine.
WORDS_SPLIT_IN_TABLES = """() => {
  const split = [];
  for (const cell of document.querySelectorAll('main th, main td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/[^\\s\\/\\-\u2010-\u2014]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) split.push(match[0]);
      }
    }
  }
  return split;
}"""


@pytest.fixture
def phone(new_page):
    return new_page(**PHONE)


def assert_fits_the_screen(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"phone-{name}.png", full_page=True)
    scroll_width, inner_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, (
        f"{page.url} is {scroll_width}px wide on a {inner_width}px screen; sticking out:\n  "
        + "\n  ".join(page.evaluate(WIDER_THAN_THE_SCREEN)))
    assert page.evaluate(WORDS_SPLIT_IN_TABLES) == [], f"{page.url}: words broken across lines in a table"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_page_scrolls_sideways_on_a_phone(phone, live_server, demo_pages, language):
    prefix = "" if language == "vi" else "/en"
    for name, path in demo_pages.items():
        phone.goto(prefix + path)
        if name == "showroom-locator":
            phone.wait_for_selector("#showroom-map.is-ready")
        assert_fits_the_screen(phone, f"{name}-{language}")
    assert phone.problems == []


def test_filters_work_with_a_thumb(phone, live_server, demo_pages):
    phone.goto("/en/products/")
    total = int(re.match(r"\d+", phone.locator("#results-heading").inner_text()).group())

    # The form is folded behind a button on a narrow screen; open, its link jumps past it to the results.
    filters = phone.get_by_role("complementary", name="Filter products")
    filters.get_by_text("Filters", exact=True).tap()
    skip = filters.get_by_role("link", name=f"Skip to the {total} results")
    skip.tap()
    phone.wait_for_function("() => location.hash === '#results'")
    assert phone.locator("#results-heading").evaluate(  # (sub-pixel rounding: -1)
        "el => { const box = el.getBoundingClientRect(); return box.top >= -1 && box.bottom <= window.innerHeight; }")

    # Tick 5 stars with a tap and show the products: as many as the option said.
    five_stars = filters.get_by_role("checkbox", name=re.compile(r"^5 stars"))
    promised = int(re.search(r"\((\d+)\)", five_stars.locator("xpath=..").inner_text()).group(1))
    five_stars.scroll_into_view_if_needed()
    with phone.expect_navigation():  # a filter applies as soon as it is ticked
        five_stars.tap()
    # Back with the form open and the box ticked, the focus where it was.
    assert five_stars.is_checked() and five_stars.evaluate("el => el === document.activeElement")
    assert parse_qs(urlsplit(phone.url).query)["stars"] == ["5"]
    shown = int(re.match(r"\d+", phone.locator("#results-heading").inner_text()).group())
    assert 0 < shown == promised < total
    stars = phone.locator("#results .card .star-count").all_inner_texts()
    assert stars and set(stars) == {"5 stars"}
    assert_fits_the_screen(phone, "product-list-filtered")
    assert phone.problems == []
