"""Admin sign-in: lockout after repeated failures (django-axes), sessions that expire."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-password-123"
LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("editor", "editor@example.vn", PASSWORD, is_staff=True)


def sign_in(client, password, *, ip="198.51.100.7", **headers):
    return client.post(LOGIN, {"username": "editor", "password": password, "next": "/admin/"},
                       REMOTE_ADDR=ip, **headers)


def signed_in(client) -> bool:
    return SESSION_KEY in client.session


def test_fifth_failure_locks_the_account_for_that_address_even_with_the_right_password(client, staff):
    for _ in range(4):
        response = sign_in(client, "wrong-password")
        assert response.status_code == 200  # the admin form again, with its error
        assert 'class="errornote"' in response.content.decode()
    locked = sign_in(client, "wrong-password")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Tạm dừng đăng nhập" in page and "15 phút" in page
    assert "Content-Security-Policy" in locked.headers

    right_password = sign_in(client, PASSWORD)
    assert right_password.status_code == 429
    assert not signed_in(client)


def test_lockout_is_per_username_and_address(client, staff):
    for _ in range(5):
        sign_in(client, "wrong-password", ip="198.51.100.7")
    other_office = sign_in(client, PASSWORD, ip="203.0.113.20")
    assert other_office.status_code == 302 and other_office["Location"] == "/admin/"
    assert signed_in(client)


def test_lockout_ends_after_fifteen_minutes(client, staff):
    for _ in range(5):
        sign_in(client, "wrong-password")
    assert sign_in(client, PASSWORD).status_code == 429
    # Sixteen minutes pass: move the recorded attempts back rather than waiting.
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16))
    response = sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_successful_sign_in_resets_the_count(client, staff):
    for _ in range(4):
        sign_in(client, "wrong-password")
    assert sign_in(client, PASSWORD).status_code == 302
    client.post("/admin/logout/")
    for _ in range(4):
        assert sign_in(client, "wrong-password").status_code == 200
    assert sign_in(client, PASSWORD).status_code == 302
    assert signed_in(client)


def test_english_admin_login_is_throttled_too(client, staff):
    for _ in range(5):
        client.post("/en/admin/login/", {"username": "editor", "password": "nope"}, REMOTE_ADDR="198.51.100.7")
    response = client.post("/en/admin/login/", {"username": "editor", "password": PASSWORD},
                           REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 429
    assert "Sign-in paused" in response.content.decode()


def test_forged_forwarded_for_is_ignored_without_trusted_proxies(client, staff, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(5):
        sign_in(client, "wrong-password", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    assert sign_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="10.0.0.99").status_code == 429


def test_behind_one_proxy_the_address_it_appended_counts(client, staff, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.1.1.1"
    # The attacker varies the part of X-Forwarded-For they control; the proxy appends the real one.
    for n in range(5):
        sign_in(client, "wrong-password", ip=proxy, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 198.51.100.7")
    assert sign_in(client, PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="192.0.2.99, 198.51.100.7").status_code == 429
    # A colleague behind the same proxy, from another address, is not locked out.
    colleague = sign_in(client, PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.20")
    assert colleague.status_code == 302


def test_client_login_without_a_request_still_works_for_code_and_tests(client, staff):
    assert client.login(username="editor", password=PASSWORD)


def test_staff_sessions_expire(client, staff):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    sign_in(client, PASSWORD)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert not cookie["max-age"] and not cookie["expires"]  # a browser-session cookie
    assert client.session.get_expiry_age() <= 8 * 60 * 60


def test_weak_passwords_are_refused(staff):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ["12345678901", "password123", "editor@example.vn1"]:
        with pytest.raises(ValidationError):
            validate_password(weak, user=staff)
    validate_password("Cốm-làng-Vòng-2025!", user=staff)
