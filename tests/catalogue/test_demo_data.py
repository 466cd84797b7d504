"""The demo catalogue (load_demo) and the synthetic data generator (seed_demo)."""

import datetime
import tomllib

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from PIL import Image

from catalogue.demo import seed
from catalogue.demo.loader import DEFAULT_PATH
from catalogue.models import Certification, CraftVillage, Producer, Product, ProductImage
from catalogue.models.certifications import default_valid_until
from catalogue.text import normalize_code, normalize_search, vietnamese_sort_key
from tests.factories import certified_product

pytestmark = pytest.mark.django_db
today = timezone.localdate

DEMO = tomllib.loads(DEFAULT_PATH.read_text(encoding="utf-8"))


def counts():
    return {model.__name__: model.objects.count()
            for model in (CraftVillage, Producer, Product, Certification, ProductImage)}


def snapshot_products():
    return sorted(Product.objects.values_list(
        "code", "slug", "current_certification__certificate_no", "rating_stars", "rating_valid_until", "updated_at",
    ))


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))


# --- load_demo ------------------------------------------------------------------------------

def test_load_demo_twice_changes_nothing(demo):
    first, products = counts(), snapshot_products()
    history = Product.history.count() + Certification.history.count()
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert counts() == first
    assert snapshot_products() == products
    assert Product.history.count() + Certification.history.count() == history
    assert first["Product"] >= 60 and first["ProductImage"] == first["Product"]


def test_demo_covers_every_group_and_star_level(demo):
    listed = Product.objects.listed()
    assert set(Product.objects.values_list("category__group_code", flat=True)) == {"1", "2", "3", "4", "5", "6"}
    assert set(listed.values_list("category__group_code", flat=True)) == {"1", "2", "3", "4", "5", "6"}
    assert set(listed.values_list("rating_stars", flat=True)) == {3, 4, 5}
    assert listed.filter(rating_potential_five_star=True).exists()


def test_demo_has_expired_revoked_and_upgraded_products(demo):
    expired = Product.objects.exclude(pk__in=Product.objects.listed()).filter(
        certifications__status="active", certifications__valid_until__lt=today()).distinct()
    assert expired.count() >= 3
    revoked = Certification.objects.get(status="revoked")
    assert revoked.revocation_reason and revoked.revocation_decision_no and revoked.revoked_on
    assert not revoked.product.is_listed
    upgraded = [p for p in Product.objects.prefetch_related("certifications")
                if [c.stars for c in sorted(p.certifications.all(), key=lambda c: c.issued_on)] == [3, 4]]
    assert len(upgraded) >= 3
    assert Certification.objects.expiring_within(90).exists()


def test_listed_products_are_those_the_file_says_were_current_on_its_reference_date(demo):
    """Dates move with the day the demo is loaded, so the same certificates are current."""
    reference = DEMO["reference_date"]
    expected = set()
    for row in DEMO["products"]:
        newest = row["certifications"][-1]  # oldest first in the file; the newest decides
        if "revoked" not in newest and default_valid_until(DEMO["rounds"][newest["round"]]["date"]) >= reference:
            expected.add(row["code"])
    assert set(Product.objects.listed().values_list("code", flat=True)) == expected
    cu_da = Product.objects.get(code="HN-OCOP-0001")
    assert cu_da.name_vi == "Tương Cự Đà" and cu_da.rating_stars == 3
    shift = today() - reference
    assert cu_da.rating_issued_on == DEMO["rounds"]["2024"]["date"] + shift


