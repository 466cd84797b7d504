"""The office's queue in the admin: who sees it, handling a report, its history, and the
visitor's text shown as text."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from reports.models import Report
from staff.roles import EDITORS, MANAGERS, OFFICERS, VIEWERS

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-password-123"
QUEUE = "/admin/reports/report/"
MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def login(django_user_model):
    def make(*roles, username=None):
        user = django_user_model.objects.create_user(
            username or "-".join(r.slug for r in roles) or "nobody", "staff@example.vn", PASSWORD, is_staff=True)
        user.groups.set(Group.objects.filter(name__in=[r.name for r in roles]))
        client = Client()
        client.force_login(user)
        client.user = user
        return client
    return make


def make_report(**fields):
    data = {"code": "HN-OCOP-9999", "what_seen": "Mã không tra được", "shop_name": "Cửa hàng Hoa Sen",
            "shop_address": "12 Hàng Bạc", "contact": "0912 345 678", **fields}
    report = Report(**data)
    report.save()
    return report


def test_officers_see_the_queue_newest_first_in_vietnamese(login, django_assert_max_num_queries):
    older = make_report(shop_name="Chợ Đồng Xuân")
    newer = make_report(shop_name="Cửa hàng Hoa Sen")
    officer = login(OFFICERS)
    index = officer.get("/admin/").content.decode()
    assert "Báo cáo nhãn đáng ngờ" in index and QUEUE in index
    with django_assert_max_num_queries(12):
        response = officer.get(QUEUE)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(newer.reference) < html.index(older.reference)
    assert "Mới" in html and "Đang xử lý" in html  # status and its filter, in Vietnamese
    assert "Add report" not in html and "Thêm báo cáo" not in html


@pytest.mark.parametrize("role", [EDITORS, MANAGERS, VIEWERS, None], ids=lambda r: r.slug if r else "none")
def test_other_roles_do_not_see_reports(login, role):
    report = make_report()
    client = login(*([role] if role else []))
    assert QUEUE not in client.get("/admin/").content.decode()
    assert client.get(QUEUE).status_code == 403
    assert client.get(f"{QUEUE}{report.pk}/change/").status_code == 403
    response = client.post(f"{QUEUE}{report.pk}/change/", {"status": "closed", "staff_notes": "x"})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == Report.Status.NEW


def test_an_officer_takes_a_report_up_and_is_recorded_as_handling_it(login):
    report = make_report()
    officer = login(OFFICERS, username="lan")
    response = officer.post(f"{QUEUE}{report.pk}/change/", {
        "status": "in_progress", "handled_by": "", "staff_notes": "Gọi cửa hàng ngày 3/12",
        # Fields the visitor wrote are read-only: posting them changes nothing.
        "what_seen": "sửa đổi", "shop_name": "sửa đổi",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    report.refresh_from_db()
    assert report.status == Report.Status.IN_PROGRESS
    assert report.handled_by == officer.user
    assert report.staff_notes == "Gọi cửa hàng ngày 3/12"
    assert report.what_seen == "Mã không tra được" and report.shop_name == "Cửa hàng Hoa Sen"
    newest = report.history.first()
    assert newest.history_user == officer.user and newest.status == "in_progress"
    history = officer.get(f"{QUEUE}{report.pk}/history/")
    assert history.status_code == 200 and "lan" in history.content.decode()


def test_officers_cannot_add_or_delete_reports(login):
    report = make_report()
    officer = login(OFFICERS)
    assert officer.get(f"{QUEUE}add/").status_code == 403
    assert officer.post(f"{QUEUE}{report.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Report.objects.filter(pk=report.pk).exists()


def test_bulk_close_records_the_handler_and_history(login):
    first, second = make_report(), make_report()
    officer = login(OFFICERS)
    response = officer.post(QUEUE, {"action": "mark_closed", "_selected_action": [first.pk, second.pk]})
    assert response.status_code == 302
    for report in (first, second):
        report.refresh_from_db()
        assert report.status == Report.Status.CLOSED and report.handled_by == officer.user
        assert report.history.count() == 2


def test_filters_and_search(login):
    make_report(shop_name="Chợ Đồng Xuân", code="HN-OCOP-0001")
    closed = make_report(shop_name="Cửa hàng Hoa Sen", status=Report.Status.CLOSED)
    officer = login(OFFICERS)
    html = officer.get(QUEUE, {"status__exact": "closed"}).content.decode()
    assert closed.reference in html and "Chợ Đồng Xuân" not in html
    html = officer.get(QUEUE, {"q": "Đồng Xuân"}).content.decode()
    assert "Chợ Đồng Xuân" in html and closed.reference not in html


def test_the_visitors_text_is_escaped_in_the_queue_and_the_report(login):
    report = make_report(what_seen=MARKUP, shop_name=MARKUP[:200], code=MARKUP[:100], contact=MARKUP[:200])
    officer = login(OFFICERS)
    for url in (QUEUE, f"{QUEUE}{report.pk}/change/"):
        html = officer.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html


def test_the_photo_is_shown_to_the_officer(login):
    from .conftest import photo

    report = make_report(photo=photo())
    html = login(OFFICERS).get(f"{QUEUE}{report.pk}/change/").content.decode()
    assert f'src="{report.photo.url}"' in html and 'class="report-photo"' in html
