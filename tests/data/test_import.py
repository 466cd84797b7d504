"""Spreadsheet import: every column's forms, the file formats, matching, all-or-nothing, re-import."""

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation

from catalogue.importing import COLUMNS, import_file, refresh_ratings
from catalogue.models import Certification, CraftVillage, Producer, Product
from tests.factories import CertificationFactory, CraftVillageFactory, ProducerFactory, ProductFactory, area

from .helpers import BASE_ROW, csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "import-sample.csv"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def run(rows, *, dry_run=False, **kwargs):
    return import_file(csv_bytes(rows, **kwargs), "file.csv", dry_run=dry_run)


def problems(report):
    return [(p.line, p.column, p.message) for p in report.problems]


def counts():
    return (
        Product.objects.count(), Certification.objects.count(), Producer.objects.count(),
        CraftVillage.objects.count(), Product.history.count(), Certification.history.count(),
        Producer.history.count(), CraftVillage.history.count(),
    )


# -- the sample file and the basic result ---------------------------------------------------------

def test_sample_file_creates_products_producers_villages_and_certifications():
    report = import_file(SAMPLE.read_bytes(), SAMPLE.name, dry_run=False)

    assert report.ok and report.written
    assert report.created == 6
    assert Product.objects.count() == 6
    assert Producer.objects.count() == 6
    assert sorted(CraftVillage.objects.values_list("name", flat=True)) == sorted([
        "Làng Cự Đà", "Làng lụa Phùng Xá", "Làng nghề khảm trai Chuôn Ngọ", "Làng gốm Bát Tràng",
        "Làng cốm Mễ Trì",
    ])
    soy = Product.objects.get(code="HN-SAMPLE-0001")
    assert soy.name_vi == "Tương Cự Đà" and soy.category.code == "1.4.a"
    assert soy.producer.kind == "household" and soy.producer.area.slug == "xa-thanh-oai"
    assert soy.village.name == "Làng Cự Đà" and soy.village.area.slug == "xa-thanh-oai"
    cert = soy.certifications.get()
    assert cert.issued_on == datetime.date(2024, 6, 15)  # written 15/06/2024
    assert cert.valid_until == datetime.date(2027, 6, 15)  # empty: 36 months
    assert soy.rating_stars == 3 and soy.current_certification == cert
    tea = Product.objects.get(code="HN-SAMPLE-0004")
    assert tea.village is None and tea.producer.kind == "cooperative"
    inlay = Product.objects.get(code="HN-SAMPLE-0003")
    assert inlay.rating_potential_five_star is True


def test_revoked_row_takes_its_date_decision_and_reason_and_is_not_listed():
    import_file(SAMPLE.read_bytes(), SAMPLE.name, dry_run=False)

    vase = Product.objects.get(code="HN-SAMPLE-0005")
    cert = vase.certifications.get()
    assert cert.status == "revoked" and cert.revoked_on == datetime.date(2024, 3, 12)  # 12/03/2024
    assert cert.revocation_decision_no == "215/QĐ-UBND"
    assert cert.revocation_reason == "Không duy trì điều kiện sản xuất sau hậu kiểm."
    assert vase.current_certification is None
    assert not Product.objects.listed().filter(pk=vase.pk).exists()


def test_imported_products_have_the_search_columns_save_would_give():
    run([row(1, name_vi="Bánh chưng Tranh Khúc", name_en="Chung cake")])
    product = Product.objects.get()
    stored = (product.search_name, product.search_text, product.sort_name, product.slug)
    product.save()
    product.refresh_from_db()
    assert (product.search_name, product.search_text, product.sort_name, product.slug) == stored
    assert product.slug == "banh-chung-tranh-khuc"
    assert "co so tuong cu da" in product.search_text  # the producer's name is searchable


def test_new_slugs_do_not_collide_with_existing_ones():
    ProductFactory(name_vi="Tương Cự Đà")  # slug tuong-cu-da
    ProducerFactory(name="Cơ sở tương Cự Đà", kind="enterprise")  # same producer: matched
    run([row(1), row(2)])
    slugs = sorted(Product.objects.values_list("slug", flat=True))
    assert slugs == ["tuong-cu-da", "tuong-cu-da-2", "tuong-cu-da-3"]


# -- file formats --------------------------------------------------------------------------------

@pytest.mark.parametrize("bom", [False, True])
def test_utf8_csv_with_or_without_bom(bom):
    report = run([row(1)], bom=bom)
    assert report.ok, problems(report)
    assert Product.objects.get().name_vi == "Tương Cự Đà"


