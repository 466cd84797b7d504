"""Rules every event and booth keeps, whether entered in the admin or in code."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch

from events.models import Booth, Event
from tests.factories import BoothFactory, EventFactory, ProducerFactory, ProductFactory, area

pytestmark = pytest.mark.django_db

D = datetime.date
ADD_URL = "/en/admin/events/event/add/"


def event_form(**overrides):
    """POST data for the admin's add-event page, with booth rows from ``booths``."""
    booths = overrides.pop("booths", [])
    data = {
        "name_vi": "Tuần lễ OCOP 2026", "name_en": "", "slug": "", "kind": "ocop_week",
        "start_date": "2026-12-10", "end_date": "2026-12-14", "start_time": "", "end_time": "",
        "venue_name_vi": "Cung Văn hóa Hữu nghị Việt Xô", "venue_address_vi": "91 Trần Hưng Đạo",
        "area": "", "latitude": "", "longitude": "", "organisers_vi": "Sở NN&MT Hà Nội",
        "description_vi": "", "description_en": "", "cover_alt_vi": "",
        "booths-TOTAL_FORMS": str(len(booths)), "booths-INITIAL_FORMS": "0",
        "booths-MIN_NUM_FORMS": "0", "booths-MAX_NUM_FORMS": "1000",
    }
    for i, booth in enumerate(booths):
        data[f"booths-{i}-producer"] = str(booth["producer"].pk)
        data[f"booths-{i}-label"] = booth.get("label", "")
        data[f"booths-{i}-featured_products"] = [str(p.pk) for p in booth.get("products", [])]
    data.update(overrides)
    return data


def test_end_before_start_is_a_form_error_in_the_admin(staff_client):
    response = staff_client.post(ADD_URL, event_form(start_date="2026-12-10", end_date="2026-12-09"))
    assert response.status_code == 200
    assert "The last day cannot be before the first day." in response.text
    assert not Event.objects.exists()


def test_end_before_start_is_refused_by_the_model_and_the_database():
    event = EventFactory.build(start_date=D(2026, 12, 10), end_date=D(2026, 12, 9), area=area())
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "end_date" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        event.save()


def test_one_day_event_cannot_end_before_it_starts(staff_client):
    response = staff_client.post(ADD_URL, event_form(
        start_date="2026-12-10", end_date="2026-12-10", start_time="17:00", end_time="08:00"))
    assert "A one-day event cannot end before it starts." in response.text
    response = staff_client.post(ADD_URL, event_form(end_time="17:00"))
    assert "Give the start time too, or leave both times empty." in response.text
    assert not Event.objects.exists()


def test_a_valid_event_with_booths_is_saved(staff_client):
    producer = ProducerFactory(name="HTX Gốm Bát Tràng")
    vase = ProductFactory(producer=producer, name_vi="Bình gốm men lam")
    response = staff_client.post(ADD_URL, event_form(
        booths=[{"producer": producer, "label": "A1", "products": [vase]}]))
    assert response.status_code == 302, response.text
    booth = Booth.objects.get()
    assert booth.event.name_vi == "Tuần lễ OCOP 2026" and booth.label == "A1"
    assert list(booth.featured_products.all()) == [vase]
    assert booth.event.slug == "tuan-le-ocop-2026"


def test_duplicate_exhibitor_in_one_submission_is_a_form_error(staff_client):
    producer = ProducerFactory()
    response = staff_client.post(ADD_URL, event_form(
        booths=[{"producer": producer, "label": "A1"}, {"producer": producer, "label": "A2"}]))
    assert response.status_code == 200
    assert "This producer already has a booth at this event." in response.text
    assert not Event.objects.exists()


