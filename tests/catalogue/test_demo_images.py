"""The demo's drawn product pictures (catalogue/demo/images.py): what a visitor sees on a card."""

import io

from PIL import Image, ImageChops, ImageFont, ImageStat

from catalogue.demo.images import NAME_BOX, NAME_FONT, draw_placeholder, fit_name, motif_for, placeholder_card

ILLUSTRATION = (140, 60, 660, 400)  # the part of the picture above the name's label


def test_a_picture_is_an_800_by_600_jpeg_named_after_the_product():
    card = placeholder_card("Tương Cự Đà", "1", 4)
    with Image.open(io.BytesIO(card.read())) as picture:
        assert (picture.format, picture.size) == ("JPEG", (800, 600))
    assert card.name == "tuong-cu-da.jpg"


def test_the_same_product_always_gives_the_same_bytes():
    assert placeholder_card("Bình gốm men lam", "4", 5).read() == placeholder_card("Bình gốm men lam", "4", 5).read()


def test_each_group_has_its_own_illustration():
    pictures = {group: draw_placeholder("Sản phẩm OCOP", group, 4).crop(ILLUSTRATION) for group in "123456"}
    for group, picture in pictures.items():
        for other in "123456":
            if other > group:
                difference = ImageStat.Stat(ImageChops.difference(picture, pictures[other]).convert("L")).mean[0]
                assert difference > 8, (group, other, difference)


def test_the_name_decides_the_illustration_by_whole_words():
    assert motif_for("Tương Cự Đà", "1") == "jar"
    assert motif_for("Chè xanh Ba Vì", "1") == "teapot"
    assert motif_for("Chè lam Thạch Xá", "1") == "plate"  # a rice cake, not tea
    assert motif_for("Áo dài thêu tay Quất Động", "4") == "silk"  # the village's "Quất" is not a fan
    assert motif_for("Sản phẩm lạ", "9") == "vase"


def test_the_shipped_font_has_vietnamese_glyphs_and_names_are_written_in_it():
    assert NAME_FONT.is_file() and (NAME_FONT.parent / "LICENSE").is_file()
    font = ImageFont.truetype(str(NAME_FONT), 48)
    missing = bytes(font.getmask("\U0010fffd"))  # a private-use character: the font's .notdef box
    for letter, plain in (("Đ", "D"), ("ư", "u"), ("ạ", "a"), ("ổ", "o"), ("ặ", "a"), ("ỹ", "y")):
        drawn = bytes(font.getmask(letter))
        assert drawn != missing, letter
        assert drawn != bytes(font.getmask(plain)), letter  # the diacritics are there
    assert fit_name("Đường Lâm")[0].path == str(NAME_FONT)


def test_a_long_name_shrinks_to_fit_its_label_on_three_lines_at_most():
    width = NAME_BOX[2] - NAME_BOX[0]
    short_font, short_lines = fit_name("Bưởi Diễn")
    long_font, long_lines = fit_name("Chăn lụa tơ tằm dệt tay truyền thống của làng nghề Mỹ Đức, Hà Nội")
    assert short_lines == ["Bưởi Diễn"]
    assert long_font.size < short_font.size and 2 <= len(long_lines) <= 3
    assert all(long_font.getlength(line) <= width for line in long_lines)
    endless_font, endless_lines = fit_name("Sản phẩm " * 40)
    assert len(endless_lines) == 3 and endless_lines[-1].endswith("…")
    assert all(endless_font.getlength(line) <= width for line in endless_lines)
