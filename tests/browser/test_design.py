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
