"""What search engines and link previews read: sitemaps, robots.txt, JSON-LD, OpenGraph, canonical."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from catalogue.models import ProductImage
from tests.factories import (
    CertificationFactory,
    CraftVillageFactory,
    EventFactory,
    ProducerFactory,
    ProductFactory,
    certified_product,
    leaf_category,
)

pytestmark = pytest.mark.django_db
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def entries(client, section):
    """{loc: {hreflang: href}} of a sitemap section."""
    root = parse(client.get(f"/sitemap-{section}.xml"))
    return {
        url.find("sm:loc", NS).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)
        }
        for url in root.findall("sm:url", NS)
    }


def test_sitemap_index_lists_every_section(client):
    root = parse(client.get("/sitemap.xml"))
    locs = {el.text for el in root.findall("sm:sitemap/sm:loc", NS)}
    assert {f"http://testserver/sitemap-{s}.xml" for s in ("pages", "products", "villages", "producers",
                                                          "events")} <= locs


def test_product_sitemap_lists_listed_products_in_both_languages(client):
    product = certified_product(4, name_vi="Trà sen")
    expired = ProductFactory(name_vi="Hết hạn")
    CertificationFactory(product=expired, issued_on=timezone.localdate() - datetime.timedelta(days=2000))
    urls = entries(client, "products")
    vi = f"http://testserver/products/{product.slug}/"
    en = f"http://testserver/en/products/{product.slug}/"
    assert set(urls) == {vi, en}
    assert urls[vi] == urls[en] == {"vi": vi, "en": en, "x-default": vi}


def test_village_and_producer_sitemaps(client):
    village = CraftVillageFactory(name="Làng lụa Vạn Phúc")
    selling = certified_product(4).producer
    idle = ProducerFactory(name="Chưa có sản phẩm")
    assert f"http://testserver/villages/{village.slug}/" in entries(client, "villages")
    producers = entries(client, "producers")
    assert f"http://testserver/en/producers/{selling.slug}/" in producers
    assert not any(idle.slug in loc for loc in producers)


def test_event_sitemap_lists_published_events(client):
    shown = EventFactory(name_vi="Hội chợ OCOP mùa thu")
    hidden = EventFactory(is_published=False)
    urls = entries(client, "events")
    assert f"http://testserver/events/{shown.slug}/" in urls and f"http://testserver/en/events/{shown.slug}/" in urls
    assert not any(hidden.slug in loc for loc in urls)


def test_page_sitemap_has_the_fixed_pages(client):
    urls = entries(client, "pages")
    for path in ("/", "/products/", "/villages/", "/open-data/", "/verify/", "/statistics/", "/events/",
                 "/showrooms/"):
        assert f"http://testserver{path}" in urls
        assert f"http://testserver/en{path}" in urls


def test_robots_txt_allows_the_site_and_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert "User-agent: *" in lines and "Allow: /" in lines
    assert "Disallow: /admin/" in lines and "Disallow: /en/admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /products/" not in lines  # product pages stay crawlable


def test_robots_txt_uses_site_url_when_set(client, settings):
    settings.SITE_URL = "https://ocop.hanoi.gov.vn"
    assert "Sitemap: https://ocop.hanoi.gov.vn/sitemap.xml" in client.get("/robots.txt").text


# -- product pages -------------------------------------------------------------------------------

def json_ld(text):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.fixture
def product():
    producer = ProducerFactory(name="HTX Gốm Bát Tràng", kind="cooperative", address="Xóm 3")
    product = ProductFactory(name_vi="Bình gốm men lam", name_en="Blue-glaze vase", producer=producer,
                             category=leaf_category("4.1"), description_en="Hand-painted.")
    CertificationFactory(product=product, stars=4, potential_five_star=True, certificate_no="77/QĐ-UBND")
    ProductImage.objects.create(product=product, image="products/vase.jpg", alt_text="Bình gốm", position=0)
    product.refresh_from_db()
    return product


def test_product_json_ld_describes_the_product_and_its_ocop_rating(client, product):
    data = json_ld(client.get(f"/en/products/{product.slug}/").text)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Product"
    assert data["name"] == "Blue-glaze vase" and data["sku"] == product.code
    assert data["url"] == f"http://testserver/en/products/{product.slug}/"
    assert data["image"] == ["http://testserver/media/products/vase.jpg"]
    assert data["category"] == "Handicrafts > Household and decorative handicrafts"
    assert data["brand"]["@type"] == "Organization" and data["brand"]["name"] == "HTX Gốm Bát Tràng"
    assert data["brand"]["url"] == f"http://testserver/en/producers/{product.producer.slug}/"
    rating = data["additionalProperty"][0]
    assert rating["@type"] == "PropertyValue" and rating["propertyID"] == "OCOP"
    assert rating["value"] == 4 and rating["maxValue"] == 5
    assert "77/QĐ-UBND" in rating["description"]
    assert data["additionalProperty"][1]["propertyID"] == "OCOP-potential-5-star"
    # Not a fake review: no review or aggregate rating anywhere.
    assert "review" not in data and "aggregateRating" not in data


def test_json_ld_cannot_be_closed_by_content(client):
    product = certified_product(3, name_vi="</script><script>alert(1)</script> & <b>")
    text = client.get(f"/products/{product.slug}/").text
    assert "<script>alert(1)" not in text
    assert json_ld(text)["name"] == "</script><script>alert(1)</script> & <b>"


def test_unlisted_product_has_no_rating_in_json_ld(client):
    product = ProductFactory()
    CertificationFactory(product=product, issued_on=timezone.localdate() - datetime.timedelta(days=2000))
    data = json_ld(client.get(f"/products/{product.slug}/").text)
    assert "additionalProperty" not in data


def meta(text, attribute, name):
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', text)
    return match and match.group(1)


def test_link_previews_show_photo_and_stars(client, product):
    text = client.get(f"/en/products/{product.slug}/").text
    assert meta(text, "property", "og:title") == "Blue-glaze vase · OCOP 4-star ★★★★ (potential 5-star)"
    assert meta(text, "property", "og:image") == "http://testserver/media/products/vase.jpg"
    assert meta(text, "property", "og:url") == f"http://testserver/en/products/{product.slug}/"
    assert meta(text, "property", "og:description").startswith("OCOP 4-star ★★★★")
    assert meta(text, "name", "twitter:card") == "summary_large_image"
    vi = client.get(f"/products/{product.slug}/").text
    assert meta(vi, "property", "og:locale") == "vi_VN"
    assert "4 sao" in meta(vi, "property", "og:title")


def test_product_without_photo_gets_a_small_card(client):
    product = certified_product(5)
    text = client.get(f"/products/{product.slug}/").text
    assert meta(text, "name", "twitter:card") == "summary" and meta(text, "property", "og:image") is None


def test_canonical_urls(client, product):
    def canonical(path):
        return re.findall(r'<link rel="canonical" href="([^"]+)">', client.get(path).text)

    assert canonical(f"/products/{product.slug}/?utm_source=zalo") == [f"http://testserver/products/{product.slug}/"]
    assert canonical(f"/en/producers/{product.producer.slug}/?page=2") == [
        f"http://testserver/en/producers/{product.producer.slug}/"]
    village = CraftVillageFactory()
    assert canonical(f"/villages/{village.slug}/") == [f"http://testserver/villages/{village.slug}/"]
    assert canonical("/products/?stars=5&sort=name&page=3&q=") == ["http://testserver/products/?stars=5"]


def test_showroom_sitemap_lists_active_showrooms(client):
    from tests.factories import ShowroomFactory

    open_one = ShowroomFactory(name="Điểm bán OCOP Hoàn Kiếm")
    closed = ShowroomFactory(is_active=False)
    urls = entries(client, "showrooms")
    assert f"http://testserver/showrooms/{open_one.slug}/" in urls
    assert f"http://testserver/en/showrooms/{open_one.slug}/" in urls
    assert not any(closed.slug in loc for loc in urls)
