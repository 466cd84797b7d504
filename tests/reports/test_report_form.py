"""The public "report a suspicious label" form: what a visitor sends, what the office receives,
and what bots, floods and hostile input get."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from reports.models import Report
from reports.services import RATE_LIMIT_REPORTS
from tests.factories import certified_product

from .conftest import photo, report_data

pytestmark = pytest.mark.django_db
URL = "/report/"


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """POST a report; what runs after the commit (the e-mail) runs too, as in production."""
    def post(client, **overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(URL, report_data(**overrides))
    return post


def test_the_form_is_prefilled_with_the_code_from_the_verify_page(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get(URL, {"code": "  HN-OCOP-0057 "})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="HN-OCOP-0057"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "Báo cáo nhãn đáng ngờ" in html  # Vietnamese first


def test_english_form(client):
    response = client.get("/en/report/")
    assert response.status_code == 200
    assert "Report a suspicious label" in response.content.decode()
    assert "What did you see?" in response.content.decode()


def test_a_valid_report_is_saved_shows_its_reference_and_mails_the_office(send, client, office_email):
    product = certified_product(code="HN-OCOP-0042")
    response = send(client, code="hn ocop 0042", photo=photo())
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.status == Report.Status.NEW
    assert report.product == product  # found as the verify page finds it
    assert report.shop_name == "Cửa hàng Hoa Sen" and report.contact == "0912 345 678"
    assert report.photo.name.startswith("reports/") and report.photo_width == 40
    assert report.reference.startswith("BC-") and len(report.reference) == 11
    assert report.history.count() == 1

    thanks = client.get(response["Location"])
    assert report.reference in thanks.content.decode()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == office_email
    assert report.reference in message.subject and "hn ocop 0042" in message.subject
    assert "Cửa hàng Hoa Sen" in message.body and "12 Hàng Bạc" in message.body
    assert f"/admin/reports/report/{report.pk}/change/" in message.body


def test_only_what_was_seen_and_the_shop_are_required(send, client):
    response = client.post(URL, {"what_seen": "", "shop_name": "", "website": ""})
    assert response.status_code == 400
    assert Report.objects.count() == 0
    html = response.content.decode()
    assert html.count('class="errorlist"') >= 2
    assert response.context["form"].errors.keys() == {"what_seen", "shop_name"}
    assert send(client, code="", shop_address="", contact="").status_code == 302
    assert Report.objects.count() == 1


def test_without_reports_email_the_report_waits_in_the_queue(send, client, settings):
    settings.REPORTS_EMAIL = []
    assert send(client).status_code == 302
    assert Report.objects.count() == 1
    assert mail.outbox == []


def test_a_mail_outage_does_not_lose_the_report(send, client, office_email, settings):
    settings.EMAIL_BACKEND = "tests.reports.failing_mail.Backend"
    assert send(client).status_code == 302
    assert Report.objects.count() == 1


def test_the_honeypot_drops_the_report_silently(send, client, office_email):
    response = send(client, website="http://spam.example")
    assert response.status_code == 302  # the bot is told nothing
    assert Report.objects.count() == 0
    assert mail.outbox == []
    assert "BC-" not in client.get(response["Location"]).content.decode()


def test_the_honeypot_is_out_of_sight_and_out_of_the_tab_order(client):
    html = client.get(URL).content.decode()
    assert '<div class="report-trap" aria-hidden="true">' in html
    assert 'name="website"' in html and 'tabindex="-1"' in html


def test_five_reports_an_hour_per_address_then_429(send, client, office_email):
    for _ in range(RATE_LIMIT_REPORTS):
        assert send(client).status_code == 302
    response = send(client)
    assert response.status_code == 429
    assert "Quá nhiều báo cáo" in response.content.decode()
    assert Report.objects.count() == RATE_LIMIT_REPORTS
    assert client.get(URL).status_code == 429
    # Another address is not affected.
    assert Client(REMOTE_ADDR="10.0.0.9").post(URL, report_data()).status_code == 302


def test_the_limit_follows_the_real_client_behind_our_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(RATE_LIMIT_REPORTS):
        # A client forging X-Forwarded-For each time is still counted by what our proxy saw.
        client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 203.0.113.7")
        assert client.post(URL, report_data()).status_code == 302
    client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.7")
    assert client.post(URL, report_data()).status_code == 429
    other = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert other.post(URL, report_data()).status_code == 302


def test_the_english_limit_page(client):
    for _ in range(RATE_LIMIT_REPORTS):
        client.post("/en/report/", report_data())
    response = client.post("/en/report/", report_data())
    assert response.status_code == 429
    assert "Too many reports from your network" in response.content.decode()


def test_invalid_attempts_do_not_use_up_the_limit(send, client):
    for _ in range(RATE_LIMIT_REPORTS + 2):
        assert send(client, what_seen="").status_code == 400
    assert send(client).status_code == 302


@pytest.mark.parametrize("filename, content, message", [
    ("label.jpg", photo().read()[:300], "hỏng hoặc không đầy đủ"),  # truncated JPEG
    ("label.jpg", b"%PDF-1.4 not a photo", "không phải ảnh JPEG, PNG hoặc WebP"),
    ("label.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "SVG"),
])
def test_a_corrupt_or_fake_photo_is_a_form_error_and_nothing_is_saved(send, client, office_email, filename, content,
                                                                       message):
    upload = SimpleUploadedFile(filename, content, content_type="image/jpeg")
    response = send(client, photo=upload)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Report.objects.count() == 0 and mail.outbox == []


def test_a_photo_over_10_mb_is_refused_with_a_message(send, client):
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"\0" * (10 * 1024 * 1024 + 10), content_type="image/jpeg")
    response = send(client, photo=big)
    assert response.status_code == 400
    assert "tối đa 10,0\xa0MB" in response.content.decode()
    assert Report.objects.count() == 0


def test_a_request_far_over_the_limit_is_refused_before_it_is_read(client):
    response = client.post(URL, data=b"x", content_type="multipart/form-data; boundary=x",
                           CONTENT_LENGTH=str(50 * 1024 * 1024))
    assert response.status_code == 413
    assert "10 MB" in response.content.decode()
    assert Report.objects.count() == 0


def test_text_size_limits(send, client):
    response = send(client, what_seen="x" * 2001, shop_name="y" * 201, code="z" * 101)
    assert response.status_code == 400
    assert response.context["form"].errors.keys() == {"what_seen", "shop_name", "code"}
    assert Report.objects.count() == 0


def test_control_characters_are_a_form_error(send, client):
    response = send(client, shop_name="Hoa\x07Sen")
    assert response.status_code == 400
    assert "U+0007" in response.content.decode()


def test_a_post_without_the_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    client.get(URL)
    response = client.post(URL, report_data())
    assert response.status_code == 403
    assert Report.objects.count() == 0
    token = client.cookies["csrftoken"].value
    assert client.post(URL, {**report_data(), "csrfmiddlewaretoken": token}).status_code == 302


MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_markup_typed_by_a_visitor_is_never_rendered_as_markup(send, client, office_email):
    response = send(client, what_seen=MARKUP, shop_name=MARKUP, code=MARKUP[:100], website="")
    assert response.status_code == 302
    # The form shown again with an error keeps the text escaped too.
    again = send(client, what_seen=MARKUP, shop_name="")
    assert MARKUP not in again.content.decode() and "&lt;script&gt;" in again.content.decode()
    # The e-mail is plain text: the office reads exactly what was typed.
    assert mail.outbox[0].content_subtype == "plain" and MARKUP in mail.outbox[0].body


def test_the_prefilled_code_is_escaped(client):
    html = client.get(URL, {"code": '"><script>alert(1)</script>'}).content.decode()
    assert "<script>alert(1)</script>" not in html


def test_the_thank_you_page_alone_shows_no_reference(client):
    response = client.get(reverse("reports:thanks"))
    assert response.status_code == 200
    assert "BC-" not in response.content.decode()


@pytest.mark.parametrize("status_code, code", [(404, "NO-SUCH-CODE")])
def test_the_verify_page_of_an_unknown_code_links_to_the_report_form(client, status_code, code):
    response = client.get(f"/verify/{code}/")
    assert response.status_code == status_code
    assert f'href="/report/?code={code}"' in response.content.decode()


def test_expired_and_revoked_results_link_to_the_form_but_a_valid_one_does_not(client):
    from catalogue.services import revoke_certifications

    valid = certified_product(code="HN-OCOP-0001")
    revoked = certified_product(code="HN-OCOP-0002")
    revoke_certifications([revoked.current_certification], decision_no="12/QĐ", reason="Kiểm tra",
                          revoked_on=revoked.current_certification.issued_on)
    assert "/report/?code=" not in client.get("/verify/HN-OCOP-0001/").content.decode()
    assert 'href="/report/?code=HN-OCOP-0002"' in client.get("/verify/HN-OCOP-0002/").content.decode()
    with translation.override("en"):
        html = client.get("/en/verify/HN-OCOP-0002/").content.decode()
    assert 'href="/en/report/?code=HN-OCOP-0002"' in html and "Report a suspicious label" in html
    assert valid


def test_the_footer_links_to_the_form(client):
    html = client.get("/").content.decode()
    assert 'href="/report/"' in html
