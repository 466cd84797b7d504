"""/healthz for load balancers, and the structured request log."""

import json
import logging

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop_site.logs import JSONFormatter

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_with_one_read_and_no_session(client):
    with CaptureQueriesContext(connections["default"]) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "cache": "local"}
    assert [q["sql"] for q in queries] == ["SELECT 1"]
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert not response.cookies
    assert Session.objects.count() == 0
    assert reverse("healthz") == "/healthz"


def test_healthz_accepts_probes_that_use_the_instance_address_as_host(client):
    # A load balancer probes 10.0.3.17:8000 directly; that Host is not in ALLOWED_HOSTS.
    assert client.get("/", HTTP_HOST="10.0.3.17:8000").status_code == 400
    response = client.get("/healthz", HTTP_HOST="10.0.3.17:8000")
    assert response.status_code == 200 and response.json() == {"status": "ok", "cache": "local"}


def test_healthz_reports_a_database_outage_as_503(client, monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 10.0.0.9, port 5432 failed: Connection refused")

    # Simulate the outage where it happens: the connection cannot give a cursor.
    monkeypatch.setattr(connections["default"], "cursor", refuse)
    with caplog.at_level(logging.ERROR, logger="ocop.health"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable", "cache": "local"}
    assert "10.0.0.9" not in response.content.decode()  # no internals leak to the prober
    assert "database unreachable" in caplog.text


def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405
    assert client.head("/healthz").status_code == 200


def request_lines(caplog):
    return [r for r in caplog.records if r.name == "ocop.request"]


def test_each_request_is_logged_with_id_method_path_status_and_duration(client, caplog):
    with caplog.at_level(logging.INFO, logger="ocop.request"):
        response = client.get("/products/?q=gốm", REMOTE_ADDR="203.0.113.5")
    [record] = request_lines(caplog)
    assert record.method == "GET" and record.path == "/products/" and record.status == 200
    assert record.duration_ms >= 0
    assert record.client_ip == "203.0.113.5"
    assert record.request_id == response["X-Request-ID"] and len(record.request_id) == 32


def test_a_sane_request_id_from_the_load_balancer_is_kept_and_a_forged_one_replaced(client, caplog):
    with caplog.at_level(logging.INFO, logger="ocop.request"):
        kept = client.get("/products/", HTTP_X_REQUEST_ID="lb-7f3a2c.01")
        replaced = client.get("/products/", HTTP_X_REQUEST_ID='x"}\n{"level": "ERROR"')
    assert kept["X-Request-ID"] == "lb-7f3a2c.01"
    assert replaced["X-Request-ID"] != 'x"}\n{"level": "ERROR"' and len(replaced["X-Request-ID"]) == 32
    assert [r.request_id for r in request_lines(caplog)] == [kept["X-Request-ID"], replaced["X-Request-ID"]]


def test_sign_in_lockouts_stand_out_in_the_log(client, caplog, django_user_model):
    django_user_model.objects.create_user("editor", password="a-long-password-123", is_staff=True)
    with caplog.at_level(logging.INFO, logger="ocop.request"):
        client.get("/khong-co-trang-nay/")
        for _ in range(5):
            client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    levels = [(r.status, r.levelname) for r in request_lines(caplog)]
    assert levels[0] == (404, "INFO")
    assert levels[-1] == (429, "WARNING")


def test_json_lines_carry_the_request_fields_and_stay_on_one_line(client, caplog):
    with caplog.at_level(logging.INFO, logger="ocop.request"):
        client.get("/en/products/")
    [record] = request_lines(caplog)
    line = JSONFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "INFO" and entry["logger"] == "ocop.request"
    assert entry["method"] == "GET" and entry["path"] == "/en/products/" and entry["status"] == 200
    assert {"time", "request_id", "duration_ms", "message"} <= entry.keys()


def test_json_lines_include_tracebacks_and_vietnamese_text_as_is():
    try:
        raise ValueError("Gốm Bát Tràng\nsecond line")
    except ValueError:
        import sys

        record = logging.LogRecord("ocop", logging.ERROR, __file__, 1, "lỗi %s", ("xử lý",), sys.exc_info())
    line = JSONFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "lỗi xử lý"
    assert "ValueError: Gốm Bát Tràng" in entry["exception"]
