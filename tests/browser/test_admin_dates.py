"""The admin's calendar widget writes dates day first (DD/MM/YYYY), in Vietnamese and English,
and what it writes saves as that day."""

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from catalogue.models import Certification
from tests.factories import ProductFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("browser_db")]

PASSWORD = "correct horse battery staple"


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_calendar_writes_day_first_and_it_saves_as_that_day(new_page, prefix):
    User.objects.create_superuser("thu", "thu@example.vn", PASSWORD)
    product = ProductFactory(code="HN-CAL-1")
    today = timezone.localdate()
    page = new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{prefix}/admin/login/")
    page.fill("#id_username", "thu")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("input[type=submit]").click()

    page.goto(f"{prefix}/admin/catalogue/certification/add/?product={product.pk}")
    # "Today" next to the box, then the 1st in the calendar (it opens on this month).
    page.locator("#id_issued_on ~ .datetimeshortcuts a").first.click()
    assert page.input_value("#id_issued_on") == today.strftime("%d/%m/%Y")
    page.locator("#calendarlink0").click()
    page.locator("#calendarbox0").get_by_role("link", name="1", exact=True).click()
    first = today.replace(day=1)
    assert page.input_value("#id_issued_on") == first.strftime("%d/%m/%Y")

    page.select_option("#id_stars", "4")
    page.fill("#id_certificate_no", f"55/QĐ-UBND{prefix.replace('/', '-')}")
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    assert page.locator(".errornote").count() == 0
    assert Certification.objects.get(product=product).issued_on == first
    assert page.problems == []
