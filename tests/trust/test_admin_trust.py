"""Staff tools around certificates: the dashboard's expiring panel, the expiring filters and
the printable QR label sheet."""

import datetime
import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from catalogue.models import Certification
from tests.factories import CertificationFactory, ProducerFactory, ProductFactory, certified_product
from tests.trust.test_qr import decode_png, svg_to_png

pytestmark = pytest.mark.django_db


def days(n):
    return datetime.timedelta(days=n)


def expiring_in(n, **product_fields):
    """A listed product whose certificate's last valid day is ``n`` days from today."""
    product = ProductFactory(**product_fields)
    today = timezone.localdate()
    CertificationFactory(product=product, issued_on=today - days(1000), valid_until=today + days(n))
    product.refresh_from_db()
    return product


# --- Dashboard panel ---------------------------------------------------------------------------

def panel(response):
    match = re.search(r'<div class="module expiring-panel".*?</table>', response.text, re.S)
    assert match, "no expiring panel on the admin index"
    return match.group(0)


def test_dashboard_lists_certificates_expiring_within_90_days_soonest_first(staff_client):
    later = expiring_in(90, name_vi="Hết hạn sau 90 ngày",
                        producer=ProducerFactory(name="HTX Nhắc Hạn", phone="0987 654 321"))
    soon = expiring_in(3, name_vi="Hết hạn sau 3 ngày")
    expiring_in(91, name_vi="Còn 91 ngày")
    expired = ProductFactory(name_vi="Đã hết hạn")
    CertificationFactory(product=expired, issued_on=timezone.localdate() - days(1100),
                         valid_until=timezone.localdate() - days(1))
    revoked = expiring_in(10, name_vi="Đã thu hồi")
    cert = revoked.current_certification
    cert.status, cert.revoked_on = Certification.Status.REVOKED, timezone.localdate()
    cert.save()

    html = panel(staff_client.get(reverse("admin:index")))
    assert "2 giấy chứng nhận hết hạn trong 90 ngày tới" in html
    assert html.index(soon.name_vi) < html.index(later.name_vi)
    assert reverse("admin:catalogue_product_change", args=[soon.pk]) in html
    assert "0987 654 321" in html  # so staff can call the producer
    assert "Còn 91 ngày" not in html and "Đã hết hạn" not in html and "Đã thu hồi" not in html


def test_dashboard_panel_says_when_nothing_expires(staff_client):
    certified_product()  # 100 days old: ~3 years left
    assert "Không có giấy chứng nhận nào hết hạn trong 90 ngày tới." in panel(staff_client.get(reverse("admin:index")))


@pytest.mark.parametrize("size", [3, 40])
def test_dashboard_query_count_is_bounded(staff_client, django_assert_max_num_queries, size):
    for i in range(size):
        expiring_in(i % 80 + 1)
    with django_assert_max_num_queries(9):
        response = staff_client.get(reverse("admin:index"))
    assert response.status_code == 200
    html = panel(response)
    assert html.count("<tr>") == min(size, 15) + 1  # rows, capped, plus the header
    if size > 15:
        assert f"Tất cả {size} sản phẩm" in response.text


def test_expiring_filters_in_the_admin(staff_client):
    soon = expiring_in(30, code="HN-SOON")
    certified_product(code="HN-LATER")
    products = staff_client.get(reverse("admin:catalogue_product_changelist") + "?status=expiring")
    assert [p.code for p in products.context["cl"].result_list] == ["HN-SOON"]
    certs = staff_client.get(reverse("admin:catalogue_certification_changelist") + "?state=expiring")
    assert [c.pk for c in certs.context["cl"].result_list] == [soon.current_certification_id]


# --- Print labels -----------------------------------------------------------------------------

def print_labels(client, products):
    return client.post(reverse("admin:catalogue_product_changelist"), {
        "action": "print_labels", ACTION_CHECKBOX_NAME: [p.pk for p in products],
    })


def test_label_sheet_has_qr_name_stars_code_and_valid_until(staff_client):
    product = certified_product(stars=4, code="HN-OCOP-0501", name_vi="Mật ong hoa nhãn Ba Vì")
    response = print_labels(staff_client, [product])
    assert response.status_code == 200
    html = response.text
    assert 'href="/static/catalogue/labels.css"' in html
    assert "style=" not in html and "<script>" not in html and "onclick" not in html
    assert html.count('<article class="label">') == 1
    label = re.search(r'<article class="label">.*?</article>', html, re.S).group(0)
    assert "Mật ong hoa nhãn Ba Vì" in label
    assert "HN-OCOP-0501" in label
    assert "★★★★" in label and "4 sao" in label
    valid_until = product.rating_valid_until
    assert f"hiệu lực đến {valid_until:%d/%m/%Y}" in label
    svg = re.search(r"<svg.*?</svg>", label, re.S).group(0).encode()
    assert decode_png(svg_to_png(svg, scale=None)) == ["http://testserver/verify/HN-OCOP-0501/"]


def test_labels_only_for_products_valid_today_and_the_rest_are_named(staff_client):
    good = certified_product(code="HN-GOOD")
    never = ProductFactory(code="HN-NEVER", name_vi="Chưa được công nhận")
    html = print_labels(staff_client, [good, never]).text
    assert html.count('<article class="label">') == 1
    skipped = re.search(r'<div class="skipped".*?</div>', html, re.S).group(0)
    assert "HN-NEVER" in skipped and "HN-GOOD" not in skipped


@pytest.mark.parametrize("size, sheets", [(2, 1), (23, 2)])
def test_labels_fill_sheets_of_21_in_a_fixed_number_of_queries(staff_client, django_assert_max_num_queries,
                                                                 size, sheets):
    products = [certified_product() for _ in range(size)]
    # 10 for the admin's changelist and its filters, 2 for the labels, whatever their number.
    with django_assert_max_num_queries(12):
        html = print_labels(staff_client, products).text
    assert html.count('<section class="sheet"') == sheets
    assert html.count('<article class="label">') == size


def test_labels_are_in_vietnamese_even_from_the_english_admin(staff_client):
    product = certified_product(stars=5)
    response = staff_client.post(reverse("admin:catalogue_product_changelist").replace("/admin/", "/en/admin/"), {
        "action": "print_labels", ACTION_CHECKBOX_NAME: [product.pk],
    })
    label = re.search(r'<article class="label">.*?</article>', response.text, re.S).group(0)
    assert "5 sao" in label
    assert "QR labels" in response.text  # the toolbar follows the admin's language
