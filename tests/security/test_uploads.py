"""Image uploads: only real JPEG/PNG/WebP photos get in, re-encoded without metadata under random
names. Every file is built here, and sent as a real multipart upload parsed by Django."""

import io
import os
import re
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.forms import modelform_factory
from django.test import RequestFactory
from PIL import ExifTags, Image

from catalogue.models import Product, ProductImage
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

ProductImageForm = modelform_factory(ProductImage, fields=["product", "image", "alt_text", "position"])


# --- files -------------------------------------------------------------------------------------

def encode(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def two_tone(width=60, height=30) -> Image.Image:
    """Left half red, right half blue: shows which way a photo was turned."""
    image = Image.new("RGB", (width, height), (220, 20, 20))
    image.paste((20, 20, 220), (width // 2, 0, width, height))
    return image


def phone_photo_with_gps() -> bytes:
    """A JPEG as a phone writes it: camera, owner, GPS position, and 'rotate 90° to view'."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Artist] = "Nguyen Van A"
    exif[ExifTags.Base.Orientation] = 6  # stored sideways; view rotated 90° clockwise
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (21.0, 1.0, 42.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (105.0, 50.0, 3.2)
    return encode(two_tone(60, 30), "JPEG", exif=exif.tobytes(), comment=b"home of Nguyen Van A")


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width=30_000, height=30_000) -> bytes:
    """A valid-looking PNG header declaring 900 megapixels, in a few dozen bytes."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header)
            + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + png_chunk(b"IEND", b""))


def zip_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.html", "<script>alert(document.cookie)</script>")
    return buffer.getvalue()


def noise_png_over_10_mb() -> bytes:
    """A genuine PNG of 11.5 MB: random pixels, stored uncompressed."""
    image = Image.frombytes("RGB", (2000, 2000), os.urandom(2000 * 2000 * 3))
    data = encode(image, "PNG", compress_level=0)
    assert len(data) > 10 * 1024 * 1024
    return data


SVG = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script>
<rect width="10" height="10" fill="red"/></svg>"""
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
       b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")


# --- uploading ---------------------------------------------------------------------------------

def upload(product, filename: str, content: bytes, content_type="image/jpeg"):
    """POST a real multipart body and bind the product-image form to what Django parsed."""
    request = RequestFactory().post("/upload/", {
        "product": product.pk, "alt_text": "Bình gốm men lam", "position": 0,
        "image": SimpleUploadedFile(filename, content, content_type=content_type),
    })
    return ProductImageForm(request.POST, request.FILES)


def stored_bytes(product_image) -> bytes:
    with product_image.image.open("rb") as f:
        return f.read()


@pytest.fixture
def product():
    return ProductFactory()


# --- refused -----------------------------------------------------------------------------------

@pytest.mark.parametrize("filename, content, content_type, message", [
    ("corrupt.jpg", phone_photo_with_gps()[:400], "image/jpeg", "damaged or incomplete"),
    # Random bytes, but never starting like markup ("<"), which gets the SVG/HTML message instead.
    ("garbage.png", b"\x01" + os.urandom(4095), "image/png", "not a JPEG, PNG or WebP"),
    ("brochure.jpg", PDF, "image/jpeg", "not a JPEG, PNG or WebP"),
    ("logo.svg", SVG, "image/svg+xml", "Drawings (SVG) and web pages (HTML)"),
    ("photo.jpg", HTML, "image/jpeg", "Drawings (SVG) and web pages (HTML)"),
    ("bomb.png", png_bomb(), "image/png", "too many pixels"),
    ("animation.gif", encode(two_tone(), "GIF"), "image/gif", "not a JPEG, PNG or WebP"),
    ("scan.tiff", encode(two_tone(), "TIFF"), "image/jpeg", "not a JPEG, PNG or WebP"),
    ("gifar.gif", b"GIF89a/*\x00\x00*/=alert(document.domain);//" + zip_archive(), "image/gif",
     "not a JPEG, PNG or WebP"),
    ("empty.jpg", b"", "image/jpeg", "empty"),
], ids=["corrupt", "garbage", "renamed-pdf", "svg", "html-named-jpg", "bomb-30000x30000", "gif", "tiff",
        "gif-js-polyglot", "empty"])
def test_bad_files_are_refused_with_a_clear_form_error(product, filename, content, content_type, message,
                                                        settings):
    settings.LANGUAGE_CODE = "en"
    form = upload(product, filename, content, content_type)
    assert not form.is_valid()
    assert message in " ".join(form.errors["image"])
    assert ProductImage.objects.count() == 0


def test_the_bomb_file_itself_is_tiny(product):
    assert len(png_bomb()) < 200


def test_a_file_over_10_mb_is_refused_even_if_it_is_a_real_image(product, settings):
    settings.LANGUAGE_CODE = "en"
    form = upload(product, "huge.png", noise_png_over_10_mb(), "image/png")
    assert not form.is_valid()
    assert "a photo can be at most 10.0\xa0MB" in form.errors["image"][0]


def test_errors_are_in_vietnamese_on_the_vietnamese_admin(product):
    form = upload(product, "logo.svg", SVG, "image/svg+xml")
    assert not form.is_valid()
    assert "Không nhận bản vẽ (SVG) và trang web (HTML)" in form.errors["image"][0]


# --- accepted, cleaned -------------------------------------------------------------------------

def test_phone_photo_is_stored_upright_without_exif_or_gps_under_a_random_name(product):
    form = upload(product, "IMG_2041 nhà ông A.jpg", phone_photo_with_gps())
    assert form.is_valid(), form.errors
    saved = form.save()

    assert re.fullmatch(r"products/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", saved.image.name)
    data = stored_bytes(saved)
    assert b"Exif" not in data and b"PhoneMaker" not in data and b"Nguyen Van A" not in data
    with Image.open(io.BytesIO(data)) as stored:
        assert stored.format == "JPEG"
        assert not stored.getexif()
        assert stored.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
        assert "comment" not in stored.info
        # Taken as 60 × 30 with "rotate 90° clockwise": upright it is 30 × 60, red on top.
        assert stored.size == (30, 60)
        top, bottom = stored.convert("RGB").getpixel((15, 5)), stored.convert("RGB").getpixel((15, 55))
        assert top[0] > 150 and top[2] < 100
        assert bottom[2] > 150 and bottom[0] < 100


@pytest.mark.parametrize("name, payload, marker", [
    ("jpeg+html", encode(two_tone(), "JPEG") + HTML, b"<script"),
    ("png+zip", encode(two_tone(), "PNG") + zip_archive(), b"PK\x03\x04"),
])
def test_polyglots_keep_only_their_pixels(product, name, payload, marker):
    form = upload(product, f"{name}.jpg", payload)
    assert form.is_valid(), form.errors
    saved = form.save()
    data = stored_bytes(saved)
    assert marker not in data
    with Image.open(io.BytesIO(data)) as stored:
        stored.load()
        assert stored.size == (60, 30)


@pytest.mark.parametrize("fmt, extension, options", [
    ("PNG", "png", {}),
    ("WEBP", "webp", {"quality": 90}),
])
def test_png_and_webp_keep_their_format_and_transparency(product, fmt, extension, options):
    image = Image.new("RGBA", (40, 40), (0, 128, 0, 0))
    image.paste((0, 128, 0, 255), (10, 10, 30, 30))
    # The file is named .jpg on purpose: the stored extension follows the content.
    form = upload(product, "logo.jpg", encode(image, fmt, **options))
    assert form.is_valid(), form.errors
    saved = form.save()
    assert saved.image.name.endswith(f".{extension}")
    with Image.open(io.BytesIO(stored_bytes(saved))) as stored:
        assert stored.format == fmt
        rgba = stored.convert("RGBA")
        assert rgba.getpixel((0, 0))[3] == 0 and rgba.getpixel((20, 20))[3] == 255


def test_large_photos_are_scaled_down_for_storage(product):
    form = upload(product, "big.jpg", encode(two_tone(4000, 2000), "JPEG"))
    assert form.is_valid(), form.errors
    with Image.open(io.BytesIO(stored_bytes(form.save()))) as stored:
        assert stored.size == (2560, 1280)


def test_the_form_offers_only_accepted_types_to_the_file_picker():
    assert 'accept="image/jpeg,image/png,image/webp"' in str(ProductImageForm()["image"])


# --- files assigned in code (imports, demo data) go through the same checks --------------------

def test_images_saved_in_code_are_cleaned_too(product):
    image = ProductImage(product=product, alt_text="Ảnh", image=ContentFile(phone_photo_with_gps(), "x.jpg"))
    image.save()
    assert re.fullmatch(r"products/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", image.image.name)
    assert b"Exif" not in stored_bytes(image)


def test_bad_files_assigned_in_code_fail_full_clean(product):
    image = ProductImage(product=product, alt_text="Ảnh", image=ContentFile(png_bomb(), "x.png"))
    with pytest.raises(ValidationError) as refused:
        image.full_clean()
    assert "image" in refused.value.message_dict


def test_bad_files_saved_in_code_are_refused_not_stored(product):
    image = ProductImage(product=product, alt_text="Ảnh", image=ContentFile(HTML, "x.jpg"))
    with pytest.raises(ValidationError), transaction.atomic():
        image.save()
    assert ProductImage.objects.count() == 0


def test_editing_an_image_row_without_a_new_file_keeps_the_stored_file(product):
    form = upload(product, "a.jpg", encode(two_tone(), "JPEG"))
    saved = form.save()
    name = saved.image.name
    saved.alt_text = "Bình gốm"
    saved.save()
    saved.refresh_from_db()
    assert saved.image.name == name


# --- through the real admin: the product form with its image inline ---------------------------

def admin_product_post(staff_client, filename, content, content_type):
    from tests.factories import ProducerFactory, leaf_category

    data = {
        "code": "HN-OCOP-77777", "name_vi": "Bình gốm men lam", "name_en": "", "slug": "",
        "category": leaf_category("1.4.a").pk, "producer": ProducerFactory().pk, "village": "",
        "description_vi": "", "description_en": "", "story_vi": "", "story_en": "",
        "certifications-TOTAL_FORMS": 0, "certifications-INITIAL_FORMS": 0,
        "images-TOTAL_FORMS": 1, "images-INITIAL_FORMS": 0,
        "images-0-image": SimpleUploadedFile(filename, content, content_type=content_type),
        "images-0-alt_text_vi": "Bình gốm men lam trên kệ", "images-0-alt_text_en": "", "images-0-position": 0,
    }
    return staff_client.post("/admin/catalogue/product/add/", data)


def test_admin_image_inline_stores_a_clean_copy(staff_client):
    response = admin_product_post(staff_client, "IMG_2041.jpg", phone_photo_with_gps(), "image/jpeg")
    assert response.status_code == 302
    image = ProductImage.objects.get(product__code="HN-OCOP-77777")
    assert re.fullmatch(r"products/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", image.image.name)
    assert b"Exif" not in stored_bytes(image) and b"PhoneMaker" not in stored_bytes(image)


@pytest.mark.parametrize("filename, content, content_type, message", [
    ("logo.svg", SVG, "image/svg+xml", "Không nhận bản vẽ (SVG) và trang web (HTML)"),
    ("bomb.png", png_bomb(), "image/png", "Ảnh này có quá nhiều điểm ảnh"),
    ("brochure.jpg", PDF, "image/jpeg", "Tệp này không phải ảnh JPEG, PNG hoặc WebP"),
])
def test_admin_image_inline_shows_the_error_and_saves_nothing(staff_client, filename, content, content_type,
                                                               message):
    response = admin_product_post(staff_client, filename, content, content_type)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ProductImage.objects.exists()
    assert not Product.objects.filter(code="HN-OCOP-77777").exists()
