"""Staff work on events in the admin: lists, filters, the next-edition copy, product choices."""

import datetime

import pytest
from django.test import Client

from events.models import Event
from events.timing import hanoi_today
from tests.factories import BoothFactory, EventFactory, ProducerFactory, ProductFactory, area

pytestmark = pytest.mark.django_db

D = datetime.date
CHANGELIST = "/en/admin/events/event/"


def test_changelist_filters_by_kind_year_area_and_when(staff_client):
    today = hanoi_today()
    EventFactory(name_vi="Hội chợ Tết cũ", kind=Event.Kind.FAIR, start_date=D(2024, 1, 20),
                 end_date=D(2024, 1, 25), area=area("phuong-viet-hung"))
    EventFactory(name_vi="Tuần lễ OCOP sắp tới", kind=Event.Kind.OCOP_WEEK,
                 start_date=today + datetime.timedelta(days=20), end_date=today + datetime.timedelta(days=24))
    EventFactory(name_vi="Không gian đang mở", kind=Event.Kind.SHOWCASE,
                 start_date=today - datetime.timedelta(days=3), end_date=today + datetime.timedelta(days=30))

    def listed(query):
        response = staff_client.get(CHANGELIST + query)
        assert response.status_code == 200
        return {e.name_vi for e in response.context["cl"].result_list}

    assert listed("?kind__exact=ocop_week") == {"Tuần lễ OCOP sắp tới"}
    assert listed("?year=2024") == {"Hội chợ Tết cũ"}
    assert listed(f"?area__id__exact={area('phuong-viet-hung').pk}") == {"Hội chợ Tết cũ"}
    assert listed("?when=upcoming") == {"Tuần lễ OCOP sắp tới"}
    assert listed("?when=ongoing") == {"Không gian đang mở"}
    assert listed("?when=past") == {"Hội chợ Tết cũ"}
    busy = Event.objects.get(name_vi="Hội chợ Tết cũ")
    for label in ("A1", "A2", "A3"):
        BoothFactory(event=busy, label=label)
    assert '<td class="field-booth_count">3</td>' in staff_client.get(CHANGELIST + "?year=2024").text
    assert listed("?year=garbage") == {"Hội chợ Tết cũ", "Tuần lễ OCOP sắp tới", "Không gian đang mở"}


def test_duplicate_as_next_year_copies_dates_unpublished_with_a_new_slug(staff_client):
    event = EventFactory(name_vi="Tuần lễ Hợp tác xã 2025", start_date=D(2025, 10, 1), end_date=D(2025, 10, 5),
                         start_time=datetime.time(8, 0), organisers="Liên minh HTX Hà Nội")
    booth = BoothFactory(event=event, label="A1")
    product = ProductFactory(producer=booth.producer)
    booth.featured_products.add(product)

    response = staff_client.post(CHANGELIST, {"action": "duplicate_next_year", "_selected_action": [event.pk]},
                                 follow=True)
    assert "Created 1 unpublished event for next year: Tuần lễ Hợp tác xã 2026." in response.text
    copy = Event.objects.exclude(pk=event.pk).get()
    assert (copy.start_date, copy.end_date) == (D(2026, 10, 1), D(2026, 10, 5))
    assert copy.start_time == datetime.time(8, 0) and copy.organisers == "Liên minh HTX Hà Nội"
    assert copy.is_published is False and copy.published_at is None
    assert copy.slug == "tuan-le-hop-tac-xa-2026" and copy.slug != event.slug
    assert not copy.booths.exists()

    staff_client.post(CHANGELIST, {"action": "duplicate_next_year_with_booths", "_selected_action": [event.pk]})
    with_booths = Event.objects.exclude(pk__in=[event.pk, copy.pk]).get()
    assert with_booths.slug == "tuan-le-hop-tac-xa-2026-2"
    new_booth = with_booths.booths.get()
    assert (new_booth.producer, new_booth.label) == (booth.producer, "A1")
    assert list(new_booth.featured_products.all()) == [product]
    assert list(event.booths.all()) == [booth]  # the original keeps its own


