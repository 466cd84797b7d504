"""Staff text is plain text: a control character pasted into a name or description (from Word, a
PDF…) is refused with a form error naming it, and nothing is saved; tabs and line breaks in
descriptions, and any Vietnamese text, save as typed."""

import pytest
from django.utils.translation import override

from catalogue.models import Certification, Producer, Product
from events.models import Event
from showrooms.models import Showroom
from tests.factories import EventFactory, ProducerFactory, ShowroomFactory, certified_product
from tests.security.admin_posts import admin_url, form_data

pytestmark = pytest.mark.django_db


def change(client, app_model, obj, *, lang="", **fields):
    """Post ``obj``'s admin change form as it is, with ``fields`` changed."""
    with override("vi"):  # the unprefixed (Vietnamese) address, whatever a previous request set
        url = lang + admin_url(app_model, "change", obj.pk)
    data = form_data(client.get(url))
    data.update(fields)
    return client.post(url, data)


def field_errors(response, name):
    return [str(e) for e in response.context["adminform"].form.errors.get(name, [])]


def test_a_bell_character_in_a_product_name_is_a_form_error_naming_it(staff_client):
    product = certified_product(name_vi="Bình gốm men lam")
    history_before = product.history.count()
    response = change(staff_client, "catalogue.product", product, lang="/en",
                      name_vi="Bình gốm\x07 men lam", description_vi="Men lam\x0bvẽ tay")
    assert response.status_code == 200
    assert field_errors(response, "name_vi") == [
        "This contains an invisible control character (U+0007); retype it or paste it as plain text."]
    assert field_errors(response, "description_vi") == [
        "This contains an invisible control character (U+000B); retype it or paste it as plain text."]
    product.refresh_from_db()
    assert product.name_vi == "Bình gốm men lam"
    assert product.description_vi == ""
    assert product.history.count() == history_before


def test_the_message_is_in_vietnamese_on_the_vietnamese_admin(staff_client):
    product = certified_product()
    response = change(staff_client, "catalogue.product", product, description_en="Soy\x1fsauce")
    assert field_errors(response, "description_en") == [
        "Có một ký tự điều khiển vô hình (U+001F); hãy gõ lại hoặc dán dưới dạng văn bản thuần."]


def test_a_line_break_in_a_single_line_field_is_refused(staff_client):
    producer = ProducerFactory(address="Thôn Cự Đà")
    response = change(staff_client, "catalogue.producer", producer, lang="/en",
                      address="Thôn Cự Đà,\nThanh Oai", name="HTX\x85Cự Đà")
    assert field_errors(response, "address") == [
        "This must be a single line: it contains a line break (U+000A); remove it."]
    assert field_errors(response, "name") == [
        "This contains an invisible control character (U+0085); retype it or paste it as plain text."]
    producer.refresh_from_db()
    assert producer.address == "Thôn Cự Đà"


def test_a_certificate_number_with_a_control_character_is_refused_in_the_product_inline(staff_client):
    product = certified_product()
    cert = product.certifications.get()
    prefix = "certifications-0-"
    response = change(staff_client, "catalogue.product", product, lang="/en",
                      **{prefix + "certificate_no": "1201\x1b/QĐ-UBND"})
    assert response.status_code == 200
    inline = response.context["inline_admin_formsets"]
    errors = [form.errors for inline_set in inline for form in inline_set.formset.forms if form.errors]
    assert "U+001B" in str(errors)
    assert Certification.objects.get(pk=cert.pk).certificate_no == cert.certificate_no


def test_event_and_showroom_text_are_checked_too(staff_client):
    event = EventFactory(venue_address="2 Trịnh Công Sơn")
    response = change(staff_client, "events.event", event, lang="/en", venue_address_vi="2 Trịnh\x0cCông Sơn")
    assert "U+000C" in str(field_errors(response, "venue_address_vi"))
    assert Event.objects.get(pk=event.pk).venue_address_vi == "2 Trịnh Công Sơn"

    showroom = ShowroomFactory(description="")
    response = change(staff_client, "showrooms.showroom", showroom, lang="/en", description_vi="Mở cửa\x02 hằng ngày")
    assert "U+0002" in str(field_errors(response, "description_vi"))
    assert Showroom.objects.get(pk=showroom.pk).description_vi == ""


def test_vietnamese_text_with_tabs_and_line_breaks_in_descriptions_saves_as_typed(staff_client):
    product = certified_product()
    description = "Gốm Bát Tràng:\r\n\t– men lam, men rạn\r\n\t– vẽ tay\r\n\r\nGiá: 350.000 ₫ — “đẹp”"
    response = change(staff_client, "catalogue.product", product,
                      name_vi="Bình gốm men lam Bát Tràng (Đặc biệt) – 30 cm", description_vi=description)
    assert response.status_code == 302, response.context["adminform"].form.errors
    product.refresh_from_db()
    assert product.name_vi == "Bình gốm men lam Bát Tràng (Đặc biệt) – 30 cm"
    assert product.description_vi == description

    producer = ProducerFactory()
    response = change(staff_client, "catalogue.producer", producer,
                      name="Hợp tác xã gốm sứ Bát Tràng\tmột", description_vi="Dòng một\nDòng hai")
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Producer.objects.get(pk=producer.pk).description_vi == "Dòng một\nDòng hai"


def test_full_clean_refuses_control_characters_outside_the_admin_too():
    from django.core.exceptions import ValidationError

    product = certified_product()
    product.name_en = "Soy\x7fsauce"
    with pytest.raises(ValidationError) as exc:
        product.full_clean()
    assert list(exc.value.message_dict) == ["name_en"]
    assert Product.objects.get(pk=product.pk).name_en != "Soy\x7fsauce"


def test_the_bulk_revocation_form_refuses_a_control_character_next_to_its_field(staff_client):
    from tests.security.admin_posts import post_action

    product = certified_product()
    cert = product.current_certification
    with override("vi"):
        response = post_action(staff_client, "catalogue.certification", "revoke_selected", [cert], confirm="yes",
                               decision_no="9/QĐ-UBND", revoked_on=cert.issued_on.isoformat(),
                               reason="Ngừng\x08 sản xuất")
    assert response.status_code == 200
    assert "U+0008" in str(response.context["form"].errors["reason"])
    cert.refresh_from_db()
    assert cert.status == "active"
