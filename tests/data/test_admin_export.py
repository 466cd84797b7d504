"""The whole register from the admin's product list: every product the list's filters give
(expired, revoked and unlisted ones too), as CSV or .xlsx in the open-data export's format, for
every role that may view products; 403 for staff who may not."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from catalogue.importing import COLUMNS
from staff.roles import ROLES
from tests.factories import CertificationFactory, ProductFactory, certified_product

pytestmark = pytest.mark.django_db

EXPORT_CSV = "/admin/catalogue/product/export.csv"
EXPORT_XLSX = "/admin/catalogue/product/export.xlsx"


@pytest.fixture
def register():
    """Two listed products, one expired, one revoked, one never certified."""
    today = timezone.localdate()
    products = {
        "listed-5": certified_product(5, code="HN-L-5"),
        "listed-4": certified_product(4, code="HN-L-4"),
        "expired": ProductFactory(code="HN-EXP"),
        "revoked": ProductFactory(code="HN-REV"),
        "never": ProductFactory(code="HN-NONE"),
    }
    CertificationFactory(product=products["expired"], issued_on=today - datetime.timedelta(days=1200))
    CertificationFactory(product=products["revoked"], status="revoked", revoked_on=today,
                         revocation_decision_no="9/QĐ-UBND", revocation_reason="Không đạt hậu kiểm")
    return products


def rows(response):
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(body, newline=""))
    assert tuple(reader.fieldnames) == COLUMNS
    return {row["code"]: row for row in reader}


@pytest.fixture
def role_client(client, django_user_model):
    def make(*roles):
        user = django_user_model.objects.create_user("can", password="a-long-password-123", is_staff=True)
        user.groups.add(*Group.objects.filter(name__in=[role.name for role in roles]))
        client.force_login(user)
        return client
    return make


@pytest.mark.parametrize("role", ROLES, ids=[role.slug for role in ROLES])
def test_every_role_that_views_products_exports_the_whole_register(role_client, register, role):
    exported = rows(role_client(role).get(EXPORT_CSV))
    assert set(exported) == {"HN-L-5", "HN-L-4", "HN-EXP", "HN-REV", "HN-NONE"}
    today = timezone.localdate().isoformat()
    assert exported["HN-EXP"]["certificate_status"] == "active" and exported["HN-EXP"]["valid_until"] < today
    assert exported["HN-REV"]["certificate_status"] == "revoked"
    assert exported["HN-NONE"]["certificate_no"] == "" and exported["HN-NONE"]["stars"] == ""
    assert exported["HN-L-5"]["stars"] == "5"


@pytest.mark.parametrize(("status", "codes"), [
    ("", {"HN-L-5", "HN-L-4", "HN-EXP", "HN-REV", "HN-NONE"}),
    ("listed", {"HN-L-5", "HN-L-4"}),
    ("expired", {"HN-EXP"}),
    ("revoked", {"HN-REV"}),
    ("unlisted", {"HN-EXP", "HN-REV", "HN-NONE"}),
    ("none", {"HN-NONE"}),
])
def test_the_export_follows_the_lists_status_filter(staff_client, register, status, codes):
    query = f"?status={status}" if status else ""
    assert set(rows(staff_client.get(EXPORT_CSV + query))) == codes
    changelist = staff_client.get(f"/admin/catalogue/product/{query}")
    assert {product.code for product in changelist.context["cl"].result_list} == codes
    assert f'href="{EXPORT_CSV}{query or "?"}"' in changelist.text


def test_search_and_other_filters_narrow_the_export_too(staff_client, register):
    assert set(rows(staff_client.get(EXPORT_CSV + "?q=HN-EXP"))) == {"HN-EXP"}
    assert set(rows(staff_client.get(EXPORT_CSV + "?status=unlisted&rating=none"))) == {"HN-EXP", "HN-REV",
                                                                                       "HN-NONE"}


def test_listed_rows_are_those_of_the_public_export(client, staff_client, register):
    public = rows(client.get("/products/export.csv"))
    admin = rows(staff_client.get(EXPORT_CSV + "?status=listed"))
    assert admin == public


def test_the_xlsx_holds_the_same_rows(staff_client, register):
    response = staff_client.get(EXPORT_XLSX + "?status=unlisted")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="ocop-hanoi-register-')
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, *body = list(sheet.values)
    assert header == COLUMNS
    assert {row[0] for row in body} == {"HN-EXP", "HN-REV", "HN-NONE"}


def test_staff_without_a_role_get_403_and_visitors_the_sign_in_page(role_client, client, register):
    assert client.get(EXPORT_CSV).status_code == 302  # to the admin's sign-in
    no_role = role_client()
    assert no_role.get(EXPORT_CSV).status_code == 403
    assert no_role.get(EXPORT_XLSX).status_code == 403


def test_a_filter_the_list_would_not_take_is_a_400(staff_client, register):
    assert staff_client.get(EXPORT_CSV + "?nonsense__field=1").status_code == 400


def test_the_export_runs_a_fixed_number_of_queries(staff_client, register, django_assert_max_num_queries):
    for n in range(30):
        CertificationFactory(product=ProductFactory(), issued_on=timezone.localdate() - datetime.timedelta(days=1200))
    with django_assert_max_num_queries(12):
        exported = rows(staff_client.get(EXPORT_CSV))
    assert len(exported) == 35


def test_the_admins_4_star_filter_leaves_potential_5_star_products_to_their_own_level(staff_client, register):
    potential = ProductFactory(code="HN-P5")
    CertificationFactory(product=potential, stars=4, potential_five_star=True)
    assert set(rows(staff_client.get(EXPORT_CSV + "?rating=4"))) == {"HN-L-4"}
    assert set(rows(staff_client.get(EXPORT_CSV + "?rating=4p"))) == {"HN-P5"}
