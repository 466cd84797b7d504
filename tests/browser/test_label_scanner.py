"""The verify form's "Scan the label" in a real browser: without a camera (or without camera
permission) it says so and the form still works by typing; without the camera API the button is
not shown at all. No CSP violation either way."""

import pytest

from tests.factories import CertificationFactory, ProductFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("browser_db")]


@pytest.fixture
def product():
    product = ProductFactory(code="HN-SCAN-1", name_vi="Tương Cự Đà", name_en="Cu Da soy sauce", gtin="8936012345674")
    CertificationFactory(product=product)
    return product


def test_without_a_camera_it_says_so_and_typing_the_barcode_number_still_works(page, product):
    page.goto("/en/verify/")
    scan = page.get_by_role("button", name="Scan the label")
    scan.click()  # no camera and no permission in this browser: getUserMedia is refused
    page.get_by_text("The camera is not available. Type the code on the label instead.").wait_for()
    assert page.locator("video").is_hidden()
    field = page.get_by_label("Product code or certificate number")
    field.fill("893 6012 345674")
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_url("**/verify/893%206012%20345674/")
    assert "Cu Da soy sauce" in page.locator("h2.verify-product-name").inner_text()
    assert page.problems == []


def test_without_the_camera_api_the_button_is_not_offered(new_page, product):
    page = new_page()
    page.add_init_script("Object.defineProperty(navigator, 'mediaDevices', {value: undefined});")
    page.goto("/en/verify/")
    assert page.locator("[data-scan-start]").is_hidden()
    page.get_by_label("Product code or certificate number").fill("HN-SCAN-1")
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_url("**/verify/HN-SCAN-1/")
    assert page.problems == []
