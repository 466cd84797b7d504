"""A shopper finds an unknown code on the verify page, reports the label (with a photo) from a
desktop and from a phone, gets a reference number, and an officer finds the report in the admin.
Also: the sixth report in an hour gets the "too many reports" page, and axe-core finds nothing
serious on the new pages."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from PIL import Image

from reports.models import Report
from reports.services import RATE_LIMIT_REPORTS
from staff.roles import OFFICERS

from .test_accessibility import AXE, check, describe

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("browser_db")]

PASSWORD = "correct horse battery staple"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def officer():
    user = User.objects.create_user("minh.tran", "minh@example.vn", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=OFFICERS.name))
    return user


@pytest.fixture
def label_photo(tmp_path):
    path = tmp_path / "nhan.jpg"
    Image.new("RGB", (64, 48), (180, 40, 40)).save(path, "JPEG")
    return path


def fill_report(page, *, shop, photo=None):
    page.get_by_label("What did you see?").fill("The code on the 4-star label is not found. <b>fake</b>")
    page.get_by_label("Where did you buy it or see it? (shop or market)").fill(shop)
    page.get_by_label("Address of the shop").fill("12 Hàng Bạc, Hoàn Kiếm")
    if photo:
        page.get_by_label("Photo of the label or the product").set_input_files(str(photo))
    page.get_by_label("Your phone number or e-mail").fill("0912 345 678")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
def test_a_report_sent_from_the_verify_page_reaches_an_officer(new_page, live_server, officer, label_photo,
                                                               viewport):
    page = new_page(viewport=viewport)
    page.goto("/en/verify/HN-FAKE-0001/")
    page.problems.clear()  # the unknown code's answer is a 404, which the console reports
    with page.expect_navigation():
        page.get_by_role("link", name="Report a suspicious label").first.click()
    assert page.get_by_label("Code or certificate number on the label").input_value() == "HN-FAKE-0001"
    # The honeypot is nowhere a person could see or reach it.
    assert not page.locator("input[name=website]").is_visible() or \
        page.locator("input[name=website]").bounding_box()["x"] < -1000
    fill_report(page, shop="Cửa hàng Hoa Sen", photo=label_photo)
    with page.expect_navigation():
        page.get_by_role("button", name="Send the report").click()
    assert page.get_by_role("heading", name="Thank you for your report").is_visible()
    report = Report.objects.get()
    assert report.reference in page.locator(".report-reference").inner_text()
    assert report.code == "HN-FAKE-0001" and report.photo
    # Nothing sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert page.problems == []

    admin = new_page(viewport=viewport)
    admin.goto("/admin/")
    admin.fill("#id_username", "minh.tran")
    admin.fill("#id_password", PASSWORD)
    with admin.expect_navigation():
        admin.locator("input[type=submit]").click()
    with admin.expect_navigation():
        admin.locator("#content-main").get_by_role("link", name="Báo cáo nhãn đáng ngờ").click()
    row = admin.locator("#result_list tbody tr", has_text=report.reference)
    assert "Cửa hàng Hoa Sen" in row.inner_text()
    with admin.expect_navigation():
        row.get_by_role("link", name=report.reference).click()
    assert "<b>fake</b>" in admin.locator("body").inner_text()  # shown as text, not markup
    assert admin.locator("img.report-photo").is_visible()
    admin.select_option("#id_status", "in_progress")
    with admin.expect_navigation():
        admin.locator("input[name=_save]").click()
    report.refresh_from_db()
    assert report.status == Report.Status.IN_PROGRESS and report.handled_by == officer


def test_the_sixth_report_in_an_hour_gets_the_limit_page(new_page, live_server):
    page = new_page(viewport=PHONE)
    for n in range(RATE_LIMIT_REPORTS):
        page.goto("/en/report/")
        fill_report(page, shop=f"Shop {n}")
        with page.expect_navigation():
            page.get_by_role("button", name="Send the report").click()
        assert page.get_by_role("heading", name="Thank you for your report").is_visible()
    page.goto("/en/report/")
    assert page.get_by_role("heading", name="Too many reports from your network").is_visible()
    assert Report.objects.count() == RATE_LIMIT_REPORTS


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_report_pages_have_no_serious_accessibility_problems(new_page, live_server, language):
    if not AXE.exists():
        pytest.skip(f"axe-core is not installed ({AXE})")
    page = new_page(bypass_csp=True)
    prefix = "" if language == "vi" else "/en"
    problems = []
    page.goto(prefix + "/report/?code=HN-OCOP-0001")
    problems += [describe(page.url, v) for v in check(page)]
    page.locator("button[type=submit]").click()  # empty: the form with its errors
    page.wait_for_load_state()
    problems += [describe(page.url, v) for v in check(page)]
    page.goto(prefix + "/report/thanks/")
    problems += [describe(page.url, v) for v in check(page)]
    assert not problems, "\n".join(problems)
