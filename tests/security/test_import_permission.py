"""The spreadsheet import sets stars, so it is for certification officers' rights plus catalogue
editors' rights (superusers, or staff holding both roles): no step lets an editor alone, or an
officer alone, write through it -- not the page, the upload, a crafted confirm, the template."""

import hashlib
import secrets
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from catalogue.admin.imports import SESSION_KEY
from catalogue.importing import import_file
from catalogue.models import Certification, Producer, Product
from staff.roles import EDITORS, MANAGERS, OFFICERS, VIEWERS
from tests.data.helpers import csv_bytes, row

pytestmark = pytest.mark.django_db
IMPORT_URL = "/en/admin/catalogue/product/import/"
TEMPLATE_URL = "/en/admin/catalogue/product/import/template.csv"
PRODUCT_LIST_URL = "/en/admin/catalogue/product/"
# One product, first rated 3 stars; the upgrade file adds a 5-star certificate for it and a new product.
THREE_STARS = csv_bytes([row(1, stars="3")])
UPGRADE = csv_bytes([row(1, stars="5", certificate_no="9/QĐ-T", issued_on="2025-09-01"), row(2, stars="5")])


@pytest.fixture
def login(django_user_model):
    def make(*roles):
        user = django_user_model.objects.create_user(
            "-".join(r.slug for r in roles) or "nobody", "staff@example.vn", "a-long-password-123", is_staff=True)
        user.groups.set(Group.objects.filter(name__in=[r.name for r in roles]))
        client = Client()
        client.force_login(user)
        return client
    return make


@pytest.fixture
def rated_three_stars():
    assert import_file(THREE_STARS, "first.csv", dry_run=False).ok
    return Product.objects.get(code="HN-T-0001")


def catalogue_state():
    return (
        sorted(Product.objects.values_list("code", "rating_stars", "rating_potential_five_star")),
        sorted(Certification.objects.values_list("certificate_no", "stars", "status")),
        Producer.objects.count(),
    )


def plant_preview(client, data=UPGRADE, name="upgrade.csv"):
    """Put a previewed file and its token where the confirm step looks, as if this session had
    uploaded it (e.g. before losing a role): the confirm step must still check the rights."""
    token = secrets.token_hex(16)
    directory = Path(settings.IMPORT_UPLOAD_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{token}.upload").write_bytes(data)
    session = client.session
    session[SESSION_KEY] = {token: {"name": name, "sha256": hashlib.sha256(data).hexdigest()}}
    session.save()
    return token


@pytest.mark.parametrize("roles", [(EDITORS,), (OFFICERS,), (MANAGERS,), (VIEWERS,), (EDITORS, MANAGERS, VIEWERS)],
                         ids=lambda roles: "+".join(r.slug for r in roles))
def test_every_import_step_refuses_staff_without_both_editor_and_officer_rights(login, rated_three_stars, roles):
    client = login(*roles)
    before = catalogue_state()

    page = client.get(IMPORT_URL)
    assert page.status_code == 403
    assert "You cannot import spreadsheets." in page.text
    assert "Catalogue editors and the Certification officers" in page.text
    assert client.get(TEMPLATE_URL).status_code == 403

    preview = client.post(IMPORT_URL, {"file": SimpleUploadedFile("upgrade.csv", UPGRADE)})
    assert preview.status_code == 403 and "token" not in (preview.context or {})

    confirm = client.post(IMPORT_URL, {"token": plant_preview(client)})
    assert confirm.status_code == 403

    assert catalogue_state() == before
    rated_three_stars.refresh_from_db()
    assert rated_three_stars.rating_stars == 3
    assert not Product.objects.filter(code="HN-T-0002").exists()


@pytest.mark.parametrize("roles", [(EDITORS,), (OFFICERS,), (VIEWERS,)], ids=lambda roles: roles[0].slug)
def test_the_product_list_offers_the_import_only_to_those_who_may_use_it(login, roles):
    page = login(*roles).get(PRODUCT_LIST_URL)
    assert page.status_code == 200
    assert "Import from spreadsheet" not in page.text and IMPORT_URL not in page.text


def test_staff_with_both_roles_import_and_change_stars(login, rated_three_stars):
    client = login(EDITORS, OFFICERS)
    assert f'href="{IMPORT_URL}"' in client.get(PRODUCT_LIST_URL).text
    assert client.get(TEMPLATE_URL).status_code == 200

    preview = client.post(IMPORT_URL, {"file": SimpleUploadedFile("upgrade.csv", UPGRADE)})
    assert preview.status_code == 200 and preview.context["token"]
    confirm = client.post(IMPORT_URL, {"token": preview.context["token"]})
    assert confirm.status_code == 302

    rated_three_stars.refresh_from_db()
    assert rated_three_stars.rating_stars == 5
    assert Product.objects.get(code="HN-T-0002").rating_stars == 5


def test_losing_a_role_between_preview_and_confirm_stops_the_import(login, rated_three_stars, django_user_model):
    client = login(EDITORS, OFFICERS)
    token = client.post(IMPORT_URL, {"file": SimpleUploadedFile("upgrade.csv", UPGRADE)}).context["token"]
    django_user_model.objects.get(username="editor-officer").groups.remove(Group.objects.get(name=OFFICERS.name))

    assert client.post(IMPORT_URL, {"token": token}).status_code == 403
    rated_three_stars.refresh_from_db()
    assert rated_three_stars.rating_stars == 3 and Certification.objects.count() == 1


def test_superusers_import(staff_client, rated_three_stars):
    token = staff_client.post(IMPORT_URL, {"file": SimpleUploadedFile("upgrade.csv", UPGRADE)}).context["token"]
    assert staff_client.post(IMPORT_URL, {"token": token}).status_code == 302
    rated_three_stars.refresh_from_db()
    assert rated_three_stars.rating_stars == 5


def test_the_refusal_is_in_vietnamese_on_the_vietnamese_admin(login):
    page = login(EDITORS).get(IMPORT_URL.removeprefix("/en"))
    assert page.status_code == 403
    assert "Bạn không có quyền nhập bảng tính." in page.text


def test_the_server_command_is_not_limited_by_staff_roles(tmp_path, rated_three_stars, django_user_model):
    """manage.py import_catalogue runs on the server, where whoever runs it already holds the
    database; ``--user`` only names who the change history records."""
    django_user_model.objects.create_user("lan", "lan@example.vn", "a-long-password-123", is_staff=True)
    path = tmp_path / "upgrade.csv"
    path.write_bytes(UPGRADE)
    call_command("import_catalogue", str(path), "--user", "lan", "--quiet-rows")
    rated_three_stars.refresh_from_db()
    assert rated_three_stars.rating_stars == 5