def test_xlsx_with_real_date_and_number_cells():
    data = xlsx_bytes([row(1, stars=5, issued_on=datetime.datetime(2025, 3, 1),
                           valid_until=datetime.date(2027, 3, 1)),
                       row(2, stars=4.0, potential_five_star=True, issued_on="01/02/2025")])
    report = import_file(data, "register.xlsx", dry_run=False)
    assert report.ok, problems(report)
    first, second = Product.objects.order_by("code")
    assert first.rating_stars == 5 and first.rating_issued_on == datetime.date(2025, 3, 1)
    assert first.rating_valid_until == datetime.date(2027, 3, 1)
    assert second.rating_stars == 4 and second.rating_potential_five_star
    assert second.rating_issued_on == datetime.date(2025, 2, 1)


def test_csv_not_in_utf8_is_refused_with_advice():
    data = csv_bytes([row(1)]).decode("utf-8").encode("cp1258", errors="replace")
    report = import_file(data, "file.csv", dry_run=False)
    assert not report.ok
    assert "not UTF-8" in report.problems[0].message and "CSV UTF-8" in report.problems[0].message
    assert Product.objects.count() == 0


@pytest.mark.parametrize("data, name, message", [
    (b"code,name\n", "file.txt", "Only .csv (UTF-8) and .xlsx"),
    (b"code,name_vi\n", "file.xlsx", "not an Excel workbook"),
    (b"PK\x03\x04rest-of-a-zip", "file.csv", "not a text file"),
    (b"PK\x03\x04not-really-a-workbook", "file.xlsx", "cannot be read"),
    (b"", "file.csv", "The file is empty"),
    (",".join(BASE_ROW).encode() + b"\n", "file.csv", "no product rows"),
    (";".join(BASE_ROW).encode() + b"\n", "file.csv", "semicolons"),
])
def test_unreadable_files_are_refused(data, name, message):
    report = import_file(data, name, dry_run=False)
    assert not report.ok and message in report.problems[0].message


def test_unknown_missing_and_misordered_columns_are_errors():
    header = [c for c in BASE_ROW if c != "name_en"] + ["price"]
    report = run([row(1)], header=header)
    assert (1, "price", "Unknown column “price”.") in problems(report)
    assert (1, "name_en", "Missing column “name_en”.") in problems(report)

    swapped = list(BASE_ROW)
    swapped[1], swapped[2] = swapped[2], swapped[1]
    report = run([row(1)], header=swapped)
    assert (1, "", "The columns are in the wrong order.") in problems(report)
    assert Product.objects.count() == 0


def test_header_case_and_blank_lines_do_not_matter():
    data = csv_bytes([row(1)]).replace(b"code,name_vi", b"Code,NAME_VI", 1) + b"\n,,,\n"
    report = import_file(data, "file.csv", dry_run=False)
    assert report.ok, problems(report)


def test_a_line_with_more_cells_than_columns_is_an_error():
    data = csv_bytes([row(1)]).rstrip(b"\r\n") + b",extra\r\n"
    report = import_file(data, "file.csv", dry_run=False)
    assert problems(report)[0][:2] == (2, "")
    assert f"{len(COLUMNS) + 1} cells" in report.problems[0].message


# -- every column: accepted and refused forms ----------------------------------------------------

