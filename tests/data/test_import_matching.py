"""Names as registers write them: villages with "làng", "làng nghề" and their craft in front,
their other names, producers with or without their legal form, and "did you mean …?" for a
name a few letters from an existing one."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from catalogue.importing import import_file
from catalogue.importing.matching import ProducerIndex, VillageIndex, producer_core, village_cores
from catalogue.models import CraftVillage, CraftVillageAlias, Producer, Product
from catalogue.text import normalize_search
from tests.factories import CraftVillageFactory, ProducerFactory, area

from .helpers import csv_bytes, row

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "import-sample.csv"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def run(rows, *, dry_run=False):
    return import_file(csv_bytes(rows), "file.csv", dry_run=dry_run)


def problems(report):
    return [(p.line, p.column, p.message) for p in report.problems]


# -- the sample file against the demo catalogue ----------------------------------------------------

@pytest.fixture
def demo():
    call_command("load_demo", no_images=True, stdout=open("/dev/null", "w"))


def test_the_sample_file_creates_no_duplicate_of_the_demo_villages_or_producers(demo):
    villages_before = set(CraftVillage.objects.values_list("name", flat=True))
    producers_before = set(Producer.objects.values_list("name", flat=True))

    report = import_file(SAMPLE.read_bytes(), SAMPLE.name, dry_run=False)

    assert report.ok, problems(report)
    assert report.new_villages == []
    assert set(CraftVillage.objects.values_list("name", flat=True)) == villages_before
    village_of = dict(Product.objects.filter(code__startswith="HN-SAMPLE").values_list("code", "village__name"))
    assert village_of == {
        "HN-SAMPLE-0001": "Cự Đà",  # "Làng Cự Đà"
        "HN-SAMPLE-0002": "Phùng Xá",  # "Làng lụa Phùng Xá"
        "HN-SAMPLE-0003": "Chuôn Ngọ",  # "Làng nghề khảm trai Chuôn Ngọ"
        "HN-SAMPLE-0004": None,
        "HN-SAMPLE-0005": "Bát Tràng",  # "Làng gốm Bát Tràng"
        "HN-SAMPLE-0006": "Mễ Trì",  # "Làng cốm Mễ Trì"
    }
    producer_of = dict(Product.objects.filter(code__startswith="HN-SAMPLE").values_list("code", "producer__name"))
    assert producer_of["HN-SAMPLE-0002"] == "Công ty TNHH Lụa Mỹ Đức"
    assert producer_of["HN-SAMPLE-0003"] == "Cơ sở khảm trai Chuôn Ngọ"  # written "Xưởng khảm trai Chuôn Ngọ"
    assert producer_of["HN-SAMPLE-0006"] == "Cơ sở cốm Mễ Trì Hạ"
    # Only the producers the demo does not have are new, each once.
    new = set(Producer.objects.values_list("name", flat=True)) - producers_before
    assert new == set(report.new_producers) == {
        "Cơ sở sản xuất tương Cự Đà", "Hợp tác xã Sen Tây Hồ", "Công ty Gốm Bát Tràng Xưa"}


def test_the_preview_says_which_village_a_written_name_is(demo):
    report = import_file(SAMPLE.read_bytes(), SAMPLE.name, dry_run=True)
    notes = {r.code: r.notes for r in report.rows}
    assert "“Làng gốm Bát Tràng” is the craft village “Bát Tràng”" in notes["HN-SAMPLE-0005"]
    assert "“Xưởng khảm trai Chuôn Ngọ” is the producer “Cơ sở khảm trai Chuôn Ngọ”" in notes["HN-SAMPLE-0003"]


# -- villages --------------------------------------------------------------------------------------

@pytest.mark.parametrize("written", [
    "Bát Tràng", "bat trang", "Làng Bát Tràng", "làng gốm Bát Tràng", "LÀNG GỐM SỨ BÁT TRÀNG",
    "Làng nghề Bát Tràng", "Làng nghề truyền thống Bát Tràng", "Làng nghề gốm sứ Bát Tràng",
])
def test_a_village_matches_without_its_generic_words_case_and_accents(written):
    village = CraftVillageFactory(name="Bát Tràng", main_craft="Gốm sứ")
    report = run([row(1, village=written)])
    assert report.ok, problems(report)
    assert Product.objects.get().village == village
    assert CraftVillage.objects.count() == 1


def test_the_craft_of_the_village_itself_is_a_generic_word():
    village = CraftVillageFactory(name="Hạ Thái", main_craft="Sơn mài")
    run([row(1, village="Làng sơn mài Hạ Thái")])
    assert Product.objects.get().village == village


def test_a_name_that_starts_like_a_craft_is_not_cut_short():
    tranh_khuc = CraftVillageFactory(name="Tranh Khúc", main_craft="Gói bánh chưng")
    CraftVillageFactory(name="Khúc Thủy", main_craft="")
    run([row(1, village="Làng Tranh Khúc")])
    assert Product.objects.get().village == tranh_khuc


def test_an_imported_village_written_with_its_craft_is_found_by_its_bare_name():
    run([row(1, village="Làng lụa Vạn Phúc", area="Phường Hà Đông", former_district="Hà Đông")])
    run([row(2, village="Vạn Phúc", area="Phường Hà Đông", former_district="Hà Đông")])
    assert CraftVillage.objects.get().name == "Làng lụa Vạn Phúc"
    assert Product.objects.filter(village__name_vi="Làng lụa Vạn Phúc").count() == 2


def test_two_spellings_of_a_new_village_in_one_file_make_one_village():
    report = run([row(1, village="Làng gốm Thanh Hà"), row(2, village="Thanh Hà")])
    assert report.ok, problems(report)
    assert list(CraftVillage.objects.values_list("name", flat=True)) == ["Làng gốm Thanh Hà"]


@pytest.mark.parametrize("written, alias", [
    ("Chuyên Mỹ", "Chuyên Mỹ"), ("làng Chuyên Mỹ", "Chuyên Mỹ"), ("Làng lụa Hà Đông", "làng lụa Hà Đông"),
    ("Hà Đông", "làng lụa Hà Đông"),
])
def test_other_names_of_a_village_match(written, alias):
    village = CraftVillageFactory(name="Chuôn Ngọ", main_craft="Khảm trai")
    CraftVillageAlias.objects.create(village=village, name=alias)
    report = run([row(1, village=written)])
    assert report.ok, problems(report)
    assert Product.objects.get().village == village


@pytest.mark.parametrize("written, suggestion", [
    ("Làng lụa Phùng Sá", "Phùng Xá"),
    ("Bát Tàng", "Bát Tràng"),
    ("Làng nghề Chuông Ngọ", "Chuôn Ngọ"),
    ("Làng Chuyen Ngo", "Chuôn Ngọ"),
])
def test_a_village_a_few_letters_from_one_is_a_problem_not_a_new_village(written, suggestion):
    CraftVillageFactory(name="Phùng Xá", main_craft="Dệt lụa")
    CraftVillageFactory(name="Bát Tràng", main_craft="Gốm sứ")
    CraftVillageFactory(name="Chuôn Ngọ", main_craft="Khảm trai")
    report = run([row(1), row(2, village=written), row(3, village=written)], dry_run=True)
    found = [p for p in problems(report) if p[1] == "village"]
    assert [line for line, _c, _m in found] == [3, 4]
    assert f"did you mean “{suggestion}”?" in found[0][2]
    assert report.new_villages == [] or written not in report.new_villages
    assert not run([row(2, village=written)]).written
    assert CraftVillage.objects.count() == 3


def test_a_village_far_from_every_name_is_created():
    CraftVillageFactory(name="Phùng Xá")
    report = run([row(1, village="Làng nghề Đa Sỹ")])
    assert report.ok and report.new_villages == ["Làng nghề Đa Sỹ"]


def test_villages_that_differ_in_a_number_are_not_close():
    CraftVillageFactory(name="Làng nghề thử 1")
    report = run([row(1, village="Làng nghề thử 2")])
    assert report.ok, problems(report)


# -- producers -------------------------------------------------------------------------------------

@pytest.mark.parametrize("existing, written", [
    ("Công ty TNHH Lụa Mỹ Đức", "Lụa Mỹ Đức"),
    ("Lụa Mỹ Đức", "Công ty TNHH Lụa Mỹ Đức"),
    ("Công ty TNHH Lụa Mỹ Đức", "Công ty trách nhiệm hữu hạn Lụa Mỹ Đức"),
    ("Công ty TNHH Lụa Mỹ Đức", "Cty TNHH Lụa Mỹ Đức"),
    ("Công ty Cổ phần Sữa Ba Vì", "Công ty CP Sữa Ba Vì"),
    ("Công ty Cổ phần Sữa Ba Vì", "Công ty Sữa Ba Vì"),
    ("Hợp tác xã Sen Tây Hồ", "HTX Sen Tây Hồ"),
    ("HTX Sen Tây Hồ", "hợp tác xã sen tây hồ"),
    ("Cơ sở cốm Mễ Trì Hạ", "Hộ kinh doanh cốm Mễ Trì Hạ"),
    ("Cơ sở sản xuất bún Phú Đô", "Cơ sở bún Phú Đô"),
])
def test_a_producer_matches_with_or_without_its_legal_form(existing, written):
    producer = ProducerFactory(name=existing, kind="enterprise")
    report = run([row(1, producer=written, producer_kind="")])
    assert report.ok, problems(report)
    assert Product.objects.get().producer == producer
    assert Producer.objects.count() == 1


@pytest.mark.parametrize("existing, written", [
    ("Công ty TNHH Lụa Mỹ Đức", "HTX Lụa Mỹ Đức"),
    ("Công ty TNHH Sữa Ba Vì", "Công ty Cổ phần Sữa Ba Vì"),
])
def test_another_legal_form_is_another_business_and_a_did_you_mean(existing, written):
    ProducerFactory(name=existing)
    report = run([row(1, producer=written, producer_kind="cooperative")])
    assert [(line, column) for line, column, _m in problems(report)] == [(2, "producer")]
    assert f"did you mean “{existing}”?" in report.problems[0].message
    assert Producer.objects.count() == 1


def test_a_producer_a_letter_away_is_a_did_you_mean():
    ProducerFactory(name="Hợp tác xã gốm sứ Bát Tràng")
    report = run([row(1, producer="HTX gốm sứ Bát Trànng", producer_kind="cooperative")])
    assert "did you mean “Hợp tác xã gốm sứ Bát Tràng”?" in report.problems[0].message


def test_two_existing_producers_of_one_core_name_are_ambiguous():
    ProducerFactory(name="Cơ sở gốm Kim Lan")
    ProducerFactory(name="Xưởng gốm Kim Lan")
    report = run([row(1, producer="Gốm Kim Lan", producer_kind="household")])
    assert "matches several existing records" in report.problems[0].message


def test_a_producer_written_two_ways_in_one_new_file_is_one_producer():
    report = run([row(1, producer="HTX Sen Tây Hồ", producer_kind="cooperative"),
                  row(2, producer="Hợp tác xã Sen Tây Hồ", producer_kind="cooperative")])
    assert report.ok, problems(report)
    assert list(Producer.objects.values_list("name", flat=True)) == ["HTX Sen Tây Hồ"]


# -- the admin -------------------------------------------------------------------------------------

def test_staff_add_other_names_on_the_village_page_and_find_the_village_by_them(staff_client):
    village = CraftVillageFactory(name="Vạn Phúc", area=area("phuong-ha-dong"))
    url = reverse("admin:catalogue_craftvillage_change", args=[village.pk])
    page = staff_client.get(url)
    assert page.status_code == 200 and "Other names" in page.text
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in ("name_vi", "area", "main_craft_vi", "description_vi")}
    data.update({
        "aliases-TOTAL_FORMS": "1", "aliases-INITIAL_FORMS": "0",
        "aliases-MIN_NUM_FORMS": "0", "aliases-MAX_NUM_FORMS": "1000",
        "aliases-0-name": "Làng lụa Hà Đông",
    })
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert list(village.aliases.values_list("name", flat=True)) == ["Làng lụa Hà Đông"]

    found = staff_client.get(reverse("admin:catalogue_craftvillage_changelist"), {"q": "lua ha dong"})
    assert list(found.context["cl"].result_list) == [village]


def test_an_other_name_that_is_another_villages_name_is_refused(staff_client):
    CraftVillageFactory(name="Phùng Xá")
    village = CraftVillageFactory(name="Vạn Phúc")
    alias = CraftVillageAlias(village=village, name="phung xa")
    with pytest.raises(Exception) as error:
        alias.full_clean()
    assert "Phùng Xá" in str(error.value)


def test_the_demo_villages_have_their_other_names(demo):
    aliases = dict(CraftVillageAlias.objects.values_list("name", "village__name"))
    assert aliases == {"Chuyên Mỹ": "Chuôn Ngọ", "Làng lụa Hà Đông": "Vạn Phúc"}
    call_command("load_demo", no_images=True, stdout=open("/dev/null", "w"))
    assert CraftVillageAlias.objects.count() == 2


# -- pure matching rules ---------------------------------------------------------------------------

def test_cores():
    assert village_cores("Làng nghề khảm trai Chuôn Ngọ") == ["kham trai chuon ngo", "trai chuon ngo", "chuon ngo"]
    assert village_cores("Bát Tràng") == ["bat trang"]
    assert producer_core("Công ty TNHH Lụa Mỹ Đức") == ("lua my duc", ("company", "tnhh"))
    assert producer_core("HTX Sen Tây Hồ") == ("sen tay ho", ("cooperative", ""))


def test_the_admin_preview_asks_did_you_mean_on_the_line_and_in_vietnamese(staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    CraftVillageFactory(name="Phùng Xá", main_craft="Dệt lụa")
    data = csv_bytes([row(1), row(2, village="Làng lụa Phùng Sá")])
    with translation.override("vi"):
        response = staff_client.post("/admin/catalogue/product/import/",
                                     {"file": SimpleUploadedFile("so-dang-ky.csv", data)})
    assert response.status_code == 200
    assert [(p["line"], p["column"]) for p in response.context["problems"]] == [(3, "village")]
    assert ("“Làng lụa Phùng Sá” không phải làng nghề có trong danh mục; có phải là “Phùng Xá”?"
            in response.text)
    assert not response.context["token"]
    assert CraftVillage.objects.count() == 1


def test_close_new_names_in_one_file_are_different_records():
    """Only the catalogue's names are "did you mean" candidates: a register may list Minh Hải and
    Minh Hà, and an export of a catalogue imports into an empty one."""
    report = run([row(1, producer="Cơ sở gốm Minh Hải", village="Làng Phú Đô"),
                  row(2, producer="Cơ sở gốm Minh Hà", village="Làng Phú Đa")])
    assert report.ok, problems(report)
    assert Producer.objects.count() == 2 and CraftVillage.objects.count() == 2
