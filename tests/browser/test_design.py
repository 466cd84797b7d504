"""The design pass, measured in a real browser at a desktop's 1366 px and a phone's 390 × 844:
the header and its phone menu, the footer's contact, the product list on a phone, the month
calendar, the verify results. Screenshots of the main pages in both languages and both widths go
to tests/artifacts/ (git-ignored) for a person to look at."""

from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("browser_db")]

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}


def box(page, selector):
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_phone_header_is_one_short_row_with_a_keyboard_menu(new_page, live_server, demo_pages, language):
    page = new_page(**PHONE)
    prefix = "" if language == "vi" else "/en"
    page.goto(prefix + "/products/")
    assert box(page, ".site-header")["height"] <= 72
    # The links are folded away: the menu button is the way in.
    products_label = "Sản phẩm" if language == "vi" else "Products"
    menu = page.locator("details.nav-menu")
    link = menu.get_by_role("link", name=products_label, exact=True)
    assert not link.is_visible()
    page.locator(".site-header .brand").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    assert link.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == products_label
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(prefix + "/products/")
    assert page.problems == []


def test_phone_menu_works_without_javascript(new_page, live_server, demo_pages):
    page = new_page(**PHONE, java_script_enabled=False)
    page.goto("/en/")
    page.locator("details.nav-menu > summary").tap()
    page.locator("details.nav-menu").get_by_role("link", name="Events").tap()
    page.wait_for_url("**/en/events/")


def test_desktop_header_shows_the_links_and_the_programme(new_page, live_server, demo_pages):
    page = new_page(**DESKTOP)
    page.goto("/")
    header = page.locator(".site-header")
    assert header.get_by_text("Chương trình OCOP Hà Nội").is_visible()
    assert page.locator("nav.main-nav").get_by_role("link", name="Sự kiện").is_visible()
    assert not page.locator("details.nav-menu").is_visible()
    assert box(page, ".site-header")["height"] <= 80
    # The heading has room under the header.
    assert box(page, "h1")["y"] - (box(page, ".site-header")["y"] + box(page, ".site-header")["height"]) >= 24


@pytest.mark.parametrize("width", WIDTHS)
def test_footer_gives_the_office_and_its_contact(new_page, live_server, demo_pages, settings, width):
    settings.SITE_OWNER_PHONE = "024 3382 0000"
    settings.SITE_OWNER_EMAIL = "ocop@example.vn"
    page = new_page(**WIDTHS[width])
    page.goto("/en/products/")
    footer = page.locator("footer.site-footer")
    footer.scroll_into_view_if_needed()
    assert footer.get_by_role("heading", name=settings.SITE_OWNER_NAME_EN).is_visible()
    assert footer.get_by_role("link", name="024 3382 0000").get_attribute("href") == "tel:02433820000"
    assert footer.get_by_role("link", name="ocop@example.vn").is_visible()
    for link in ("Statistics", "Open data", "Staff sign-in"):
        assert footer.get_by_role("link", name=link).is_visible()
    assert footer.get_by_text("Data from the OCOP certification decisions").is_visible()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_products_come_first_on_a_phone_two_across(new_page, live_server, demo_pages, language):
    page = new_page(**PHONE)
    page.goto(("" if language == "vi" else "/en") + "/products/?stars=4&stars=5")
    toggle = page.locator(".filters-toggle")
    assert toggle.inner_text().strip() in ("Bộ lọc (2)", "Filters (2)")  # two filters in use
    cards = page.locator("#results .product-card")
    first, second = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
    assert first["y"] + first["height"] <= 1.25 * 844, "the first product is below the first screen and a quarter"
    assert second["y"] == first["y"] and second["x"] > first["x"] + first["width"], "cards are not two across"
    assert first["width"] >= 150


def test_sort_applies_as_soon_as_it_changes(new_page, live_server, demo_pages):
    page = new_page(**DESKTOP)
    page.goto("/en/products/?stars=5")
    assert not page.get_by_role("button", name="Sort").is_visible()  # not needed with JavaScript
    assert page.locator("#filters-fold").evaluate("el => el.open")  # the form is open on a wide screen
    with page.expect_navigation():
        page.get_by_label("Sort by").select_option("-certified")
    assert "sort=-certified" in page.url and "stars=5" in page.url
    assert page.problems == []


