"""/products/<slug>/: what a visitor learns about one product, listed or not."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from catalogue.models import Certification, ProductImage
from tests.factories import CertificationFactory, ProductFactory, certified_product

pytestmark = pytest.mark.django_db
today = timezone.localdate


def page(client, product, prefix=""):
    # Not get_absolute_url(): reverse() follows whichever language an earlier request activated.
    response = client.get(f"{prefix}/products/{product.slug}/")
    assert response.status_code == 200
    return response.text


def jpeg(name="photo.jpg", colour=(180, 120, 60)):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_a_listed_product_shows_its_rating_certificate_and_places(client, shop):
    vase = shop.products.vase
    text = page(client, vase)
    cert = vase.current_certification
    assert "<h1>Bình gốm men lam</h1>" in text
    assert "★★★★★" in text and "5 sao" in text
    assert cert.certificate_no in text
    until = cert.valid_until
    assert f"Chứng nhận OCOP còn hiệu lực đến {until:%d/%m/%Y}" in text
    assert vase.code in text
    assert f'href="/producers/{vase.producer.slug}/">HTX Gốm sứ Bát Tràng</a>' in text
    assert 'href="/villages/bat-trang/">Bát Tràng</a>' in text
    assert "Xã Bát Tràng" in text and "Huyện Gia Lâm" in text  # the place, with its former district
    # Group › sub-group, each a link to the filtered list.
    assert 'href="/products/?category=handicrafts">Hàng thủ công mỹ nghệ</a>' in text
    assert 'href="/products/?category=decorative-handicrafts">' in text
    assert "không có chứng nhận OCOP còn hiệu lực" not in text


def test_description_and_story_are_shown_in_the_page_language(client, shop):
    tea = shop.products.lotus_tea
    tea.story_vi = "Mỗi cân chè cần hơn một nghìn bông sen."
    tea.story_en = "Each kilo of tea takes over a thousand lotus flowers."
    tea.save()
    vi = page(client, tea)
    assert "Chè ướp hoa sen Bách Diệp." in vi and "Mỗi cân chè cần hơn một nghìn bông sen." in vi
    en = page(client, tea, prefix="/en")
    assert "<h1>West Lake lotus tea</h1>" in en
    assert "Each kilo of tea takes over a thousand lotus flowers." in en
    assert '<p class="muted" lang="vi">Chè sen Tây Hồ</p>' in en  # the Vietnamese name beside it


def test_rating_history_runs_from_oldest_to_newest_with_each_state(client, db):
    product = ProductFactory(name_vi="Giò lụa Ước Lễ")
    CertificationFactory(product=product, stars=3, certificate_no="101/QĐ-UBND",
                         issued_on=datetime.date(2021, 5, 10))
    CertificationFactory(product=product, stars=4, certificate_no="202/QĐ-UBND",
                         issued_on=today() - datetime.timedelta(days=400))
    text = page(client, product)
    history = text[text.index("Lịch sử xếp hạng"):]
    assert history.index("101/QĐ-UBND") < history.index("202/QĐ-UBND")
    assert "· 2021" in history
    older, newer = history.split("202/QĐ-UBND", 1)
    assert "★★★☆☆" in older and "Hết hạn" in older  # 3★ 2021: expired
    assert "★★★★☆" in older.rsplit("101/QĐ-UBND", 1)[1]  # then 4★ ...
    assert "Đang hiệu lực" in older.rsplit("101/QĐ-UBND", 1)[1]  # ... the current rating


def test_a_valid_older_certificate_replaced_by_a_newer_one_says_so(client, db):
    product = ProductFactory()
    CertificationFactory(product=product, stars=3, issued_on=today() - datetime.timedelta(days=500))
    CertificationFactory(product=product, stars=4, issued_on=today() - datetime.timedelta(days=10))
    text = page(client, product)
    assert "Đã được thay bằng quyết định mới hơn" in text


@pytest.mark.parametrize("kind", ["expired", "revoked", "uncertified"])
def test_a_product_not_currently_certified_still_has_a_page_that_says_so(client, shop, kind):
    product = {"expired": shop.expired, "revoked": shop.revoked, "uncertified": ProductFactory()}[kind]
    text = page(client, product)
    assert "Sản phẩm này hiện không có chứng nhận OCOP còn hiệu lực." in text
    assert "Chứng nhận OCOP còn hiệu lực đến" not in text
    assert 'class="product-rating"' not in text  # no star badge shown as current


def test_a_revoked_certificate_shows_when_and_why(client, shop):
    text = page(client, shop.revoked)
    cert = shop.revoked.certifications.get()
    assert "Đã thu hồi" in text
    revoked_on = f"{cert.revoked_on:%d/%m/%Y}"
    assert f"Thu hồi ngày {revoked_on}: Không đạt kiểm tra chất lượng." in text


def test_images_in_order_with_their_alt_text(client, shop):
    vase = shop.products.vase
    ProductImage.objects.create(product=vase, image=jpeg("b.jpg"), alt_text="Đáy bình có dấu lò", position=2)
    ProductImage.objects.create(product=vase, image=jpeg("a.jpg"), alt_text="Bình men lam nhìn nghiêng",
                                position=1)
    text = page(client, vase)
    assert text.index('alt="Bình men lam nhìn nghiêng"') < text.index('alt="Đáy bình có dấu lò"')
    assert 'class="product-main-image"' in text


def test_other_listed_products_of_the_same_village(client, shop):
    text = page(client, shop.products.vase)
    related = text[text.index("Sản phẩm khác của Bát Tràng"):]
    assert "Bộ ấm chén men rạn" in related and "Bát ăn cơm vẽ tay" in related
    assert "Gốm Bát Tràng đời cũ" not in related  # expired
    assert related.count("Bình gốm men lam") == 0  # not itself


def test_product_without_village_has_no_related_section(client, shop):
    assert "Sản phẩm khác của" not in page(client, shop.products.lotus_tea)


def test_the_page_offers_a_block_for_other_features(client, shop):
    from django.template import engines

    template = engines["django"].from_string(
        '{% extends "catalogue/product_detail.html" %}'
        "{% block product_extras %}<p>WHERE-TO-BUY</p>{% endblock %}"
    )
    response = client.get(f"/products/{shop.products.vase.slug}/")
    html = template.render(response.context[-1].flatten(), response.wsgi_request)
    assert html.index("Lịch sử xếp hạng") < html.index("WHERE-TO-BUY") < html.index("Sản phẩm khác của")


def test_unknown_product_is_a_404(client, db):
    response = client.get("/products/khong-co-san-pham-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.text


def test_the_product_page_runs_a_fixed_number_of_queries(client, shop, django_assert_max_num_queries):
    vase = shop.products.vase
    for n in range(5):
        ProductImage.objects.create(product=vase, image=jpeg(f"{n}.jpg"), alt_text=f"Ảnh {n}", position=n)
        certified_product(4, name_vi=f"Gốm số {n}", village=shop.villages.bat_trang)
    CertificationFactory(product=vase, stars=4, issued_on=today() - datetime.timedelta(days=800),
                         status=Certification.Status.REVOKED, revoked_on=today() - datetime.timedelta(days=700))
    # A worker's first visit after a change also reads the shared lookups (catalogue.filters):
    # categories, villages, places and their former districts, then kept until the next change.
    with django_assert_max_num_queries(14):
        page(client, vase)
    with django_assert_max_num_queries(8):  # includes "Meet them at" (events' include)
        page(client, vase)