def test_demo_names_places_and_languages(demo):
    assert not Product.objects.filter(name_en="").exists()
    assert not Product.objects.filter(description_en="").exists()
    assert not Producer.objects.filter(area__isnull=True).exists()
    assert set(Producer.objects.values_list("kind", flat=True)) == {"household", "cooperative", "enterprise"}
    bat_trang = CraftVillage.objects.get(slug="bat-trang")
    assert bat_trang.area.slug == "xa-bat-trang"
    assert CraftVillage.objects.get(slug="duong-lam").name == "Đường Lâm"
    for village in CraftVillage.objects.all():
        assert village.area is not None
        assert 20.5 < village.latitude < 21.4 and 105.3 < village.longitude < 106.1
    assert Product.objects.get(code="HN-OCOP-0048").rating_stars == 5  # Mỹ Đức silk quilt
    assert Product.objects.get(code="HN-OCOP-0044").rating_stars == 4  # Chuyên Mỹ inlay
    # The accent-free search columns are filled as on any save.
    assert Product.objects.filter(search_text__contains="bat trang").count() >= 3


def test_demo_images_are_real_files_with_alt_text(demo):
    for image in ProductImage.objects.select_related("product")[:5]:
        assert image.alt_text.endswith(image.product.name_vi)
        assert image.image.storage.exists(image.image.name)
        with image.image.open("rb") as fh, Image.open(fh) as picture:
            assert picture.size == (800, 600)


def test_demo_pages_render(demo, client):
    product = Product.objects.get(code="HN-OCOP-0040")
    assert client.get(product.get_absolute_url()).status_code == 200
    assert client.get(CraftVillage.objects.get(slug="bat-trang").get_absolute_url()).status_code == 200


def test_a_broken_demo_file_says_where_and_writes_nothing(tmp_path):
    broken = DEFAULT_PATH.read_text(encoding="utf-8").replace('area = "xa-chuyen-my"', 'area = "xa-khong-co"', 1)
    path = tmp_path / "demo.toml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(CommandError, match="xa-khong-co"):
        call_command("load_demo", file=path, no_images=True)
    assert counts() == {"CraftVillage": 0, "Producer": 0, "Product": 0, "Certification": 0, "ProductImage": 0}


# --- seed_demo ------------------------------------------------------------------------------

def seeded_snapshot():
    products = sorted(Product.objects.values_list(
        "code", "name_vi", "name_en", "slug", "category__code", "producer__slug", "village__slug",
        "rating_stars", "rating_potential_five_star", "rating_issued_on", "rating_valid_until",
        "current_certification__certificate_no", "search_text",
    ))
    certs = sorted(Certification.objects.values_list(
        "certificate_no", "product__code", "stars", "potential_five_star", "issued_on", "valid_until", "status",
        "revoked_on",
    ))
    return products, certs


def delete_everything():
    Product.objects.update(current_certification=None)
    Certification.objects.all().delete()
    Product.objects.all().delete()
    Producer.objects.all().delete()
    CraftVillage.objects.all().delete()


def test_seed_demo_is_deterministic_for_a_seed():
    call_command("seed_demo", products=150, seed=7, stdout=open("/dev/null", "w"))
    first = seeded_snapshot()
    delete_everything()
    call_command("seed_demo", products=150, seed=7, stdout=open("/dev/null", "w"))
    assert seeded_snapshot() == first
    delete_everything()
    call_command("seed_demo", products=150, seed=8, stdout=open("/dev/null", "w"))
    assert [p[1:] for p in seeded_snapshot()[0]] != [p[1:] for p in first[0]]


def test_seeded_ratings_follow_the_current_rating_rule():
    call_command("seed_demo", products=400, seed=3, stdout=open("/dev/null", "w"))
    assert Product.objects.count() == 400
    for product in Product.objects.all():
        current = Certification.objects.current_for(product)
        assert product.current_certification_id == (current.pk if current else None), product.code
        assert product.rating_stars == (current.stars if current else None)
        assert product.rating_potential_five_star == bool(current and current.potential_five_star)
        assert product.rating_issued_on == (current.issued_on if current else None)
        assert product.rating_valid_until == (current.valid_until if current else None)
    listed = Product.objects.listed()
    assert listed.count() > 300
    assert set(listed.values_list("rating_stars", flat=True)) == {3, 4, 5}
    assert set(Product.objects.values_list("category__group_code", flat=True)) == {"1", "2", "3", "4", "5", "6"}
    assert Certification.objects.filter(status="revoked").exists()
    assert Product.objects.filter(current_certification__isnull=True).exclude(
        certifications__status="revoked").exists()  # expired or never certified