def verify_codes():
    """A product code of the demo data for each verify result, and one that does not exist."""
    from catalogue.models import Product
    from catalogue.verification import verify_product

    codes = {}
    for product in Product.objects.order_by("pk"):
        codes.setdefault(str(verify_product(product, code=product.code).status), product.code)
    codes["not_found"] = "HN-KHONG-CO-0000"
    return codes


NARROWEST_TEXT_COLUMN = """() => Math.min(...[...document.querySelectorAll(
    '.verdict h1, .verdict-code, .verify-product-name, .verify-details dd, .verify-advice p')]
  .map(el => el.getBoundingClientRect().width))"""


@pytest.mark.parametrize("width", WIDTHS)
def test_every_verify_result_reads_well(new_page, live_server, demo_pages, width):
    codes = verify_codes()
    assert set(codes) == {"valid", "expired", "revoked", "not_found"}
    page = new_page(**WIDTHS[width])
    for status, code in codes.items():
        page.goto(f"/en/verify/{code}/")
        assert page.locator(f".verdict-{status}").is_visible()
        assert page.evaluate(NARROWEST_TEXT_COLUMN) >= 120, f"{status}: a text column narrower than 120 px"
        if status != "not_found":
            assert page.locator(".verify-details").get_by_text(code, exact=True).evaluate(
                "el => el.getClientRects().length") == 1, f"{status}: the code wraps"
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= WIDTHS[width]["viewport"]["width"]


def test_calendar_shows_seven_columns_on_a_phone(new_page, live_server, demo_pages):
    from events.models import Event

    event = Event.objects.filter(is_published=True).order_by("-start_date").first()
    page = new_page(**PHONE)
    page.goto(f"/en/events/calendar/{event.start_date.year}/{event.start_date.month}/")
    headers = page.locator(".month-calendar thead th")
    assert headers.count() == 7
    for index in range(7):
        header = headers.nth(index).bounding_box()
        assert header["x"] >= 0 and header["x"] + header["width"] <= 390, f"column {index + 1} is off the screen"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The event's day has a dot; its name is listed day by day under the calendar.
    assert page.locator(".month-calendar .day-dot").first.is_visible()
    from django.utils import translation

    agenda = page.get_by_role("region", name="Day by day")
    with translation.override("en"):
        assert agenda.get_by_role("link", name=event.name).first.is_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots_of_the_main_pages(new_page, live_server, demo_pages, width):
    """Full-page screenshots for a person to look at (tests/artifacts/design-<page>-<lang>-<width>.png);
    every page loads without a console error (CSP included)."""
    codes = verify_codes()
    pages = {**demo_pages, "calendar": "/events/calendar/", "verify-valid": f"/verify/{codes['valid']}/",
             "verify-expired": f"/verify/{codes['expired']}/", "verify-revoked": f"/verify/{codes['revoked']}/",
             "verify-unknown": f"/verify/{codes['not_found']}/"}
    ARTIFACTS.mkdir(exist_ok=True)
    page = new_page(**WIDTHS[width])
    for language, prefix in (("vi", ""), ("en", "/en")):
        for name, path in pages.items():
            response = page.goto(prefix + path)
            # An unknown code is a 404 page by design (the verify result says so).
            assert response.status == (404 if name == "verify-unknown" else 200), path
            page.screenshot(path=ARTIFACTS / f"design-{name}-{language}-{width}.png", full_page=True)
    # The browser logs the unknown code's 404 as a failed load: that one is expected.
    assert [p for p in page.problems if "404" not in p] == []


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_serious_accessibility_violations_on_the_calendar_and_verify_results(
        new_page, live_server, demo_pages, language):
    from tests.browser.test_accessibility import AXE, check, describe

    if not AXE.exists():
        pytest.skip(f"axe-core is not installed ({AXE}): run `npm ci --prefix tests/browser`")
    codes = verify_codes()
    prefix = "" if language == "vi" else "/en"
    problems = []
    for width in WIDTHS.values():
        page = new_page(bypass_csp=True, **width)  # to inject axe-core; see test_accessibility.py
        for path in ["/events/calendar/", *(f"/verify/{code}/" for code in codes.values())]:
            page.goto(prefix + path)
            problems += [describe(page.url, violation) for violation in check(page)]
    assert not problems, "axe-core found serious or critical problems:\n" + "\n".join(problems)
