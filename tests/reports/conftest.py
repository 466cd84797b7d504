import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    """Each test starts with no report counted against the test client's address."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def office_email(settings):
    settings.REPORTS_EMAIL = ["ocop@hanoi.example.vn"]
    return settings.REPORTS_EMAIL


def photo(fmt="JPEG", size=(40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, format=fmt)
    return SimpleUploadedFile(f"label.{fmt.lower()}", buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def report_data(**overrides):
    data = {
        "code": "HN-OCOP-9999",
        "what_seen": "Tem OCOP 4 sao trên gói chè nhưng mã không tra được.",
        "shop_name": "Cửa hàng Hoa Sen",
        "shop_address": "12 Hàng Bạc, Hoàn Kiếm",
        "contact": "0912 345 678",
        "website": "",
    }
    data.update(overrides)
    return data
