"""Dates typed into the admin are read day first, in Vietnamese and in English, by every form that
edits one (certifications, the revocation action, events, showroom exceptions); month-first text is
refused with a message saying how to write the date, and what a date box shows reads back as the
same day (ocop_site/formats/)."""

import datetime

import pytest
from django import forms
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from catalogue.models import Certification
from events.models import Event
from showrooms.models import OpeningException, Showroom
from tests.factories import CertificationFactory, EventFactory, OpeningExceptionFactory, ShowroomFactory
from tests.security.admin_posts import form_data

pytestmark = pytest.mark.django_db

D = datetime.date
ERROR = {
    "vi": "Nhập ngày hợp lệ theo thứ tự ngày/tháng/năm: DD/MM/YYYY",
    "en": "Enter a valid date, day first: DD/MM/YYYY",
}
# (typed, the day it means); 2025 so that no issue date is in the future.
DAY_FIRST = [
    ("05/11/2025", D(2025, 11, 5)),
    ("15/11/2025", D(2025, 11, 15)),
    ("5/11/2025", D(2025, 11, 5)),
    ("05-11-2025", D(2025, 11, 5)),
    ("2025-11-05", D(2025, 11, 5)),
]


def url(language, name, *args):
    with translation.override(language):
        return reverse(f"admin:{name}", args=args)


def change(client, language, name, obj, **values):
    """Post ``obj``'s admin change form as the page shows it, with ``values`` typed over it."""
    page = url(language, name, obj.pk)
    data = form_data(client.get(page))
    for suffix, value in values.items():
        keys = [key for key in data if key == suffix or key.endswith(f"-{suffix}")] or [suffix]
        data[keys[0]] = value
    return client.post(page, data)


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(("typed", "meant"), DAY_FIRST)
def test_certification_dates_are_read_day_first(staff_client, language, typed, meant):
    cert = CertificationFactory(issued_on=D(2025, 1, 10))
    response = change(staff_client, language, "catalogue_certification_change", cert, issued_on=typed,
                      valid_until="")
    assert response.status_code == 302, response.context["adminform"].form.errors
    cert.refresh_from_db()
    assert cert.issued_on == meant
    assert cert.valid_until == D(meant.year + 3, meant.month, meant.day)  # 36 months on


@pytest.mark.parametrize("language", ["vi", "en"])
def test_month_first_certification_date_is_refused_with_a_message(staff_client, language):
    cert = CertificationFactory(issued_on=D(2025, 1, 10))
    response = change(staff_client, language, "catalogue_certification_change", cert, issued_on="11/15/2025")
    assert response.status_code == 200
    assert ERROR[language] in response.text
    assert 'value="11/15/2025"' in response.text  # what was typed stays to be corrected
    cert.refresh_from_db()
    assert cert.issued_on == D(2025, 1, 10)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_certification_inline_on_the_product_page_reads_day_first(staff_client, language):
    cert = CertificationFactory(issued_on=D(2025, 1, 10))
    response = change(staff_client, language, "catalogue_product_change", cert.product,
                      **{"certifications-0-issued_on": "05/11/2025", "certifications-0-valid_until": ""})
    assert response.status_code == 302
    cert.refresh_from_db()
    assert cert.issued_on == D(2025, 11, 5)
    response = change(staff_client, language, "catalogue_product_change", cert.product,
                      **{"certifications-0-issued_on": "11/15/2025"})
    assert response.status_code == 200 and ERROR[language] in response.text


