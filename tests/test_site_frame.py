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


def test_header_says_whose_site_it_is_in_both_languages(client):
    assert "Chương trình OCOP Hà Nội" in client.get("/").text
    assert "Hanoi's OCOP programme" in client.get("/en/").text


def test_footer_shows_the_office_from_the_settings(client, settings):
    settings.SITE_OWNER_NAME = "Văn phòng Điều phối OCOP"
    settings.SITE_OWNER_NAME_EN = "OCOP Coordination Office"
    settings.SITE_OWNER_PHONE = "024 1234 5678"
    settings.SITE_OWNER_HOTLINE = "1800 1234"
    settings.SITE_OWNER_EMAIL = "ocop@example.vn"
    settings.SITE_OWNER_HOURS = "Thứ Hai – Thứ Sáu"
    settings.SITE_OWNER_HOURS_EN = ""
    settings.SITE_OWNER_LEGAL = "Dữ liệu theo các quyết định của UBND"
    settings.SITE_OWNER_LEGAL_EN = "Data from the decisions of the People's Committee"
    vi = client.get("/").text
    footer = vi[vi.index('<footer'):]
    assert "Văn phòng Điều phối OCOP" in footer
    assert 'href="tel:02412345678">024 1234 5678</a>' in footer
    assert 'href="tel:18001234">1800 1234</a>' in footer
    assert 'href="mailto:ocop@example.vn"' in footer
    assert "Thứ Hai – Thứ Sáu" in footer and "Dữ liệu theo các quyết định của UBND" in footer
    assert 'href="/statistics/"' in footer and 'href="/open-data/"' in footer and 'href="/admin/"' in footer
    en = client.get("/en/").text
    footer = en[en.index('<footer'):]
    assert "OCOP Coordination Office" in footer and "Văn phòng Điều phối OCOP" not in footer
    assert "Data from the decisions of the People&#x27;s Committee" in footer
    # No English twin: the Vietnamese text rather than nothing.
    assert "Thứ Hai – Thứ Sáu" in footer


def test_menu_for_phones_is_a_details_element_with_every_main_link(client):
    page = client.get("/en/").text
    menu = page[page.index('<details class="nav-menu">'):page.index("</details>")]
    assert "<summary>" in menu and "Menu" in menu
    for label in ("Products", "Craft villages", "Showrooms", "Events", "Verify a product", "Tiếng Việt", "English"):
        assert f">{label}</a>" in menu


def test_breadcrumbs_end_in_the_current_page(client):
    from django.utils.html import escape

    from tests.factories import CraftVillageFactory, ShowroomFactory, certified_product

    product = certified_product(name_vi="Gốm men rạn", village=CraftVillageFactory(name="Làng gốm"))
    showroom = ShowroomFactory()
    for url, current in [
        (product.get_absolute_url(), product.name),
        (product.producer.get_absolute_url(), product.producer.name),
        (product.village.get_absolute_url(), product.village.name),
        (showroom.get_absolute_url(), showroom.name),
    ]:
        page = client.get(url).text
        trail = page[page.index('<nav class="breadcrumbs"'):]
        trail = trail[:trail.index("</nav>")]
        last_item = "<li" + trail.split("<li")[-1]
        assert last_item.startswith(f'<li aria-current="page">{escape(current)}</li>'), trail