@pytest.mark.parametrize("column, value, check", [
    ("category", "liquid-condiments", lambda p: p.category.code == "1.4.a"),
    ("category", "4.2", lambda p: p.category.code == "4.2"),
    ("category", "6", lambda p: p.category.slug == "tourism"),
    ("stars", "5", lambda p: p.rating_stars == 5),
    ("stars", "3", lambda p: p.rating_stars == 3),
    ("potential_five_star", "yes", lambda p: p.rating_potential_five_star),
    ("potential_five_star", "TRUE", lambda p: p.rating_potential_five_star),
    ("potential_five_star", "1", lambda p: p.rating_potential_five_star),
    ("potential_five_star", "Có", lambda p: p.rating_potential_five_star),
    ("potential_five_star", "không", lambda p: not p.rating_potential_five_star),
    ("potential_five_star", "", lambda p: not p.rating_potential_five_star),
    ("issued_on", "05/03/2025", lambda p: p.rating_issued_on == datetime.date(2025, 3, 5)),
    ("issued_on", "2025-3-5", lambda p: p.rating_issued_on == datetime.date(2025, 3, 5)),
    ("valid_until", "31/12/2027", lambda p: p.rating_valid_until == datetime.date(2027, 12, 31)),
    ("valid_until", "", lambda p: p.rating_valid_until == datetime.date(2028, 6, 15)),
    ("certificate_status", "", lambda p: p.current_certification.status == "active"),
    ("certificate_status", "Revoked", lambda p: p.certifications.get().status == "revoked"),
    ("producer_kind", "enterprise", lambda p: p.producer.kind == "enterprise"),
    ("producer_kind", "Hợp tác xã", lambda p: p.producer.kind == "cooperative"),
    ("producer_kind", "HTX", lambda p: p.producer.kind == "cooperative"),
    ("producer_kind", "hộ kinh doanh", lambda p: p.producer.kind == "household"),
    ("producer_kind", "Doanh nghiệp", lambda p: p.producer.kind == "enterprise"),
    ("village", "", lambda p: p.village is None),
    ("area", "", lambda p: p.producer.area is None),
    ("area", "thanh oai", lambda p: p.producer.area.slug == "xa-thanh-oai"),
    ("area", "XÃ THANH OAI", lambda p: p.producer.area.slug == "xa-thanh-oai"),
    ("former_district", "", lambda p: p.producer.area.slug == "xa-thanh-oai"),
    ("former_district", "Huyện Thanh Oai", lambda p: p.producer.area.slug == "xa-thanh-oai"),
    ("name_en", "", lambda p: p.name_en == ""),
    ("address", "", lambda p: p.producer.address == ""),
    ("description_en", "", lambda p: p.description_en == ""),
])
def test_accepted_forms(column, value, check):
    report = run([row(1, **{column: value})])
    assert report.ok, problems(report)
    assert check(Product.objects.get())


@pytest.mark.parametrize("column, value, message", [
    ("code", "", "This column is required."),
    ("code", "X" * 41, "Longer than 40 characters."),
    ("name_vi", "", "This column is required."),
    ("name_en", "x" * 201, "Longer than 200 characters."),
    ("category", "", "This column is required."),
    ("category", "9.9", "“9.9” is not a category code (like 1.4.a) or slug"),
    ("category", "1.4", "“1.4” is a group; use one of its categories: 1.4.a, 1.4.b."),
    ("stars", "", "This column is required."),
    ("stars", "6", "“6” is not 3, 4 or 5."),
    ("stars", "four", "“four” is not 3, 4 or 5."),
    ("potential_five_star", "maybe", "“maybe” is not yes or no"),
    ("certificate_no", "", "This column is required."),
    ("certificate_no", "9" * 61, "Longer than 60 characters."),
    ("issued_on", "", "This column is required."),
    ("issued_on", "15.06.2025", "“15.06.2025” is not a date; write YYYY-MM-DD or DD/MM/YYYY."),
    ("issued_on", "31/02/2025", "“31/02/2025” is not a real date."),
    ("issued_on", "06/15/2025", "“06/15/2025” is not a real date."),
    ("issued_on", "2999-01-01", "The issue date is in the future."),
    ("valid_until", "2025-06-15", "The validity date must be after the issue date."),
    ("valid_until", "soon", "“soon” is not a date"),
    ("certificate_status", "expired", "“expired” is not active or revoked."),
    ("producer", "", "This column is required."),
    ("producer_kind", "family", "“family” is not a producer kind"),
    ("area", "Xã Không Có", "“Xã Không Có” is not one of Hà Nội's wards or communes."),
    ("area", "Huyện Gia Lâm", "“Huyện Gia Lâm” is a former district; put it in former_district"),
    ("former_district", "Quận 1", "“Quận 1” is not one of Hà Nội's 30 former districts."),
    ("former_district", "Gia Lâm", "Xã Thanh Oai was formed from Huyện Thanh Oai, not from Huyện Gia Lâm."),
    ("address", "a" * 301, "Longer than 300 characters."),
])
def test_refused_forms_name_the_line_column_and_reason(column, value, message):
    report = run([row(1), row(2, **{column: value})])
    assert not report.ok and not report.written
    line, where, text = problems(report)[0]
    assert (line, where) == (3, column)
    assert text.startswith(message)
    assert Product.objects.count() == 0


def test_potential_five_star_only_with_four_stars():
    report = run([row(1, stars="5", potential_five_star="yes")])
    assert problems(report) == [
        (2, "potential_five_star", "Only a 4-star product can be a potential 5-star product."),
    ]


