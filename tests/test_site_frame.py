import pytest

pytestmark = pytest.mark.django_db


def test_vietnamese_is_default_and_english_lives_under_en(client):
    vi = client.get("/products/")
    en = client.get("/en/products/")
    assert vi.status_code == en.status_code == 200
    assert '<html lang="vi">' in vi.text and ">Sản phẩm<" in vi.text
    assert '<html lang="en">' in en.text and ">Products<" in en.text


def test_language_switch_links_to_the_same_page_and_query(client):
    page = client.get("/products/?stars=5&page=2").text
    assert 'href="/en/products/?stars=5&amp;page=2"' in page
    page_en = client.get("/en/products/?stars=5").text
    assert 'href="/products/?stars=5"' in page_en


def test_unknown_page_is_a_404_in_site_style(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.text
