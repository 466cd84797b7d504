import unicodedata

import pytest

from catalogue.text import fold_vietnamese, normalize_search, normalize_tone_marks, slugify_vi, vietnamese_sort_key


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


@pytest.mark.parametrize("old, new", [
    ("hoà", "hòa"), ("Hoá", "Hóa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"), ("Thuý", "Thúy"), ("hoạ", "họa"),
])
def test_tone_marks_in_the_old_or_new_position_fold_to_one_spelling(old, new):
    assert normalize_tone_marks(old) == normalize_tone_marks(new) == new
    assert fold_vietnamese(old, keep_accents=True) == fold_vietnamese(new, keep_accents=True)


@pytest.mark.parametrize("word", ["quý", "quỷ", "hoàng", "thuyền", "Quà", "khoa"])
def test_tone_marks_that_have_one_position_stay_where_they_are(word):
    assert normalize_tone_marks(word) == word


def test_decomposed_text_folds_like_composed_text():
    decomposed = unicodedata.normalize("NFD", "Bát Tràng")
    assert fold_vietnamese(decomposed, keep_accents=True) == "bát tràng"
    assert normalize_search(decomposed) == "bat trang"
