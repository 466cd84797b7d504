"""Officers record inspections in the admin: products inline, a revocation through the revoke
service, the spreadsheet import (upload → preview → confirm), the dashboard panel, roles."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from catalogue.models import Certification
from inspections.models import InspectedProduct, Inspection
from staff.roles import EDITORS, OFFICERS, VIEWERS
from tests.factories import ProductFactory, certified_product

from .test_import import csv_bytes, row

pytestmark = pytest.mark.django_db
ADD_URL = "/en/admin/inspections/inspection/add/"
IMPORT_URL = "/en/admin/inspections/inspection/import/"
PASSWORD = "a-long-password-123"


@pytest.fixture
def staff_as(client, django_user_model):
    def make(*roles):
        user = django_user_model.objects.create_user(
            "-".join(r.slug for r in roles) or "nobody", "s@example.vn", PASSWORD, is_staff=True)
        user.groups.set(Group.objects.filter(name__in=[r.name for r in roles]))
        client.force_login(user)
        return client
    return make


def inline_post(product, **check):
    data = {
        "inspected_on": "2026-11-01", "agency": "Đoàn kiểm tra liên ngành", "findings": "",
        "checks-TOTAL_FORMS": "1", "checks-INITIAL_FORMS": "0", "checks-MIN_NUM_FORMS": "0",
        "checks-MAX_NUM_FORMS": "1000",
        "checks-0-product": str(product.pk), "checks-0-result": "failed", "checks-0-findings": "Nhãn sai",
        "checks-0-follow_up": "",
    }
    data.update({f"checks-0-{k}": v for k, v in check.items()})
    return data


def test_officer_records_an_inspection_with_products_inline(staff_as):
    client = staff_as(OFFICERS)
    product = certified_product()
    response = client.post(ADD_URL, inline_post(product, sampled="on", lab_report_no="KN-12/2026",
                                                deadline="2026-12-15"))
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    check = InspectedProduct.objects.get()
    assert (check.product, check.result, check.lab_report_no) == (product, "failed", "KN-12/2026")
    assert check.deadline == datetime.date(2026, 12, 15)
    assert check.history.get().history_user.username == "officer"


def test_lab_report_without_sample_is_a_form_error(staff_as):
    client = staff_as(OFFICERS)
    response = client.post(ADD_URL, inline_post(certified_product(), lab_report_no="KN-1"))
    assert response.status_code == 200
    assert "A lab report needs a sample" in response.text
    assert not Inspection.objects.exists()


def test_revocation_after_inspection_goes_through_the_revoke_service(staff_as):
    client = staff_as(OFFICERS)
    product = certified_product()
    cert = product.current_certification
    data = inline_post(product, follow_up="revocation")
    missing = client.post(ADD_URL, data)
    assert "Enter the number of the revocation decision." in missing.text
    assert not Inspection.objects.exists()

    data.update({"checks-0-revocation_decision_no": "88/QĐ-UBND", "checks-0-revocation_date": "2026-11-20",
                 "checks-0-revocation_reason": "Mẫu không đạt chỉ tiêu vi sinh"})
    assert client.post(ADD_URL, data).status_code == 302
    check = InspectedProduct.objects.get()
    cert.refresh_from_db()
    product.refresh_from_db()
    assert check.follow_up == "revocation" and check.revoked_certification == cert
    assert cert.status == Certification.Status.REVOKED and cert.revocation_decision_no == "88/QĐ-UBND"
    assert not product.is_listed  # left the public listings at once
    assert cert.history.first().history_user.username == "officer"


def test_viewers_and_editors_cannot_record_inspections(staff_as):
    assert staff_as(VIEWERS).get(ADD_URL).status_code == 403
    assert staff_as(EDITORS).get("/en/admin/inspections/inspection/").status_code == 403


def test_import_in_the_admin_previews_then_confirms(staff_as):
    client = staff_as(OFFICERS)
    certified_product(code="HN-INS-0")
    page = client.get("/en/admin/inspections/inspection/")
    assert f'href="{IMPORT_URL}"' in page.text

    preview = client.post(IMPORT_URL, {"file": SimpleUploadedFile("checks.csv", csv_bytes([row("HN-INS-0")]))})
    assert "Dry run, nothing written: 1 product check new" in preview.text
    assert not Inspection.objects.exists()
    done = client.post(IMPORT_URL, {"token": preview.context["token"]}, follow=True)
    assert "Imported: 1 product check new" in done.text
    assert InspectedProduct.objects.get().history.get().history_change_reason == "Import: checks.csv"

    again = client.post(IMPORT_URL, {"file": SimpleUploadedFile("checks.csv", csv_bytes([row("HN-INS-0")]))})
    assert "already recorded: there is nothing to import" in again.text and 'name="token"' not in again.text

    bad = client.post(IMPORT_URL, {"file": SimpleUploadedFile("bad.csv", csv_bytes([row("HN-NONE")]))})
    assert "<td>2</td><td>product_code</td>" in bad.text


def test_a_catalogue_preview_token_cannot_confirm_an_inspection_import(staff_client):
    from tests.data.helpers import csv_bytes as catalogue_csv, row as catalogue_row

    preview = staff_client.post("/en/admin/catalogue/product/import/",
                                {"file": SimpleUploadedFile("r.csv", catalogue_csv([catalogue_row(1)]))})
    response = staff_client.post(IMPORT_URL, {"token": preview.context["token"]}, follow=True)
    assert "This preview has expired" in response.text


def test_dashboard_lists_never_inspected_and_overdue_follow_ups(staff_client):
    never = certified_product(name_vi="Chưa kiểm tra bao giờ")
    checked = certified_product(name_vi="Đã kiểm tra")
    old = Inspection.objects.create(inspected_on=timezone.localdate() - datetime.timedelta(days=60), agency="Đoàn A")
    InspectedProduct.objects.create(inspection=old, product=checked, result="failed")  # deadline 30 days later
    fine = certified_product(name_vi="Khắc phục rồi")
    InspectedProduct.objects.create(inspection=old, product=fine, result="failed", follow_up="warning")

    page = staff_client.get("/en/admin/").text
    assert "1 failed check past its deadline with nothing done" in page
    assert "Đã kiểm tra" in page and "Khắc phục rồi" not in page.split("never inspected")[0]
    assert "1 certified product never inspected" in page and never.name_vi in page
    listed = staff_client.get("/en/admin/inspections/inspectedproduct/?follow_up_state=overdue").text
    assert "Đã kiểm tra" in listed and "Khắc phục rồi" not in listed

    # Inspected again since, and passed: the old failure no longer waits.
    again = Inspection.objects.create(inspected_on=timezone.localdate() - datetime.timedelta(days=5), agency="Đoàn B")
    InspectedProduct.objects.create(inspection=again, product=checked, result="passed")
    assert "0 failed checks past their deadline" in staff_client.get("/en/admin/").text
