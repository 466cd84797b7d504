"""The admin's spreadsheet import: upload → preview → confirm, for staff allowed to write it all."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from catalogue.importing import COLUMNS
from catalogue.models import Certification, Producer, Product

from .helpers import csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db
IMPORT_URL = "/en/admin/catalogue/product/import/"


def upload(client, data, name="register.csv"):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, data)})


def token_of(response):
    return response.context["token"]


def test_the_product_list_links_to_the_import(staff_client):
    page = staff_client.get("/en/admin/catalogue/product/").text
    assert f'href="{IMPORT_URL}"' in page and "Import from spreadsheet" in page


def test_upload_shows_a_preview_and_writes_nothing(staff_client):
    response = upload(staff_client, csv_bytes([row(1), row(2)]))
    assert response.status_code == 200
    assert Product.objects.count() == 0
    text = response.text
    assert "Dry run, nothing written: 2 products new" in text
    assert "HN-T-0001" in text and "New producer “Cơ sở tương Cự Đà”" in text
    assert 'name="token"' in text and "Confirm the import" in text


def test_confirm_imports_and_records_the_user(staff_client, django_user_model):
    token = token_of(upload(staff_client, csv_bytes([row(1), row(2)])))
    response = staff_client.post(IMPORT_URL, {"token": token}, follow=True)
    assert response.redirect_chain[-1][0] == "/en/admin/catalogue/product/"
    assert "Imported: 2 products new" in response.text
    assert Product.objects.count() == 2 and Certification.objects.count() == 2
    staff = django_user_model.objects.get(username="staff")
    assert {record.history_user for record in Product.history.all()} == {staff}
    assert Product.history.first().history_change_reason == "Import: register.csv"

    # The token is spent: confirming again imports nothing twice.
    again = staff_client.post(IMPORT_URL, {"token": token}, follow=True)
    assert "This preview has expired" in again.text
    assert Product.history.count() == 2


def test_problems_are_listed_by_line_and_column_and_nothing_is_written(staff_client):
    response = upload(staff_client, csv_bytes([row(1), row(2, stars="6", issued_on="31/02/2025")]))
    text = response.text
    assert "2 problems found. Nothing has been imported" in text
    assert "<td>3</td><td>stars</td><td>“6” is not 3, 4 or 5.</td>" in text
    assert "<td>3</td><td>issued_on</td><td>“31/02/2025” is not a real date.</td>" in text
    assert 'name="token"' not in text
    assert Product.objects.count() == 0


def test_xlsx_upload(staff_client):
    response = upload(staff_client, xlsx_bytes([row(1)]), name="register.xlsx")
    staff_client.post(IMPORT_URL, {"token": token_of(response)})
    assert Product.objects.get().code == "HN-T-0001"


def test_an_unchanged_file_offers_nothing_to_confirm(staff_client):
    data = csv_bytes([row(1)])
    staff_client.post(IMPORT_URL, {"token": token_of(upload(staff_client, data))})
    response = upload(staff_client, data)
    assert "there is nothing to import" in response.text and 'name="token"' not in response.text


@pytest.mark.parametrize("name, data, message", [
    ("register.pdf", b"%PDF-1.4", "Choose a .csv or .xlsx file."),
    ("register.xlsx", b"code,name_vi\n", "not an Excel workbook"),
    ("register.csv", "code,tên\n".encode("cp1258"), "is not UTF-8 text"),
])
def test_bad_uploads_are_refused_with_a_reason(staff_client, name, data, message):
    response = upload(staff_client, data, name=name)
    assert response.status_code == 200 and message in response.text
    assert Product.objects.count() == 0


def test_uploads_over_the_size_limit_are_refused(staff_client, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1024 * 1024
    response = upload(staff_client, b"x" * (1024 * 1024 + 1))
    assert "larger than 1 MB" in response.text


def test_a_token_from_another_session_is_refused(staff_client, client, django_user_model):
    token = token_of(upload(staff_client, csv_bytes([row(1)])))
    other = django_user_model.objects.create_superuser("other", "o@example.vn", "a-long-password-123")
    client.force_login(other)
    response = client.post(IMPORT_URL, {"token": token}, follow=True)
    assert "This preview has expired" in response.text
    assert Product.objects.count() == 0


def test_confirm_needs_the_csrf_token(django_user_model):
    from django.test import Client

    user = django_user_model.objects.create_superuser("csrf", "c@example.vn", "a-long-password-123")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    response = strict.post(IMPORT_URL, {"file": SimpleUploadedFile("r.csv", csv_bytes([row(1)]))})
    assert response.status_code == 403


def test_only_staff_with_every_write_permission_may_import(client, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="a-long-password-123", is_staff=True)
    editor.user_permissions.set(Permission.objects.filter(
        content_type__app_label="catalogue",
        codename__in=["add_product", "change_product", "view_product", "add_producer", "change_producer",
                      "add_craftvillage"],
    ))
    client.force_login(editor)
    assert client.get(IMPORT_URL).status_code == 403
    assert "Import from spreadsheet" not in client.get("/en/admin/catalogue/product/").text

    editor.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="catalogue", codename__in=["add_certification", "change_certification"]))
    client.force_login(django_user_model.objects.get(pk=editor.pk))
    assert client.get(IMPORT_URL).status_code == 200

    client.logout()
    response = client.get(IMPORT_URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_template_download_is_the_header_and_an_example_that_imports(staff_client):
    response = staff_client.get("/en/admin/catalogue/product/import/template.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="ocop-import-template.csv"' in response["Content-Disposition"]
    body = response.content
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == list(COLUMNS) and len(rows) == 2
    # The example is valid: uploading the template previews one new product.
    preview = upload(staff_client, body, name="ocop-import-template.csv")
    assert "1 product new" in preview.text and Producer.objects.count() == 0


def test_the_import_page_is_translated(staff_client):
    page = staff_client.get("/admin/catalogue/product/import/").text
    assert "Nhập sản phẩm từ bảng tính" in page


def test_the_vietnamese_preview_names_problems_in_vietnamese(staff_client):
    response = staff_client.post("/admin/catalogue/product/import/",
                                 {"file": SimpleUploadedFile("r.csv", csv_bytes([row(1, stars="6")]))})
    assert "Có 1 lỗi. Chưa nhập gì cả" in response.text
    assert "“6” không phải 3, 4 hoặc 5." in response.text
