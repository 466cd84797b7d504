import pytest

from catalogue.models import Area, Category, FormerDistrict

pytestmark = pytest.mark.django_db


def test_migrations_ship_hanois_126_units():
    assert Area.objects.count() == 126
    assert Area.objects.filter(kind=Area.Kind.WARD).count() == 51
    assert Area.objects.filter(kind=Area.Kind.COMMUNE).count() == 75
    assert FormerDistrict.objects.count() == 30


def test_new_units_remember_their_former_district():
    bat_trang = Area.objects.get(slug="xa-bat-trang")
    assert [d.name for d in bat_trang.former_districts.all()] == ["Gia Lâm"]


def test_old_and_new_names_do_not_collide():
    commune = Area.objects.get(slug="xa-phu-xuyen")
    district = FormerDistrict.objects.get(slug="huyen-phu-xuyen")
    assert commune.name == district.name == "Phú Xuyên"
    assert commune.former_districts.filter(pk=district.pk).exists()


def test_area_name_matching_ignores_prefix_case_and_accents():
    assert Area.objects.matching_name("Xã Bát Tràng").get().slug == "xa-bat-trang"
    assert Area.objects.matching_name("bat trang").get().slug == "xa-bat-trang"
    assert Area.objects.matching_name("PHƯỜNG TÂY HỒ").get().slug == "phuong-tay-ho"


def test_ocop_classification_is_loaded():
    assert Category.objects.filter(parent__isnull=True).count() == 6
    assert Category.objects.get(code="1.4.a").parent.code == "1.4"
    assert Category.objects.get(slug="handicrafts").name_vi == "Hàng thủ công mỹ nghệ"
