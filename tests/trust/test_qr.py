"""QR codes for labels: they decode to the absolute verify URL of the product's code."""

import io
import xml.etree.ElementTree as ET

import pytest
import zxingcpp
from PIL import Image

from tests.factories import ProductFactory, certified_product

pytestmark = pytest.mark.django_db


def decode_png(content: bytes) -> list[str]:
    return [barcode.text for barcode in zxingcpp.read_barcodes(Image.open(io.BytesIO(content)))]


def test_png_decodes_to_the_verify_url_of_the_product_code(client):
    product = certified_product(code="HN-OCOP-0042")
    response = client.get(f"/products/{product.slug}/qr.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert decode_png(response.content) == ["http://testserver/verify/HN-OCOP-0042/"]


def test_label_url_is_in_the_default_language_and_uses_site_url(client, settings):
    settings.SITE_URL = "https://ocop.hanoi.gov.vn"
    product = certified_product(code="HN-OCOP-0043")
    response = client.get(f"/en/products/{product.slug}/qr.png")
    assert decode_png(response.content) == ["https://ocop.hanoi.gov.vn/verify/HN-OCOP-0043/"]


def test_svg_is_a_qr_image_with_a_title_and_no_inline_style(client):
    product = certified_product(code="HN-OCOP-0044")
    response = client.get(f"/products/{product.slug}/qr.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "max-age" in response["Cache-Control"]
    svg = ET.fromstring(response.content)
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.tag == f"{ns}svg"
    assert svg.find(f"{ns}title").text == "QR: http://testserver/verify/HN-OCOP-0044/"
    assert b"style=" not in response.content


def svg_to_png(svg: bytes, scale=4) -> bytes:
    """Rasterise segno's SVG ourselves (its one <path> of M/m/h commands in module units) so the
    SVG is decoded as a scanner would see it, not compared with segno's own output. ``scale``:
    the SVG's scale(n) transform, or None when it has a viewBox in modules instead."""
    import re

    root = ET.fromstring(svg)
    path = root.find("{http://www.w3.org/2000/svg}path")
    size = int(root.get("width")) // scale if scale else int(root.get("viewBox").split()[2])
    dark = set()
    x = y = 0.0
    for command, args in re.findall(r"([MmHh])([-\d. ]+)", path.get("d")):
        numbers = [float(n) for n in args.split()]
        if command == "M":
            x, y = numbers
        elif command == "m":
            x, y = x + numbers[0], y + numbers[1]
        else:  # h: a run of dark modules on row y (drawn through the middle of the row)
            length = numbers[0]
            dark.update((int(x) + i, int(y)) for i in range(int(length)))
            x += length
    image = Image.new("L", (size * 8, size * 8), 255)
    for column, row in dark:
        image.paste(0, (column * 8, row * 8, column * 8 + 8, row * 8 + 8))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_svg_decodes_to_the_same_url(client):
    product = certified_product(code="HN-OCOP-0045")
    svg = client.get(f"/products/{product.slug}/qr.svg").content
    assert decode_png(svg_to_png(svg)) == ["http://testserver/verify/HN-OCOP-0045/"]


def test_a_code_with_a_slash_still_decodes_to_a_working_page(client):
    product = certified_product(code="HN/OCOP 46")
    [url] = decode_png(client.get(f"/products/{product.slug}/qr.png").content)
    assert url == "http://testserver/verify/HN/OCOP%2046/"
    page = client.get(url.removeprefix("http://testserver"))
    assert page.status_code == 200 and product.name_vi in page.text


def test_unknown_product_qr_is_404(client):
    assert client.get("/products/khong-co/qr.svg").status_code == 404


def test_uncertified_product_still_has_a_qr_that_says_not_found(client):
    product = ProductFactory(code="HN-NEW-1")
    [url] = decode_png(client.get(f"/products/{product.slug}/qr.png").content)
    assert client.get(url.removeprefix("http://testserver")).status_code == 404
