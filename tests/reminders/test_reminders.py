"""send_expiry_reminders: the 90/60/30-day steps, once per certificate and step, one Vietnamese
e-mail per producer naming each product, the office's summary with producers lacking an e-mail,
the record in the admin; with Django's locmem mail backend (pytest-django's default)."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from catalogue.models import Certification
from reminders.models import ExpiryReminder
from reminders.services import send_expiry_reminders, step_for
from tests.factories import CertificationFactory, ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def office(settings):
    settings.OCOP_OFFICE_EMAIL = "ocop@hanoi.example.vn"


def certificate(producer, *, days_left, **product_fields):
    """A product of ``producer`` whose current certificate ends ``days_left`` days from today."""
    product = ProductFactory(producer=producer, **product_fields)
    return CertificationFactory(product=product, issued_on=TODAY() - datetime.timedelta(days=900),
                                valid_until=TODAY() + datetime.timedelta(days=days_left))


def run(on=None, **kwargs):
    return send_expiry_reminders(today=on or TODAY(), **kwargs)


@pytest.mark.parametrize(("days_left", "step"), [(91, None), (90, 90), (61, 90), (60, 60), (31, 60),
                                                 (30, 30), (1, 30), (0, 30)])
def test_steps(days_left, step):
    assert step_for(days_left) == step


def test_producer_gets_one_vietnamese_email_naming_each_product():
    producer = ProducerFactory(name="HTX Gốm Bát Tràng", email="gom@example.vn")
    first = certificate(producer, days_left=85, code="HN-GOM-1", name_vi="Bình gốm men lam")
    second = certificate(producer, days_left=25, code="HN-GOM-2", name_vi="Ấm chén men rạn")
    certificate(producer, days_left=120, code="HN-GOM-3")  # not yet

    result = run()

    producer_mail, office_mail = mail.outbox
    assert producer_mail.to == ["gom@example.vn"] and producer_mail.reply_to == ["ocop@hanoi.example.vn"]
    assert "đánh giá lại" in producer_mail.subject
    body = producer_mail.body
    assert "Kính gửi HTX Gốm Bát Tràng" in body
    assert "Bình gốm men lam (mã HN-GOM-1)" in body and "Ấm chén men rạn (mã HN-GOM-2)" in body
    assert f"hiệu lực đến {first.valid_until:%d/%m/%Y} (còn 85 ngày)" in body
    assert f"{second.valid_until:%d/%m/%Y}" in body
    assert "HN-GOM-3" not in body
    assert "Ủy ban nhân dân phường, xã" in body  # how to apply for re-evaluation
    assert sorted(ExpiryReminder.objects.values_list("certification__product__code", "step", "recipient")) == [
        ("HN-GOM-1", 90, "gom@example.vn"), ("HN-GOM-2", 30, "gom@example.vn")]
    assert office_mail.to == ["ocop@hanoi.example.vn"] and "HTX Gốm Bát Tràng <gom@example.vn>" in office_mail.body
    assert len(result.sent) == 1


def test_a_second_run_the_same_day_sends_nothing_and_each_step_is_sent_once():
    producer = ProducerFactory(email="a@example.vn")
    cert = certificate(producer, days_left=89)
    run()
    assert len(mail.outbox) == 2
    run()
    assert len(mail.outbox) == 2  # nothing new: no producer mail, no office summary

    # Days later, still in the 90 step: nothing; reaching 60 days: the second reminder.
    run(on=TODAY() + datetime.timedelta(days=20))
    assert len(mail.outbox) == 2
    run(on=cert.valid_until - datetime.timedelta(days=60))
    assert len(mail.outbox) == 4
    run(on=cert.valid_until - datetime.timedelta(days=30))
    run(on=cert.valid_until - datetime.timedelta(days=10))
    assert len(mail.outbox) == 6
    assert sorted(ExpiryReminder.objects.values_list("step", flat=True)) == [30, 60, 90]


def test_producers_without_email_are_listed_to_the_office_once():
    producer = ProducerFactory(name="Hộ Nguyễn Văn A", email="", phone="0912 000 111")
    certificate(producer, days_left=40, code="HN-NOMAIL-1")
    run()
    (office_mail,) = mail.outbox
    assert "Hộ Nguyễn Văn A, điện thoại 0912 000 111: " in office_mail.body and "HN-NOMAIL-1" in office_mail.body
    assert ExpiryReminder.objects.get().recipient == ""
    run()
    assert len(mail.outbox) == 1


def test_revoked_expired_and_superseded_certificates_get_no_reminder():
    producer = ProducerFactory(email="p@example.vn")
    revoked = certificate(producer, days_left=20)
    revoked.status, revoked.revoked_on = Certification.Status.REVOKED, TODAY()
    revoked.revocation_reason = "Hậu kiểm không đạt"
    revoked.save()
    certificate(producer, days_left=-1)  # expired yesterday
    old = certificate(producer, days_left=20)
    CertificationFactory(product=old.product, issued_on=TODAY() - datetime.timedelta(days=10))  # re-certified
    run()
    assert mail.outbox == [] and not ExpiryReminder.objects.exists()


def test_dry_run_sends_and_records_nothing():
    certificate(ProducerFactory(email="p@example.vn"), days_left=10, code="HN-DRY-1")
    out = io.StringIO()
    call_command("send_expiry_reminders", "--dry-run", stdout=out)
    assert "would remind" in out.getvalue() and "HN-DRY-1 (30 days step, 10 left)" in out.getvalue()
    assert mail.outbox == [] and not ExpiryReminder.objects.exists()

    call_command("send_expiry_reminders", stdout=out)
    assert len(mail.outbox) == 2 and "Summary sent to ocop@hanoi.example.vn" in out.getvalue()
    again = io.StringIO()
    call_command("send_expiry_reminders", stdout=again)
    assert again.getvalue().strip() == "Nothing to send today." and len(mail.outbox) == 2


def test_a_failed_send_is_not_recorded_and_is_tried_again(monkeypatch):
    certificate(ProducerFactory(email="p@example.vn"), days_left=10)
    from django.core.mail import EmailMessage

    def refuse(self, *args, **kwargs):
        if self.to == ["p@example.vn"]:
            raise OSError("connection refused")
        return 1
    monkeypatch.setattr(EmailMessage, "send", refuse)
    result = run()
    assert result.failed and not ExpiryReminder.objects.exists()
    monkeypatch.undo()
    run()
    assert ExpiryReminder.objects.count() == 1


def test_sent_reminders_are_read_only_in_the_admin(staff_client):
    certificate(ProducerFactory(email="p@example.vn"), days_left=10, code="HN-ADM-1")
    run()
    reminder = ExpiryReminder.objects.get()
    listing = staff_client.get("/en/admin/reminders/expiryreminder/")
    assert listing.status_code == 200 and "p@example.vn" in listing.text
    assert staff_client.get("/en/admin/reminders/expiryreminder/add/").status_code == 403
    change = staff_client.get(f"/en/admin/reminders/expiryreminder/{reminder.pk}/change/")
    assert change.status_code == 200 and 'type="submit" value="Save"' not in change.text
