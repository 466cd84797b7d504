"""Staff enter showrooms in the admin: one screen, coordinates checked against Vietnam."""

import pytest

from catalogue.models import Area
from showrooms.models import OpeningHours, Showroom
from tests.factories import ShowroomFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/showrooms/showroom/add/"


def form_data(**overrides):
    data = {
        "name_vi": "Điểm bán OCOP Hồ Tây",
        "slug": "",
        "kind": "sales_point",
        "is_active": "on",
        "description_vi": "",
        "address_vi": "Số 2 Trịnh Công Sơn, Tây Hồ",
        "area": str(Area.objects.get(slug="phuong-tay-ho").pk),
        "latitude": "21.0737",
        "longitude": "105.8262",
        "phone": "", "email": "", "website": "",
    }
    for prefix in ("opening_hours", "opening_exceptions", "photos"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0",
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    data.update(overrides)
    return data


def test_staff_add_a_showroom_with_hours_in_one_screen(staff_client):
    data = form_data(**{
        "opening_hours-TOTAL_FORMS": "2",
        "opening_hours-0-weekday": "0", "opening_hours-0-opens": "08:00", "opening_hours-0-closes": "11:30",
        "opening_hours-1-weekday": "0", "opening_hours-1-opens": "13:30", "opening_hours-1-closes": "17:00",
        "opening_exceptions-TOTAL_FORMS": "1",
        "opening_exceptions-0-date_from": "2027-02-04", "opening_exceptions-0-date_to": "2027-02-10",
        "opening_exceptions-0-note_vi": "Tết",
    })
    response = staff_client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    showroom = Showroom.objects.get()
    assert showroom.slug == "diem-ban-ocop-ho-tay"
    assert showroom.opening_hours.count() == 2
    assert showroom.opening_exceptions.get().note == "Tết"
    assert showroom.history.count() == 1


@pytest.mark.parametrize("lat, lon", [("48.8566", "2.3522"), ("21.03", "111.2"), ("7.5", "105.0")])
def test_coordinates_outside_vietnam_are_refused_with_a_clear_message(staff_client, lat, lon):
    response = staff_client.post(ADD_URL, form_data(latitude=lat, longitude=lon))
    assert response.status_code == 200
    assert not Showroom.objects.exists()
    errors = response.context["adminform"].form.errors
    assert "outside Vietnam" in str(errors["latitude"]) or "ngoài lãnh thổ Việt Nam" in str(errors["latitude"])


def test_swapped_latitude_and_longitude_are_pointed_out(staff_client):
    response = staff_client.post("/en" + ADD_URL, form_data(latitude="105.8262", longitude="21.0737"))
    assert not Showroom.objects.exists()
    assert "look swapped" in response.text


def test_overlapping_hours_on_one_day_are_refused(staff_client):
    data = form_data(**{
        "opening_hours-TOTAL_FORMS": "2",
        "opening_hours-0-weekday": "2", "opening_hours-0-opens": "08:00", "opening_hours-0-closes": "12:00",
        "opening_hours-1-weekday": "2", "opening_hours-1-opens": "11:00", "opening_hours-1-closes": "17:00",
    })
    response = staff_client.post("/en" + ADD_URL, data)
    assert not Showroom.objects.exists()
    assert "Wednesday: 08:00–12:00 and 11:00–17:00 overlap." in response.text


def test_exception_needs_both_times_or_none(staff_client):
    data = form_data(**{
        "opening_exceptions-TOTAL_FORMS": "1",
        "opening_exceptions-0-date_from": "2027-02-04", "opening_exceptions-0-opens": "08:00",
    })
    response = staff_client.post("/en" + ADD_URL, data)
    assert not Showroom.objects.exists()
    assert "Give both the opening and the closing time, or neither" in response.text


def test_change_form_has_the_map_preview_and_its_static_files(staff_client):
    showroom = ShowroomFactory()
    page = staff_client.get(f"/admin/showrooms/showroom/{showroom.pk}/change/").text
    assert "data-admin-map" in page
    assert "vendor/leaflet/leaflet.js" in page and "showrooms/js/admin-map.js" in page
    # Producers and products are chosen by autocomplete, not a select of every row.
    assert page.count("admin-autocomplete") >= 2


def test_bulk_deactivate_and_activate(staff_client):
    rooms = ShowroomFactory.create_batch(3)
    ids = [str(r.pk) for r in rooms[:2]]
    staff_client.post("/admin/showrooms/showroom/", {"action": "deactivate", "_selected_action": ids})
    assert list(Showroom.objects.filter(is_active=False).order_by("pk")) == rooms[:2]
    staff_client.post("/admin/showrooms/showroom/", {"action": "activate", "_selected_action": ids})
    assert Showroom.objects.filter(is_active=True).count() == 3
    assert rooms[0].history.count() == 3  # created, deactivated, activated


def test_changelist_filters_by_former_district(staff_client):
    ShowroomFactory(name="Gốm Bát Tràng", area=Area.objects.get(slug="xa-bat-trang"),
                    latitude=20.9772, longitude=105.9129)
    ShowroomFactory(name="Hồ Gươm")
    page = staff_client.get("/admin/showrooms/showroom/?former_district=huyen-gia-lam").text
    assert "Gốm Bát Tràng" in page and "Hồ Gươm" not in page


def test_database_refuses_a_point_outside_vietnam_even_without_the_form():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ShowroomFactory(latitude=35.0, longitude=139.0)
    assert OpeningHours.objects.count() == 0