@pytest.mark.parametrize("language", ["vi", "en"])
def test_event_dates_are_read_day_first(staff_client, language):
    event = EventFactory(start_date=D(2026, 10, 1), end_date=D(2026, 10, 5))
    response = change(staff_client, language, "events_event_change", event,
                      start_date="05/11/2026", end_date="15/11/2026")
    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert (event.start_date, event.end_date) == (D(2026, 11, 5), D(2026, 11, 15))

    response = change(staff_client, language, "events_event_change", event, end_date="11/15/2026")
    assert response.status_code == 200 and ERROR[language] in response.text
    assert Event.objects.get(pk=event.pk).end_date == D(2026, 11, 15)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_showroom_exception_dates_are_read_day_first(staff_client, language):
    exception = OpeningExceptionFactory(showroom=ShowroomFactory(), date_from=D(2026, 2, 1), date_to=D(2026, 2, 3))
    showroom = exception.showroom
    response = change(staff_client, language, "showrooms_showroom_change", showroom,
                      **{"opening_exceptions-0-date_from": "05/11/2026", "opening_exceptions-0-date_to": "15/11/2026"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    exception.refresh_from_db()
    assert (exception.date_from, exception.date_to) == (D(2026, 11, 5), D(2026, 11, 15))

    response = change(staff_client, language, "showrooms_showroom_change", showroom,
                      **{"opening_exceptions-0-date_to": "11/15/2026"})
    assert response.status_code == 200 and ERROR[language] in response.text
    assert OpeningException.objects.get(pk=exception.pk).date_to == D(2026, 11, 15)
    assert Showroom.objects.count() == 1


@pytest.mark.parametrize("language", ["vi", "en"])
def test_revocation_action_reads_the_decision_date_day_first(staff_client, language):
    cert = CertificationFactory(issued_on=D(2025, 1, 10))
    changelist = url(language, "catalogue_certification_changelist")
    post = {"action": "revoke_selected", "_selected_action": [cert.pk], "confirm": "yes",
            "decision_no": "12/QĐ-UBND", "reason": "Không đạt hậu kiểm"}

    refused = staff_client.post(changelist, {**post, "revoked_on": "11/15/2025"})
    assert refused.status_code == 200 and ERROR[language] in refused.text
    assert Certification.objects.get(pk=cert.pk).status == Certification.Status.ACTIVE

    done = staff_client.post(changelist, {**post, "revoked_on": "05/11/2025"})
    assert done.status_code == 302, done.context["form"].errors
    cert.refresh_from_db()
    assert cert.status == Certification.Status.REVOKED and cert.revoked_on == D(2025, 11, 5)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_date_box_shows_the_date_day_first_and_saving_it_unchanged_keeps_it(staff_client, language):
    cert = CertificationFactory(issued_on=D(2025, 11, 5))
    page = staff_client.get(url(language, "catalogue_certification_change", cert.pk)).text
    assert 'name="issued_on" value="05/11/2025"' in page
    assert 'name="valid_until" value="05/11/2028"' in page
    response = change(staff_client, language, "catalogue_certification_change", cert)
    assert response.status_code == 302
    cert.refresh_from_db()
    assert (cert.issued_on, cert.valid_until) == (D(2025, 11, 5), D(2028, 11, 5))


def admin_date_fields(request):
    """Every date field of every admin form: each registered model's form and its inlines' forms
    (apps added later included), and the revocation action's form."""
    from catalogue.admin.actions import RevocationForm

    found = [("RevocationForm.revoked_on", RevocationForm.base_fields["revoked_on"])]
    for model, model_admin in admin.site._registry.items():
        form_classes = [model_admin.get_form(request)] + [
            inline.get_formset(request).form for inline in model_admin.get_inline_instances(request)]
        for form_class in form_classes:
            for name, field in form_class.base_fields.items():
                if isinstance(field, forms.DateField):
                    found.append((f"{form_class.__name__}.{name}", field))
    return found


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_admin_date_field_reads_back_each_day_of_a_year_as_shown(admin_user, language):
    """What each admin date box shows for every day of 2026 (and the leap day 29/02/2028) is read
    back by the same form field as that very day; month-first text is refused by each."""
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    days = [D(2026, 1, 1) + datetime.timedelta(days=n) for n in range(365)] + [D(2028, 2, 29)]
    with translation.override(language):
        fields = admin_date_fields(request)
        names = {name.split(".")[1] for name, _field in fields}
        assert {"issued_on", "valid_until", "revoked_on", "start_date", "end_date", "date_from",
                "date_to", "inspected_on", "deadline"} <= names
        for name, field in fields:
            assert field.widget.format_value(D(2026, 11, 5)) == "05/11/2026", name
            for day in days:
                shown = field.widget.format_value(day)
                assert field.clean(shown) == day, (name, shown, day)
            with pytest.raises(forms.ValidationError) as refused:
                field.clean("11/15/2026")
            assert ERROR[language] in refused.value.messages[0], name