def test_every_bad_cell_of_every_row_is_reported():
    report = run([row(1, stars="7", issued_on="hôm qua"), row(2), row(3, category="")])
    assert [(line, column) for line, column, _m in problems(report)] == [
        (2, "stars"), (2, "issued_on"), (4, "category"),
    ]


def test_the_same_code_or_certificate_twice_in_a_file():
    report = run([row(1), row(2, code="HN-T-0001"), row(3, certificate_no="1/QĐ-T")])
    assert problems(report) == [
        (3, "code", "“HN-T-0001” is also on line 2; each product and each certificate appears once."),
        (4, "certificate_no", "“1/QĐ-T” is also on line 2; each product and each certificate appears once."),
    ]


def test_a_producer_described_differently_on_two_lines():
    report = run([row(1), row(2, producer_kind="enterprise")])
    assert problems(report) == [
        (3, "producer_kind", "Producer “Cơ sở tương Cự Đà” has a different producer_kind on line 2."),
    ]


def test_a_new_producer_needs_its_kind():
    report = run([row(1, producer_kind="")])
    assert problems(report) == [
        (2, "producer_kind", "“Cơ sở tương Cự Đà” is a new producer: its kind is required."),
    ]


def test_a_certificate_of_another_product_is_an_error():
    CertificationFactory(certificate_no="1/QĐ-T", product=ProductFactory(code="HN-OTHER"))
    report = run([row(1)])
    assert problems(report) == [
        (2, "certificate_no", "Certificate “1/QĐ-T” already belongs to another product (HN-OTHER)."),
    ]


# -- matching names ------------------------------------------------------------------------------

@pytest.mark.parametrize("written", ["Hợp tác xã Sen Tây Hồ", "hop tac xa sen tay ho", "HỢP TÁC XÃ  SEN TÂY HỒ"])
def test_producer_and_village_match_ignoring_case_and_accents(written):
    producer = ProducerFactory(name="Hợp tác xã Sen Tây Hồ", kind="cooperative", area=area("phuong-tay-ho"))
    village = CraftVillageFactory(name="Làng sen Quảng Bá")
    report = run([row(1, producer=written, village="lang sen quang ba", producer_kind="", area="",
                      former_district="", address="")])
    assert report.ok and report.new_producers == [] and report.new_villages == []
    product = Product.objects.get()
    assert product.producer == producer and product.village == village
    assert Producer.objects.count() == 1 and CraftVillage.objects.count() == 1


@pytest.mark.parametrize("written", ["Phường Tây Hồ", "phuong tay ho", "Tây Hồ", "TAY HO", "Xã Tây Hồ"])
def test_area_matches_ignoring_case_accents_and_prefix(written):
    report = run([row(1, area=written, former_district="Quận Tây Hồ")])
    assert report.ok, problems(report)
    assert Product.objects.get().producer.area.slug == "phuong-tay-ho"


def test_new_producers_and_villages_are_reported_once():
    report = run([row(1), row(2), row(3, producer="Công ty B", producer_kind="enterprise", village="")])
    assert report.new_producers == ["Cơ sở tương Cự Đà", "Công ty B"]
    assert report.new_villages == ["Làng Cự Đà"]
    notes = [r.notes for r in report.rows]
    assert notes[0] == ["New producer “Cơ sở tương Cự Đà”", "New craft village “Làng Cự Đà”"]
    assert notes[1] == []
    assert Producer.objects.count() == 2


def test_two_existing_producers_with_the_same_name_are_ambiguous():
    ProducerFactory(name="Cơ sở Minh Anh")
    ProducerFactory(name="Co so Minh Anh")
    report = run([row(1, producer="co so minh anh")])
    assert problems(report)[0][:2] == (2, "producer")
    assert "matches several existing records" in problems(report)[0][2]


def test_an_exact_name_settles_a_near_duplicate():
    wanted = ProducerFactory(name="Cơ sở Minh Anh")
    ProducerFactory(name="Co so Minh Anh")
    assert run([row(1, producer="Cơ sở Minh Anh")]).ok
    assert Product.objects.get().producer == wanted


# -- all or nothing, dry run, re-import -----------------------------------------------------------

