"""Every change is attributed to the staff member who made it: admin edits, inline rows, bulk
actions, and services called outside a request (commands, shell) that are told who acts."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from catalogue import services
from catalogue.models import Certification, ProductImage
from events.models import Booth, Event
from staff.roles import EDITORS, MANAGERS, OFFICERS
from tests.factories import EventFactory, ProducerFactory, ProductFactory, certified_product
from tests.security.admin_posts import admin_url, form_data, post_action

pytestmark = pytest.mark.django_db
today = timezone.localdate


@pytest.fixture
def member(django_user_model):
    def make(role):
        user = django_user_model.objects.create_user(role.slug, f"{role.slug}@example.vn", is_staff=True)
        user.groups.add(Group.objects.get(name=role.name))
        client = Client()
        client.force_login(user)
        return user, client
    return make


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (180, 40, 40)).save(out, "PNG")
    return out.getvalue()


def test_an_editors_product_edit_and_new_photo_name_the_editor(member):
    product = ProductFactory(name_vi="Bánh chưng")
    editor, client = member(EDITORS)
    url = admin_url("catalogue.product", "change", product.pk)
    data = form_data(client.get(url))
    data.update({
        "name_vi": "Bánh chưng Tranh Khúc",
        "images-TOTAL_FORMS": 1, "images-0-alt_text_vi": "Bánh chưng gói lá dong", "images-0-position": 0,
        "images-0-image": SimpleUploadedFile("banh.png", png(), content_type="image/png"),
    })
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]

    latest = product.history.first()
    assert (latest.name_vi, latest.history_type, latest.history_user) == ("Bánh chưng Tranh Khúc", "~", editor)
    image = ProductImage.objects.get(product=product)
    assert [(h.history_type, h.history_user) for h in image.history.all()] == [("+", editor)]
    # The admin's history page shows who did it.
    assert "editor" in client.get(admin_url("catalogue.product", "history", product.pk)).text


def test_a_certification_added_by_an_officer_names_the_officer_on_both_records(member):
    product = ProductFactory()
    officer, client = member(OFFICERS)
    response = client.post(admin_url("catalogue.certification", "add"), {
        "product": product.pk, "stars": 5, "certificate_no": "88/QĐ-UBND", "authority_vi": "UBND Thành phố Hà Nội",
        "issued_on": (today() - datetime.timedelta(days=5)).isoformat(), "valid_until": "", "status": "active",
    })
    assert response.status_code == 302
    cert = Certification.objects.get()
    assert cert.history.get().history_user == officer
    # The product's copied rating changed too: that record names the officer as well.
    rating_change = product.history.first()
    assert (rating_change.rating_stars, rating_change.history_user) == (5, officer)


def test_bulk_revocation_names_the_officer(member):
    first, second = certified_product(), certified_product()
    officer, client = member(OFFICERS)
    post_action(client, "catalogue.certification", "revoke_selected",
                [first.current_certification, second.current_certification], confirm="yes",
                decision_no="9/QĐ-UBND", revoked_on=today().isoformat(), reason="Ngừng sản xuất")
    for product in (first, second):
        cert = Certification.objects.get(product=product)
        assert (cert.status, cert.history.first().history_user) == ("revoked", officer)
        assert product.history.first().history_user == officer


def test_services_called_outside_a_request_record_the_user_they_are_given(django_user_model):
    """A command or the shell has no request for the history middleware to read: the services
    take ``user`` and pass it on, to the certification and to the product whose rating moves."""
    officer = django_user_model.objects.create_user("officer")
    revoked, expired = certified_product(), certified_product()
    services.revoke_certifications([revoked.current_certification], decision_no="1/QĐ", revoked_on=today(),
                                   reason="Vi phạm", user=officer)
    services.expire_certifications([expired.current_certification], user=officer)
    for product in (revoked, expired):
        assert Certification.objects.get(product=product).history.first().history_user == officer
        latest = product.history.first()
        assert latest.history_user == officer and latest.rating_stars is None


def test_event_edits_booths_and_copies_name_the_manager(member):
    event = EventFactory(name_vi="Hội chợ Xuân 2025")
    producer = ProducerFactory()
    manager, client = member(MANAGERS)
    url = admin_url("events.event", "change", event.pk)
    data = form_data(client.get(url))
    data.update({"venue_name_vi": "Hoàng thành Thăng Long", "booths-0-producer": producer.pk, "booths-0-label": "C3"})
    assert client.post(url, data).status_code == 302
    assert event.history.first().history_user == manager
    assert Booth.objects.get().history.get().history_user == manager

    post_action(client, "events.event", "duplicate_next_year_with_booths", [event])
    copy = Event.objects.exclude(pk=event.pk).get()
    assert copy.history.get().history_user == manager
    assert copy.booths.get().history.get().history_user == manager
