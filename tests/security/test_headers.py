"""Security headers on every kind of page, and templates that a strict CSP will not break."""

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def csp_directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("url", ["/", "/products/", "/en/products/", "/admin/login/", "/khong-co-trang-nay/"])
def test_every_page_carries_a_strict_content_security_policy(client, url):
    response = client.get(url)
    csp = csp_directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["connect-src"] == ["'self'"]
    assert "https://tile.openstreetmap.org" in csp["img-src"]  # the showroom maps' MAP_TILE_URL
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]


def test_other_security_headers(client):
    response = client.get("/products/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response.headers["Permissions-Policy"]
    assert "geolocation=(self)" in policy and "camera=(self)" in policy and "microphone=()" in policy


def test_signed_in_admin_pages_carry_the_policy_too(staff_client):
    response = staff_client.get("/admin/")
    assert response.status_code == 200
    assert csp_directives(response)["script-src"] == ["'self'"]


# A strict CSP silently drops inline scripts, event-handler attributes and style attributes, so
# the page would look or behave broken only in a browser. Catch them in the template source.
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"""href\s*=\s*["']\s*javascript:""", re.I)


def project_templates():
    base = Path(settings.BASE_DIR)
    roots = [base / "templates", *base.glob("*/templates")]
    return sorted(p for root in roots for p in root.rglob("*.html"))


def test_templates_exist_to_be_checked():
    assert any(p.name == "base.html" for p in project_templates())


@pytest.mark.parametrize("template", project_templates(), ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_template_has_no_inline_script_or_style(template):
    source = template.read_text(encoding="utf-8")
    problems = [
        f"{label}: {match.group(0)[:80]!r}"
        for label, pattern in [
            ("inline <script>", INLINE_SCRIPT), ("inline style", INLINE_STYLE),
            ("on…= handler", EVENT_HANDLER), ("javascript: URL", JS_URL),
        ]
        for match in pattern.finditer(source)
    ]
    assert not problems, "CSP forbids: " + "; ".join(problems)


def test_change_history_pages_render_under_the_policy(staff_client):
    from tests.factories import ProductFactory

    product = ProductFactory()
    response = staff_client.get(f"/admin/catalogue/product/{product.pk}/history/")
    assert response.status_code == 200
    assert product.name_vi in response.content.decode()
    assert csp_directives(response)["script-src"] == ["'self'"]
