"""The production settings, run for real in a separate process (they read the environment at
import time): `check --deploy` is clean, and the security headers and JSON logs come out."""

import json
import os
import secrets
import subprocess
import sys
import tempfile

from django.conf import settings

SCRIPT = r"""
import json, django
from django.core.management import call_command
django.setup()
call_command("check", deploy=True, fail_level="WARNING")
from django.test import Client
client = Client(HTTP_HOST="ocop.example.vn")
def summary(response):
    return {"status": response.status_code, "headers": dict(response.headers),
            "body": response.content.decode()[:200]}
print("RESULT" + json.dumps({
    "http_page": summary(client.get("/khong-co-trang-nay/")),
    "http_healthz": summary(client.get("/healthz")),
    "https_page": summary(client.get("/khong-co-trang-nay/", secure=True)),
}))
"""


def run_production():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.security.production_settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "ocop.example.vn",
        "DATABASE_URL": "sqlite:///:memory:",
        "STATIC_ROOT": tempfile.mkdtemp(prefix="ocop-static-"),
    }
    env.pop("REDIS_URL", None)
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=settings.BASE_DIR, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr + done.stdout
    [result_line] = [line for line in done.stdout.splitlines() if line.startswith("RESULT")]
    log_lines = [line for line in done.stdout.splitlines() if not line.startswith("RESULT")]
    return json.loads(result_line[len("RESULT"):]), log_lines


def test_production_settings_pass_the_deploy_check_and_send_every_security_header():
    # check --deploy --fail-level WARNING raises (and the process fails) on any finding.
    results, log_lines = run_production()

    # Plain HTTP is redirected to HTTPS ...
    assert results["http_page"]["status"] == 301
    assert results["http_page"]["headers"]["Location"] == "https://ocop.example.vn/khong-co-trang-nay/"
    # ... except the health check, which load balancers call over plain HTTP.
    assert results["http_healthz"]["status"] == 200
    assert json.loads(results["http_healthz"]["body"]) == {"status": "ok", "cache": "local"}

    page = results["https_page"]
    assert page["status"] == 404
    headers = page["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "geolocation=(self)" in headers["Permissions-Policy"]
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp

    # Request logs are JSON lines on stdout.
    entries = [json.loads(line) for line in log_lines if line.startswith("{")]
    requests = [e for e in entries if e["logger"] == "ocop.request"]
    assert [(e["path"], e["status"]) for e in requests] == [
        ("/khong-co-trang-nay/", 301), ("/khong-co-trang-nay/", 404),
    ]
    assert all(e["request_id"] and e["duration_ms"] >= 0 for e in requests)


def settings_under(env_overrides: dict, expression: str):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ocop_site.settings.production",
           "SECRET_KEY": secrets.token_urlsafe(50), **env_overrides}
    for name in ("AWS_STORAGE_BUCKET_NAME", "MEDIA_STORAGE", "MEDIA_ORIGIN", "AWS_S3_CUSTOM_DOMAIN",
                 "AWS_S3_ENDPOINT_URL", "AWS_S3_REGION_NAME"):
        if name not in env_overrides:
            env.pop(name, None)
    code = f"import json; from django.conf import settings as s; print(json.dumps({expression}))"
    done = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_media_stays_on_local_disk_unless_a_bucket_is_configured():
    backend = settings_under({}, 's.STORAGES["default"]["BACKEND"]')
    assert backend == "django.core.files.storage.FileSystemStorage"


def test_a_bucket_moves_media_to_s3_and_allows_its_origin_in_the_csp():
    result = settings_under(
        {"AWS_STORAGE_BUCKET_NAME": "ocop-media", "AWS_S3_ENDPOINT_URL": "https://s3.hanoi.example.vn:9000"},
        '[s.STORAGES["default"], s.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]]')
    storage, img_src = result
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "ocop-media"
    assert storage["OPTIONS"]["querystring_auth"] is False and storage["OPTIONS"]["file_overwrite"] is False
    assert "https://s3.hanoi.example.vn:9000" in img_src

    cdn = settings_under({"AWS_STORAGE_BUCKET_NAME": "ocop-media", "AWS_S3_CUSTOM_DOMAIN": "media.ocop.example.vn"},
                         's.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]')
    assert "https://media.ocop.example.vn" in cdn