def test_one_bad_row_in_a_thousand_leaves_the_database_unchanged():
    ProductFactory(code="HN-T-0010", name_vi="Tên cũ")
    before = counts()
    rows = [row(n, producer=f"Cơ sở {n % 50}") for n in range(1, 1001)]
    rows[499]["stars"] = "6"
    report = run(rows)
    assert problems(report) == [(501, "stars", "“6” is not 3, 4 or 5.")]
    assert not report.written and report.rows == []
    assert counts() == before
    assert Product.objects.get(code="HN-T-0010").name_vi == "Tên cũ"

    rows[499]["stars"] = "4"
    report = run(rows)
    assert report.written and report.created == 999 and report.updated == 1
    assert Product.objects.count() == 1000 and Producer.objects.count() == 50 + 1


def test_dry_run_reports_and_writes_nothing():
    existing = ProductFactory(code="HN-T-0002", name_vi="Tên cũ", producer__name="Cơ sở tương Cự Đà")
    CertificationFactory(product=existing, certificate_no="2/QĐ-T", stars=3,
                         issued_on=datetime.date(2025, 6, 15))
    before = counts()
    report = run([row(1), row(2)], dry_run=True)
    assert report.ok and report.dry_run and not report.written
    assert [(r.code, r.action, r.changes) for r in report.rows] == [
        ("HN-T-0001", "create", []),
        ("HN-T-0002", "update", ["name_vi", "name_en", "village", "description_vi", "description_en",
                                 "stars"]),
    ]
    assert counts() == before
    existing.refresh_from_db()
    assert existing.name_vi == "Tên cũ" and existing.rating_stars == 3


def test_reimporting_the_same_file_changes_nothing():
    data = SAMPLE.read_bytes()
    import_file(data, SAMPLE.name, dry_run=False)
    before = counts()
    stamps = sorted(Product.objects.values_list("code", "updated_at"))
    cert_stamps = sorted(Certification.objects.values_list("certificate_no", "updated_at", "revoked_on"))

    report = import_file(data, SAMPLE.name, dry_run=False)

    assert report.ok and report.unchanged == 6 and report.created == report.updated == 0
    assert report.certifications_created == report.certifications_updated == 0
    assert counts() == before
    assert sorted(Product.objects.values_list("code", "updated_at")) == stamps
    assert sorted(Certification.objects.values_list("certificate_no", "updated_at", "revoked_on")) == cert_stamps


def test_a_changed_row_updates_the_product_and_its_certification():
    run([row(1)])
    product = Product.objects.get()
    history_before = product.history.count()

    report = run([row(1, name_en="Cu Da bean sauce", stars="5", valid_until="2027-01-01")])

    assert [(r.action, r.changes) for r in report.rows] == [("update", ["name_en", "stars", "valid_until"])]
    product.refresh_from_db()
    assert product.name_en == "Cu Da bean sauce" and product.rating_stars == 5
    assert product.rating_valid_until == datetime.date(2027, 1, 1)
    assert product.certifications.count() == 1
    assert product.history.count() == history_before + 1
    assert product.history.first().name_en == "Cu Da bean sauce"
    assert Certification.history.filter(history_type="~").count() == 1


def test_a_new_certificate_number_adds_a_certification_that_becomes_current():
    run([row(1, stars="3", issued_on="2023-01-10")])
    report = run([row(1, stars="4", certificate_no="99/QĐ-T", issued_on="2025-09-01")])
    assert report.rows[0].notes == ["New certification 99/QĐ-T"]
    product = Product.objects.get()
    assert product.certifications.count() == 2
    assert product.rating_stars == 4 and product.current_certification.certificate_no == "99/QĐ-T"


def test_revoking_and_reinstating_through_the_file():
    run([row(1)])
    run([row(1, certificate_status="revoked")])
    cert = Certification.objects.get()
    # No revoked_on in the row: the date is not recorded, and not made up as the import's day.
    assert cert.status == "revoked" and cert.revoked_on is None
    assert Product.objects.listed().count() == 0

    assert run([row(1, certificate_status="revoked")]).rows[0].action == "unchanged"
    run([row(1)])
    cert.refresh_from_db()
    assert cert.status == "active" and cert.revoked_on is None
    assert Product.objects.listed().count() == 1


def test_producer_details_update_but_empty_cells_keep_them():
    run([row(1)])
    run([row(1, producer_kind="", area="", former_district="", address="")])
    producer = Producer.objects.get()
    assert producer.kind == "household" and producer.area.slug == "xa-thanh-oai" and producer.address

    report = run([row(1, producer_kind="enterprise")])
    assert report.updated_producers == ["Cơ sở tương Cự Đà"]
    assert Producer.objects.get().kind == "enterprise"


