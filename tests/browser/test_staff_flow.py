"""A staff member with the editor and officer roles signs in, adds a producer and a certified
product with a photo through the admin's forms, sees it on the public site, then revokes the
certification and sees it leave the public list."""

import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone
from PIL import Image

from catalogue.models import Certification, Product
from staff.roles import EDITORS, OFFICERS

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("browser_db")]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def staff_member():
    user = User.objects.create_user("lan.nguyen", "lan@example.vn", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS.name), Group.objects.get(name=OFFICERS.name))
    return user


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "tuong-cu-da.jpg"
    Image.new("RGB", (64, 48), (150, 90, 40)).save(path, "JPEG")
    return path


def autocomplete(page, field, text, choice):
    """Pick ``choice`` in the admin's autocomplete (select2) widget for ``field`` by typing ``text``."""
    page.locator(f"#id_{field} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=choice).first.click()


def save(page):
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    errors = page.locator(".errornote, .errorlist").all_inner_texts()
    assert errors == [], errors


def test_add_certify_publish_and_revoke(new_page, live_server, staff_member, photo):
    admin = new_page()
    admin.set_default_timeout(10_000)
    today = timezone.localdate()

    # Sign in through the form.
    admin.goto("/admin/")
    admin.fill("#id_username", "lan.nguyen")
    admin.fill("#id_password", PASSWORD)
    with admin.expect_navigation():
        admin.locator("input[type=submit]").click()
    assert admin.url.endswith("/admin/")
    assert admin.locator("#user-tools").is_visible()

    # A producer.
    admin.goto("/admin/catalogue/producer/add/")
    admin.fill("#id_name", "Hợp tác xã Tương Cự Đà")
    admin.select_option("#id_kind", "cooperative")
    admin.fill("#id_address", "Thôn Cự Đà")
    autocomplete(admin, "area", "bat trang", "Xã Bát Tràng")
    save(admin)

    # A product with its certification and a photo, all on the product's add form.
    admin.goto("/admin/catalogue/product/add/")
    admin.fill("#id_code", "HN-OCOP-9001")
    admin.fill("#id_name_vi", "Tương Cự Đà truyền thống")
    admin.fill("#id_name_en", "Traditional Cu Da soy sauce")
    autocomplete(admin, "category", "tuong", "Tương, nước mắm")
    autocomplete(admin, "producer", "cu da", "Hợp tác xã Tương Cự Đà")
    admin.locator("#certifications-group .add-row a").click()
    admin.select_option("#id_certifications-0-stars", "4")
    admin.fill("#id_certifications-0-certificate_no", "1234/QĐ-UBND")
    admin.fill("#id_certifications-0-issued_on", (today - datetime.timedelta(days=30)).isoformat())
    admin.locator("#images-group .add-row a").click()
    admin.locator("#id_images-0-image").set_input_files(photo)
    admin.fill("#id_images-0-alt_text_vi", "Chum tương Cự Đà")
    save(admin)

    product = Product.objects.get(code="HN-OCOP-9001")
    assert product.is_listed and product.rating_stars == 4
    assert product.producer.name == "Hợp tác xã Tương Cự Đà"
    assert product.images.get().image.name.endswith(".jpg")

    # The public sees it in the list and on its page, with the photo.
    visitor = new_page()
    visitor.goto("/products/")
    card = visitor.locator("#results .product-card", has_text="Tương Cự Đà truyền thống")
    assert card.count() == 1
    with visitor.expect_navigation():
        card.get_by_role("link", name="Tương Cự Đà truyền thống").click()
    assert visitor.get_by_role("heading", name="Tương Cự Đà truyền thống", level=1).is_visible()
    image = visitor.locator("img.product-main-image")
    assert image.get_attribute("alt") == "Chum tương Cự Đà"
    loaded, shown = image.evaluate("img => [img.complete && img.naturalWidth > 0, img.currentSrc]")
    stored = Path(product.images.get().image.name)
    assert loaded and Path(urlsplit(shown).path).name.startswith(stored.stem + ".")  # the upload (or its rendition)
    assert visitor.locator(".not-certified").count() == 0
    product_url = visitor.url

    # The officer revokes the certification from the product list, with the decision's details.
    admin.goto("/admin/catalogue/product/?q=HN-OCOP-9001")
    admin.locator(f"input[name=_selected_action][value='{product.pk}']").check()
    admin.select_option("select[name=action]", "revoke_current_certifications")
    with admin.expect_navigation():
        admin.locator("button[name=index]").click()
    admin.fill("#id_decision_no", "99/QĐ-UBND")
    admin.fill("#id_revoked_on", today.isoformat())
    admin.fill("#id_reason", "Vi phạm an toàn thực phẩm")
    with admin.expect_navigation():
        admin.locator("form input[type=submit], form button[type=submit]").last.click()
    assert admin.locator(".messagelist .success").count() == 1

    certification = Certification.objects.get(certificate_no="1234/QĐ-UBND")
    assert certification.status == Certification.Status.REVOKED

    # Gone from the public list; the page stays but says so, with the reason in its history.
    visitor.goto("/products/")
    assert visitor.locator("#results .product-card", has_text="Tương Cự Đà truyền thống").count() == 0
    visitor.goto(product_url)
    assert visitor.locator(".not-certified").is_visible()
    assert visitor.locator(".history").get_by_text("Vi phạm an toàn thực phẩm").is_visible()
    assert admin.problems == [] and visitor.problems == []