def test_duplicate_moves_29_february_to_28_february(staff_client):
    event = EventFactory(name_vi="Hội chợ xuân", start_date=D(2024, 2, 27), end_date=D(2024, 2, 29))
    staff_client.post(CHANGELIST, {"action": "duplicate_next_year", "_selected_action": [event.pk]})
    copy = Event.objects.exclude(pk=event.pk).get()
    assert (copy.start_date, copy.end_date) == (D(2025, 2, 27), D(2025, 2, 28))


def test_change_page_with_booths_renders(staff_client):
    booth = BoothFactory(label="A1")
    ProductFactory(producer=booth.producer, name_vi="Bánh cốm")
    response = staff_client.get(f"/en/admin/events/event/{booth.event.pk}/change/")
    assert response.status_code == 200
    assert "events/admin/booths.js" in response.text
    # The saved booth's product picker asks only for its producer's products.
    assert f"booth-products/?producer={booth.producer.pk}" in response.text
    history = staff_client.get(f"/en/admin/events/event/{booth.event.pk}/history/")
    assert history.status_code == 200


def test_booth_products_endpoint_offers_only_the_producers_products(staff_client):
    producer, other = ProducerFactory(), ProducerFactory()
    mine = ProductFactory(producer=producer, name_vi="Tương Cự Đà")
    ProductFactory(producer=other, name_vi="Tương Bần")
    url = "/en/admin/events/event/booth-products/"
    data = staff_client.get(url, {"producer": producer.pk, "term": "tuong"}).json()
    assert [r["id"] for r in data["results"]] == [str(mine.pk)]
    assert data["pagination"] == {"more": False}
    assert len(staff_client.get(url, {"term": "tuong"}).json()["results"]) == 2
    assert staff_client.get(url, {"producer": "x", "page": "-1"}).status_code == 200
    assert Client().get(url).status_code == 302  # not signed in: to the login page


def test_cover_image_upload_is_checked_and_kept_by_the_next_edition(staff_client):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from tests.events.test_validation import event_form

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "JPEG")
    photo = SimpleUploadedFile("hoi-cho.jpg", buffer.getvalue(), content_type="image/jpeg")
    response = staff_client.post("/en/admin/events/event/add/", {
        **event_form(cover_alt="Gian hàng gốm"), "cover_image": photo})
    assert response.status_code == 302, response.text
    event = Event.objects.get()
    assert event.cover_image.name.startswith("events/") and "hoi-cho" not in event.cover_image.name
    assert event.cover_image.storage.exists(event.cover_image.name)
    fake = SimpleUploadedFile("not-a-photo.jpg", b"<html>hi</html>", content_type="image/jpeg")
    response = staff_client.post("/en/admin/events/event/add/", {
        **event_form(name_vi="Sự kiện khác"), "cover_image": fake})
    assert response.status_code == 200 and Event.objects.count() == 1

    staff_client.post(CHANGELIST, {"action": "duplicate_next_year", "_selected_action": [event.pk]})
    copy = Event.objects.exclude(pk=event.pk).get()
    assert copy.cover_image.name == event.cover_image.name


def test_event_managers_edit_booths_and_viewers_only_look(django_user_model):
    from django.contrib.auth.models import Group

    from staff.roles import MANAGERS, VIEWERS
    from tests.events.test_validation import event_form

    def signed_in(role):
        user = django_user_model.objects.create_user(role.slug, "staff@example.vn", "a-long-password-123",
                                                     is_staff=True)
        user.groups.set(Group.objects.filter(name=role.name))
        client = Client()
        client.force_login(user)
        return client

    producer = ProducerFactory()
    product = ProductFactory(producer=producer)
    manager, viewer = signed_in(MANAGERS), signed_in(VIEWERS)
    url = "/en/admin/events/event/booth-products/"
    assert manager.get(url, {"producer": producer.pk}).json()["results"][0]["id"] == str(product.pk)
    assert viewer.get(url, {"producer": producer.pk}).status_code == 403
    response = manager.post("/en/admin/events/event/add/", event_form(
        booths=[{"producer": producer, "label": "A1", "products": [product]}]))
    assert response.status_code == 302
    assert Event.objects.get().booths.get().featured_products.get() == product
    assert viewer.post("/en/admin/events/event/add/", event_form(name_vi="Khác")).status_code == 403