def test_history_records_name_the_user_and_the_file(django_user_model):
    user = django_user_model.objects.create_user("importer")
    import_file(csv_bytes([row(1)]), "register-2025.csv", dry_run=False, user=user)
    for model in (Product, Certification, Producer, CraftVillage):
        record = model.history.get()
        assert record.history_user == user
        assert record.history_change_reason == "Import: register-2025.csv"
        assert record.history_type == "+"
    assert Product.history.get().rating_stars == 4  # the final state, rating included


# -- the bulk rating refresh agrees with Product.refresh_rating() --------------------------------

def test_bulk_rating_refresh_matches_refresh_rating():
    today = timezone.localdate()
    products = [ProductFactory() for _ in range(4)]
    CertificationFactory(product=products[0], stars=3, issued_on=today - datetime.timedelta(days=400))
    CertificationFactory(product=products[0], stars=5, issued_on=today - datetime.timedelta(days=10))
    CertificationFactory(product=products[1], stars=4, issued_on=today - datetime.timedelta(days=2000))
    CertificationFactory(product=products[2], stars=4, status="revoked", revoked_on=today,
                         issued_on=today - datetime.timedelta(days=5))
    expected = []
    for product in products:
        product.refresh_rating(save=False)
        expected.append((product.current_certification_id, product.rating_stars, product.rating_valid_until))
    Product.objects.update(current_certification=None, rating_stars=None, rating_valid_until=None)

    fresh = list(Product.objects.order_by("pk"))
    refresh_ratings(fresh)

    assert [(p.current_certification_id, p.rating_stars, p.rating_valid_until)
            for p in Product.objects.order_by("pk")] == expected


# -- the command ---------------------------------------------------------------------------------

def test_command_imports_and_reports_each_line(capsys):
    call_command("import_catalogue", str(SAMPLE))
    out = capsys.readouterr().out
    assert "line 2: HN-SAMPLE-0001 new" in out and "Imported: 6 products new" in out
    assert Product.objects.count() == 6


def test_command_dry_run_writes_nothing(capsys):
    call_command("import_catalogue", str(SAMPLE), "--dry-run")
    assert "Dry run, nothing written: 6 products new" in capsys.readouterr().out
    assert Product.objects.count() == 0


def test_command_exits_non_zero_on_errors(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([row(1), row(2, stars="9")]))
    # manage.py turns a CommandError into sys.exit(returncode).
    with pytest.raises(CommandError) as error:
        call_command("import_catalogue", str(bad))
    assert error.value.returncode == 1
    assert "line 3, column stars: “9” is not 3, 4 or 5." in capsys.readouterr().err
    assert "1 problem(s) found; nothing was written." in str(error.value)
    assert Product.objects.count() == 0


def test_command_refuses_a_missing_file():
    with pytest.raises(CommandError):
        call_command("import_catalogue", "/nonexistent/file.csv")


def test_bad_cells_and_clashes_with_the_catalogue_are_reported_together():
    CertificationFactory(certificate_no="2/QĐ-T", product=ProductFactory(code="HN-OTHER"))
    report = run([row(1, stars="2"), row(2)])
    assert [(line, column) for line, column, _m in problems(report)] == [(2, "stars"), (3, "certificate_no")]


def test_codes_and_certificate_numbers_match_as_verification_reads_them():
    run([row(1)])
    report = run([row(1, code=" hn-t 0001 ", certificate_no="1/qđ-t", name_en="Renamed")])
    assert report.ok and [(r.action, r.changes) for r in report.rows] == [("update", ["name_en"])]
    product = Product.objects.get()
    assert product.code == "HN-T-0001" and product.name_en == "Renamed"  # the catalogue's spelling stays
    assert Certification.objects.get().certificate_no == "1/QĐ-T"


def test_codes_that_read_the_same_are_one_product_in_a_file():
    report = run([row(1), row(2, code="hn-t-0001")])
    assert problems(report)[0][:2] == (3, "code")
    report = run([row(3, code="--")])
    assert problems(report) == [(2, "code", "A product code needs letters or digits.")]


def test_an_import_shows_on_cached_pages_at_once(client, settings, django_capture_on_commit_callbacks):
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    client.get("/products/")
    assert client.get("/products/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        run([row(1, name_vi="Bánh cuốn Thanh Trì")])
    response = client.get("/products/")
    assert response["X-Page-Cache"] == "miss" and "Bánh cuốn Thanh Trì" in response.text
    cache.clear()