def test_duplicate_exhibitor_against_saved_booths_is_a_form_error(staff_client):
    booth = BoothFactory(label="B7")
    event = booth.event
    data = event_form(
        name_vi=event.name_vi, slug=event.slug,
        start_date=event.start_date.isoformat(), end_date=event.end_date.isoformat(),
        booths=[{"producer": booth.producer, "label": "B8"}],
    )
    # The saved booth is the first row; the new row repeats its producer.
    data.update({
        "booths-TOTAL_FORMS": "2", "booths-INITIAL_FORMS": "1",
        "booths-0-id": str(booth.pk), "booths-0-event": str(event.pk),
        "booths-0-producer": str(booth.producer.pk), "booths-0-label": "B7",
        "booths-1-producer": str(booth.producer.pk), "booths-1-label": "B8",
    })
    response = staff_client.post(f"/en/admin/events/event/{event.pk}/change/", data)
    assert response.status_code == 200
    assert "This producer already has a booth at this event." in response.text
    assert event.booths.count() == 1


def test_booth_labels_are_unique_per_event_but_not_across_events(staff_client):
    first, second = ProducerFactory(), ProducerFactory()
    response = staff_client.post(ADD_URL, event_form(
        booths=[{"producer": first, "label": "C3"}, {"producer": second, "label": "C3"}]))
    assert "Another exhibitor already has this booth at this event." in response.text
    # Unassigned (empty) labels may repeat; the same label at another event is fine.
    booth = BoothFactory(label="C3")
    BoothFactory(event=booth.event, label="")
    BoothFactory(event=booth.event, label="")
    BoothFactory(label="C3")
    with pytest.raises(IntegrityError), transaction.atomic():
        Booth.objects.create(event=booth.event, producer=ProducerFactory(), label="C3")


def test_producer_appears_once_per_event_in_the_database():
    booth = BoothFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Booth.objects.create(event=booth.event, producer=booth.producer, label="Z9")


def test_featured_products_must_belong_to_the_booth_producer(staff_client):
    producer, other = ProducerFactory(), ProducerFactory(name="Cơ sở khác")
    stranger = ProductFactory(producer=other, name_vi="Chè Shan tuyết")
    response = staff_client.post(ADD_URL, event_form(
        booths=[{"producer": producer, "label": "A1", "products": [stranger]}]))
    assert response.status_code == 200
    assert "Featured products must be made by the exhibiting producer: Chè Shan tuyết." in response.text
    assert not Event.objects.exists()
    # Code that skips the form is stopped too.
    booth = BoothFactory(producer=producer)
    with pytest.raises(ValidationError), transaction.atomic():
        booth.featured_products.add(stranger)
    with pytest.raises(ValidationError), transaction.atomic():
        stranger.booths.add(booth)
    assert not booth.featured_products.exists()


def test_venue_can_be_a_showroom_whose_details_fill_the_empty_venue_fields(staff_client):
    from decimal import Decimal

    from tests.factories import ShowroomFactory

    showroom = ShowroomFactory(name="Trung tâm Xúc tiến sản phẩm OCOP Hà Nội", address="Số 2 Trịnh Công Sơn",
                               area=area("phuong-tay-ho"), latitude=21.06789, longitude=105.81876)
    response = staff_client.post(ADD_URL, event_form(venue_showroom=str(showroom.pk), venue_name_vi="",
                                                     venue_address_vi=""))
    assert response.status_code == 302, response.text
    event = Event.objects.get()
    assert (event.venue_name, event.venue_address) == ("Trung tâm Xúc tiến sản phẩm OCOP Hà Nội", "Số 2 Trịnh Công Sơn")
    assert event.area.slug == "phuong-tay-ho"
    assert (event.latitude, event.longitude) == (Decimal("21.067890"), Decimal("105.818760"))
    page = staff_client.get(event.get_absolute_url())
    assert page.status_code == 200
    try:  # the showroom pages link once the showrooms app has them
        assert f'href="{showroom.get_absolute_url()}"' in page.text
    except NoReverseMatch:
        assert "About this showroom" not in page.text


def test_venue_is_required_without_a_showroom(staff_client):
    response = staff_client.post(ADD_URL, event_form(venue_name_vi=""))
    assert response.status_code == 200
    assert "Give the venue, or choose the showroom where the event is held." in response.text
