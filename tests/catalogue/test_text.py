import pytest

from catalogue.text import normalize_search, slugify_vi, vietnamese_sort_key


@pytest.mark.parametrize(
    "name, slug",
    [
        ("Đường Lâm", "duong-lam"),
        ("Bát Tràng", "bat-trang"),
        ("Cự Đà", "cu-da"),
        ("ĐẶC SẢN Ước Lễ", "dac-san-uoc-le"),
        ("Vạn Phúc – lụa", "van-phuc-lua"),
    ],
)
def test_slugs_keep_d_with_stroke(name, slug):
    assert slugify_vi(name) == slug


def test_search_form_ignores_accents_case_and_spacing():
    assert normalize_search("  BÁT   tráng ") == "bat trang"
    assert normalize_search("Đường Lâm") == normalize_search("duong lam")


def test_vietnamese_alphabetical_order():
    names = ["Ê-đê", "Đa", "Dương", "Bát", "Ba Vì", "Ba", "An", "Ăn", "Ấn"]
    assert sorted(names, key=vietnamese_sort_key) == ["An", "Ăn", "Ấn", "Ba", "Ba Vì", "Bát", "Dương", "Đa", "Ê-đê"]


def test_tones_only_break_ties():
    # Letters decide first (ma < mai), tones only between equal letters (ma < mà < má).
    assert sorted(["mai", "má", "mà", "ma"], key=vietnamese_sort_key) == ["ma", "mà", "má", "mai"]
