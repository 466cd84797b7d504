"""Change history: who changed what and when, shown with field diffs in the admin, kept after
the object is deleted. Edits go through the admin forms as staff do."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from catalogue.models import Certification, Producer, Product
from tests.factories import CraftVillageFactory, ProducerFactory, certified_product

pytestmark = pytest.mark.django_db


def change_form_data(client, url):
    """The data the admin change form at ``url`` would post unchanged (main form and inlines)."""
    context = client.get(url).context
    data = {}

    def add_form(form):
        for name, field in form.fields.items():
            value = form[name].value()
            if value is None or value is False:
                continue
            if isinstance(value, (list, tuple)):
                data[form.add_prefix(name)] = [str(v) for v in value]
            elif value is True:
                data[form.add_prefix(name)] = "on"
            else:
                data[form.add_prefix(name)] = str(value)

    add_form(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for form in formset.forms:
            add_form(form)
    return data


def admin_url(model, view, *args):
    return reverse(f"admin:catalogue_{model}_{view}", args=args)


def edit(client, model, obj, **changes):
    url = admin_url(model, "change", obj.pk)
    data = change_form_data(client, url)
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    return response


def history_page(client, model, pk):
    response = client.get(admin_url(model, "history", pk))
    assert response.status_code == 200
    return response.text


def test_product_edit_is_recorded_with_who_and_a_field_diff(staff_client):
    product = certified_product(name_vi="Chè Thái Tân Cương")
    edit(staff_client, "product", product, name_vi="Chè móc câu Tân Cương")

    record = product.history.first()
    assert record.history_type == "~"
    assert record.history_user.username == "staff"
    assert record.name_vi == "Chè móc câu Tân Cương"
    assert [c.field for c in record.diff_against(record.prev_record).changes] == ["name_vi"]

    page = history_page(staff_client, "product", product.pk)
    assert "Tên (tiếng Việt)" in page
    assert "Chè Thái Tân Cương" in page and "Chè móc câu Tân Cương" in page
    assert ">staff</a>" in page


@pytest.mark.parametrize("model, factory, field, value", [
    ("producer", ProducerFactory, "phone", "024 3874 0000"),
    ("craftvillage", CraftVillageFactory, "main_craft_vi", "Gốm men rạn"),
])
def test_producer_and_village_edits_are_recorded(staff_client, model, factory, field, value):
    obj = factory()
    edit(staff_client, model, obj, **{field: value})
    record = obj.history.first()
    assert record.history_user.username == "staff"
    assert [c.field for c in record.diff_against(record.prev_record).changes] == [field]
    assert value in history_page(staff_client, model, obj.pk)


def test_revoking_through_the_change_form_records_the_decision_and_unlists(staff_client, client):
    product = certified_product(code="HN-OCOP-0777")
    cert = product.current_certification
    today = timezone.localdate()
    edit(staff_client, "certification", cert, status="revoked", revoked_on=today.isoformat(),
         revocation_decision_no="321/QĐ-UBND", revocation_reason_vi="Không đạt hậu kiểm")

    assert not Product.objects.listed().filter(pk=product.pk).exists()
    record = cert.history.first()
    assert record.history_user.username == "staff"
    changed = {c.field for c in record.diff_against(record.prev_record).changes}
    assert {"status", "revoked_on", "revocation_decision_no", "revocation_reason_vi"} <= changed
    assert "321/QĐ-UBND" in history_page(staff_client, "certification", cert.pk)
    # The public answer follows at once.
    assert client.get("/verify/HN-OCOP-0777.json").json()["status"] == "revoked"


@pytest.mark.parametrize("missing, message", [
    ("revocation_decision_no", "Hãy nhập số quyết định thu hồi."),
    ("revocation_reason_vi", "Hãy nhập lý do thu hồi."),
])
def test_change_form_revocation_needs_decision_number_and_reason(staff_client, missing, message):
    product = certified_product()
    cert = product.current_certification
    url = admin_url("certification", "change", cert.pk)
    data = change_form_data(staff_client, url)
    data.update(status="revoked", revoked_on=timezone.localdate().isoformat(),
                revocation_decision_no="1/QĐ", revocation_reason_vi="Lý do")
    data[missing] = "  "
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert message in response.text
    cert.refresh_from_db()
    assert cert.status == "active"


def test_change_form_refuses_a_revocation_dated_in_the_future(staff_client):
    cert = certified_product().current_certification
    url = admin_url("certification", "change", cert.pk)
    data = change_form_data(staff_client, url)
    data.update(status="revoked", revoked_on=(timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
                revocation_decision_no="1/QĐ", revocation_reason_vi="Lý do")
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert Certification.objects.get(pk=cert.pk).status == "active"


def test_history_is_kept_after_deleting_through_the_admin(staff_client):
    product = certified_product(name_vi="Rượu làng Vân")
    cert_pk, pk = product.current_certification.pk, product.pk
    response = staff_client.post(admin_url("product", "delete", pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Product.objects.filter(pk=pk).exists()
    assert not Certification.objects.filter(pk=cert_pk).exists()

    deleted = Product.history.filter(id=pk).first()
    assert deleted.history_type == "-"
    assert deleted.history_user.username == "staff"
    assert Product.history.filter(id=pk).count() >= 2
    assert Certification.history.filter(id=cert_pk, history_type="-").exists()
    # Still readable in the admin, by the deleted object's id.
    assert "Rượu làng Vân" in history_page(staff_client, "product", pk)


def test_deleted_producer_history_is_kept(staff_client):
    producer = ProducerFactory(name="Hộ kinh doanh Lụa Vạn Phúc")
    response = staff_client.post(admin_url("producer", "delete", producer.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Producer.objects.filter(pk=producer.pk).exists()
    assert Producer.history.filter(id=producer.pk, history_type="-").get().history_user.username == "staff"