def test_seeded_search_and_sort_columns_match_what_save_computes():
    call_command("seed_demo", products=60, seed=5, stdout=open("/dev/null", "w"))
    for product in Product.objects.select_related("producer", "village"):
        assert product.code_key == normalize_code(product.code)
        assert Product.objects.with_code(product.code.lower()).get() == product
        assert product.search_text == product.build_search_text()
        assert product.search_name == normalize_search(f"{product.name_vi} {product.name_en}")
        assert product.sort_name == vietnamese_sort_key(product.name_vi)
    for cert in Certification.objects.all():
        assert Certification.objects.matching_number(cert.certificate_no.lower()).get() == cert
    for producer in Producer.objects.all():
        assert producer.search_name == normalize_search(producer.name)
        assert producer.sort_name == vietnamese_sort_key(producer.name)
    village = CraftVillage.objects.first()
    assert village.search_name == normalize_search(village.name)


def test_seeding_the_same_seed_twice_is_refused_with_a_message():
    call_command("seed_demo", products=5, seed=9, stdout=open("/dev/null", "w"))
    with pytest.raises(CommandError, match="already exist"):
        call_command("seed_demo", products=5, seed=9)
    assert Product.objects.count() == 5
    with pytest.raises(CommandError, match="between 1 and"):
        call_command("seed_demo", products=0, seed=10)


def test_seed_and_demo_live_side_by_side(demo):
    before = Product.objects.count()
    call_command("seed_demo", products=30, seed=1, stdout=open("/dev/null", "w"))
    assert Product.objects.count() == before + 30
    assert Product.objects.get(code="HN-OCOP-0001").name_vi == "Tương Cự Đà"
    # Ids were reserved, not guessed: the next ordinary saves get fresh ones.
    later = certified_product()
    assert Product.objects.count() == before + 31 and later.is_listed


def test_seeded_products_found_by_accent_free_admin_search(staff_client):
    call_command("seed_demo", products=40, seed=2, stdout=open("/dev/null", "w"))
    product = Product.objects.order_by("code").first()
    term = normalize_search(product.name_vi)
    response = staff_client.get("/admin/catalogue/product/", {"q": term})
    assert product.code in response.text


def test_seed_normalises_text_exactly_as_normalize_search():
    from catalogue.demo.seed import _normalize

    texts = [row[field] for row in DEMO["products"] for field in ("name_vi", "description_vi", "story_vi",
                                                                  "description_en") if row.get(field)]
    texts += ["HN-S1-000001", "  Đường   Lâm,  (Sơn Tây)! ", "", "Ê-đê 4★"]
    for text in texts:
        assert _normalize(text) == normalize_search(text)


def test_seeded_producers_have_distinct_names_even_when_the_generator_repeats_itself(monkeypatch):
    # Two syllables make two village names: most generated producer names collide.
    monkeypatch.setattr(seed, "SYLLABLES", ["Đông", "Thịnh"])
    call_command("seed_demo", products=400, seed=5, stdout=open("/dev/null", "w"))
    call_command("seed_demo", products=400, seed=6, stdout=open("/dev/null", "w"))
    names = [normalize_search(name) for name in Producer.objects.values_list("name", flat=True)]
    assert len(names) == 200 and len(set(names)) == len(names)


def test_a_seeded_catalogue_exported_to_csv_imports_into_an_empty_one(client, tmp_path):
    """What `make bench` times: the export of a seeded catalogue is a valid import file (the
    importer matches producers by name, so seeded producers have distinct names)."""
    call_command("seed_demo", products=2000, seed=5, stdout=open("/dev/null", "w"))
    response = client.get("/products/export.csv")
    path = tmp_path / "export.csv"
    path.write_bytes(b"".join(response.streaming_content))
    listed = Product.objects.listed().count()
    delete_everything()
    call_command("import_catalogue", str(path), quiet_rows=True, stdout=open("/dev/null", "w"))
    assert Product.objects.listed().count() == listed
