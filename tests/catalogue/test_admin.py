"""The staff admin: every page renders for staff and is refused to others, search ignores accents,
filters, the revoke / mark-expired actions, and bounded query counts."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone, translation

from catalogue.models import Area, Category, Certification, CraftVillage, FormerDistrict, Producer, Product
from tests.factories import (
    CertificationFactory,
    CraftVillageFactory,
    ProducerFactory,
    ProductFactory,
    area,
    certified_product,
    leaf_category,
)

pytestmark = pytest.mark.django_db
today = timezone.localdate

EDITABLE = ["producer", "craftvillage", "product", "certification"]
REFERENCE = ["area", "formerdistrict", "category"]


def admin_url(name, *args, lang="vi", query=""):
    with translation.override(lang):
        return reverse(f"admin:catalogue_{name}", args=args) + query


def listed_codes(response):
    return [obj.code for obj in response.context["cl"].result_list]


@pytest.fixture
def sample(db):
    """One product of each kind of record, so change pages have something to show."""
    product = certified_product(stars=4, name_vi="Bình gốm men lam Bát Tràng",
                                village=CraftVillageFactory(name="Bát Tràng"))
    return {
        "product": product,
        "certification": product.current_certification,
        "producer": product.producer,
        "craftvillage": product.village,
        "area": area("xa-bat-trang"),
        "formerdistrict": FormerDistrict.objects.get(slug="huyen-gia-lam"),
        "category": product.category,
    }


# --- Access ---------------------------------------------------------------------------------

@pytest.mark.parametrize("model", EDITABLE + REFERENCE)
def test_changelist_renders_for_staff(staff_client, sample, model):
    response = staff_client.get(admin_url(f"{model}_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


@pytest.mark.parametrize("model", EDITABLE + REFERENCE)
def test_change_form_renders_for_staff(staff_client, sample, model):
    response = staff_client.get(admin_url(f"{model}_change", sample[model].pk))
    assert response.status_code == 200
    assert b'name="csrfmiddlewaretoken"' in response.content


@pytest.mark.parametrize("model", EDITABLE)
def test_add_form_renders_for_staff(staff_client, model):
    response = staff_client.get(admin_url(f"{model}_add"))
    assert response.status_code == 200
    assert b"<form" in response.content


@pytest.mark.parametrize("model", REFERENCE)
def test_reference_data_cannot_be_added_or_deleted(staff_client, sample, model):
    assert staff_client.get(admin_url(f"{model}_add")).status_code == 403
    assert staff_client.get(admin_url(f"{model}_delete", sample[model].pk)).status_code == 403


@pytest.mark.parametrize("page", [f"{m}_changelist" for m in EDITABLE + REFERENCE] + [f"{m}_add" for m in EDITABLE])
def test_anonymous_visitor_is_sent_to_login(client, page):
    url = admin_url(page)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert f"next={url}" in response["Location"]


def test_signed_in_non_staff_user_is_refused(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("visitor", password="a-long-password-123"))
    response = client.get(admin_url("product_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_admin_speaks_vietnamese_by_default_and_english_under_en(staff_client):
    assert "Quản trị OCOP Hà Nội" in staff_client.get("/admin/").text
    assert "OCOP Hà Nội — administration" in staff_client.get("/en/admin/").text


def test_product_page_links_to_public_page(staff_client, sample):
    product = sample["product"]
    page = staff_client.get(admin_url("product_change", product.pk)).text
    assert "viewsitelink" in page  # the "View on site" button


# --- Search ---------------------------------------------------------------------------------

@pytest.mark.parametrize("term", ["bat trang", "Bát Tràng", "BÁT TRÀNG", "bát tráng", "gom bat"])
def test_product_search_ignores_accents_and_case(staff_client, term):
    wanted = certified_product(name_vi="Bình gốm Bát Tràng")
    # Its producer is elsewhere: the producer's ward/commune is searchable text too.
    other = certified_product(name_vi="Lụa Vạn Phúc", producer=ProducerFactory(area=area("phuong-ha-dong")))
    codes = listed_codes(staff_client.get(admin_url("product_changelist", query=f"?q={term}")))
    assert wanted.code in codes and other.code not in codes


def test_product_search_finds_village_and_producer_names_and_exact_code(staff_client):
    by_village = ProductFactory(village=CraftVillageFactory(name="Đường Lâm"))
    by_producer = ProductFactory(producer=ProducerFactory(name="HTX Tương Cự Đà"))
    ProductFactory(code="HN-OCOP-99999")
    assert listed_codes(staff_client.get(admin_url("product_changelist", query="?q=duong lam"))) == [by_village.code]
    assert listed_codes(staff_client.get(admin_url("product_changelist", query="?q=cu da"))) == [by_producer.code]
    assert listed_codes(staff_client.get(admin_url("product_changelist", query="?q=HN-OCOP-99999"))) == [
        "HN-OCOP-99999"]


@pytest.mark.parametrize("term", ["duong lam", "Đường Lâm"])
def test_village_and_producer_search_ignore_accents(staff_client, term):
    village = CraftVillageFactory(name="Đường Lâm")
    CraftVillageFactory(name="Vạn Phúc")
    producer = ProducerFactory(name="Hợp tác xã Đường Lâm")
    ProducerFactory(name="Công ty Vạn Phúc")
    villages = staff_client.get(admin_url("craftvillage_changelist", query=f"?q={term}")).context["cl"].result_list
    producers = staff_client.get(admin_url("producer_changelist", query=f"?q={term}")).context["cl"].result_list
    assert list(villages) == [village]
    assert list(producers) == [producer]


@pytest.mark.parametrize("model,term,expected", [
    ("area", "xa bat trang", "xa-bat-trang"),
    ("area", "Bát Tràng", "xa-bat-trang"),
    ("formerdistrict", "gia lam", "huyen-gia-lam"),
    ("category", "nuoc mam", "liquid-condiments"),
])
def test_reference_data_search_ignores_accents(staff_client, model, term, expected):
    results = staff_client.get(admin_url(f"{model}_changelist", query=f"?q={term}")).context["cl"].result_list
    assert [obj.slug for obj in results] == [expected]


def test_certification_search_by_number_as_typed_and_product_name_without_accents(staff_client):
    cert = CertificationFactory(certificate_no="4567/QĐ-UBND", product=ProductFactory(name_vi="Tương Cự Đà"))
    CertificationFactory()
    for term in ["4567/QĐ", "tuong cu da"]:
        results = staff_client.get(admin_url("certification_changelist", query=f"?q={term}")).context["cl"]
        assert list(results.result_list) == [cert]


def test_autocomplete_finds_producers_without_accents(staff_client):
    producer = ProducerFactory(name="Cơ sở Nón lá Làng Chuông")
    response = staff_client.get("/admin/autocomplete/", {
        "term": "lang chuong", "app_label": "catalogue", "model_name": "product", "field_name": "producer",
    })
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(producer.pk)]


# --- Filters --------------------------------------------------------------------------------

def test_product_filters(staff_client):
    five = certified_product(stars=5, category=leaf_category("1.4.a"))
    four = certified_product(stars=4, category=leaf_category("4.1"),
                             producer=ProducerFactory(kind=Producer.Kind.COOPERATIVE, area=area("xa-chuyen-my")))
    expired = ProductFactory()
    CertificationFactory(product=expired, stars=3, issued_on=today() - datetime.timedelta(days=2000))
    revoked = ProductFactory()
    CertificationFactory(product=revoked, status="revoked", revoked_on=today())
    never = ProductFactory()

    def codes(query):
        return set(listed_codes(staff_client.get(admin_url("product_changelist", query=query))))

    assert codes("?rating=5") == {five.code}
    assert codes("?rating=none") == {expired.code, revoked.code, never.code}
    assert codes("?group=1") == {five.code, expired.code, revoked.code, never.code}
    assert codes("?group=1.4") == codes("?group=1") and codes("?group=4") == {four.code}
    assert codes("?status=listed") == {five.code, four.code}
    assert codes("?status=expired") == {expired.code}
    assert codes("?status=revoked") == {revoked.code}
    assert codes("?status=none") == {never.code}
    assert codes("?producer__kind__exact=cooperative") == {four.code}
    assert codes(f"?area={area('xa-chuyen-my').pk}") == {four.code}
    phu_xuyen = FormerDistrict.objects.get(slug="huyen-phu-xuyen")
    assert codes(f"?district={phu_xuyen.pk}") == {four.code}


def test_malformed_filter_values_do_not_break_the_changelist(staff_client):
    certified_product()
    for query in ["?area=abc", "?district=%00", "?rating=9", "?group=zzz", "?status=nope"]:
        assert staff_client.get(admin_url("product_changelist", query=query)).status_code in (200, 302)


def test_certification_status_filter(staff_client):
    current = CertificationFactory()
    expired = CertificationFactory(issued_on=today() - datetime.timedelta(days=2000))
    revoked = CertificationFactory(status="revoked", revoked_on=today())
    expiring = CertificationFactory(issued_on=today() - datetime.timedelta(days=1000),
                                    valid_until=today() + datetime.timedelta(days=30))

    def certs(state):
        response = staff_client.get(admin_url("certification_changelist", query=f"?state={state}"))
        return set(response.context["cl"].result_list)

    assert certs("current") == {current, expiring}
    assert certs("expiring") == {expiring}
    assert certs("expired") == {expired}
    assert certs("revoked") == {revoked}


# --- Revoke ---------------------------------------------------------------------------------

def post_action(client, model, action, objects, lang="vi", follow=False, **data):
    return client.post(admin_url(f"{model}_changelist", lang=lang), {
        "action": action, "_selected_action": [o.pk for o in objects], **data,
    }, follow=follow)


def test_revoke_asks_for_the_decision_first_and_changes_nothing_yet(staff_client):
    product = certified_product()
    response = post_action(staff_client, "certification", "revoke_selected", [product.current_certification],
                           lang="en")
    assert response.status_code == 200
    assert "Revocation decision number" in response.text and product.code in response.text
    assert Product.objects.listed().filter(pk=product.pk).exists()


def test_revoke_records_the_decision_and_unlists_the_products(staff_client):
    first, second, untouched = certified_product(), certified_product(), certified_product()
    certs = [first.current_certification, second.current_certification]
    response = post_action(staff_client, "certification", "revoke_selected", certs, confirm="yes",
                           decision_no="789/QĐ-UBND", revoked_on=today().isoformat(),
                           reason="Cơ sở ngừng sản xuất")
    assert response.status_code == 302
    for cert in Certification.objects.filter(pk__in=[c.pk for c in certs]):
        assert cert.status == "revoked"
        assert cert.revoked_on == today()
        assert cert.revocation_decision_no == "789/QĐ-UBND"
        assert cert.revocation_reason == "Cơ sở ngừng sản xuất"
        assert cert.history.first().history_user.username == "staff"
    assert set(Product.objects.listed()) == {untouched}
    assert Product.objects.get(pk=first.pk).current_certification is None
    assert LogEntry.objects.filter(object_id=str(certs[0].pk)).exists()
    public = staff_client.get("/products/").text
    assert first.name_vi not in public and untouched.name_vi in public


def test_revoking_the_newest_certification_does_not_bring_back_the_one_it_replaced(staff_client):
    """A product that fails post-inspection loses its certificate: the 3★ its 4★ upgraded is
    superseded, not a fallback (the newest certification decides, as on /verify/)."""
    product = ProductFactory()
    CertificationFactory(product=product, stars=3, issued_on=today() - datetime.timedelta(days=400))
    newer = CertificationFactory(product=product, stars=4, issued_on=today() - datetime.timedelta(days=10))
    post_action(staff_client, "certification", "revoke_selected", [newer], confirm="yes",
                decision_no="1/QĐ", revoked_on=today().isoformat(), reason="Không đạt hậu kiểm")
    product.refresh_from_db()
    assert product.rating_stars is None
    assert not Product.objects.listed().filter(pk=product.pk).exists()


def test_revoke_from_the_product_list_revokes_the_current_certification(staff_client):
    product = certified_product()
    response = post_action(staff_client, "product", "revoke_current_certifications", [product], confirm="yes",
                           decision_no="12/QĐ-UBND", revoked_on=today().isoformat(), reason="Vi phạm")
    assert response.status_code == 302
    assert not Product.objects.listed().exists()
    assert Certification.objects.get().status == "revoked"


@pytest.mark.parametrize("data,message", [
    ({"revoked_on": "2000-01-01", "reason": "Lý do"}, "cannot be revoked before it was issued"),
    ({"revoked_on": "not-a-date", "reason": "Lý do"}, "Enter a valid date"),
    ({"revoked_on": "2999-01-01", "reason": "Lý do"}, "cannot be in the future"),
    ({"reason": ""}, "This field is required"),
    ({"reason": "   "}, "This field is required"),
    ({"decision_no": ""}, "This field is required"),
])
def test_bad_revocation_input_shows_an_error_and_writes_nothing(staff_client, data, message):
    product = certified_product()
    cert = product.current_certification
    fields = {"decision_no": "789/QĐ-UBND", "revoked_on": today().isoformat(), "reason": "Lý do", **data}
    response = post_action(staff_client, "certification", "revoke_selected", [cert], lang="en", confirm="yes",
                           **fields)
    assert response.status_code == 200
    assert message in response.text
    cert.refresh_from_db()
    assert cert.status == "active" and cert.revoked_on is None and cert.revocation_reason == ""
    assert Product.objects.listed().filter(pk=product.pk).exists()


def test_revoking_only_revoked_certifications_says_so(staff_client):
    cert = CertificationFactory(status="revoked", revoked_on=today(), revocation_reason="Cũ")
    response = post_action(staff_client, "certification", "revoke_selected", [cert], lang="en", follow=True)
    assert "nothing to revoke" in response.text
    cert.refresh_from_db()
    assert cert.revocation_reason == "Cũ"


def test_mark_expired_ends_validity_yesterday_and_unlists(staff_client):
    product = certified_product()
    cert = product.current_certification
    response = post_action(staff_client, "certification", "mark_expired_selected", [cert], lang="en")
    assert response.status_code == 200 and "Mark expired" in response.text
    response = post_action(staff_client, "certification", "mark_expired_selected", [cert], confirm="yes")
    assert response.status_code == 302
    cert.refresh_from_db()
    assert cert.valid_until == today() - datetime.timedelta(days=1)
    assert cert.status == "active"
    assert not Product.objects.listed().exists()


# --- Validation ---------------------------------------------------------------------------------

def test_certification_form_explains_date_order(staff_client):
    product = ProductFactory()
    response = staff_client.post(admin_url("certification_add", lang="en"), {
        "product": product.pk, "stars": 4, "certificate_no": "1/QĐ", "authority_vi": "UBND",
        "issued_on": "2024-05-01", "valid_until": "2024-01-01", "status": "active",
    })
    assert response.status_code == 200
    assert "The validity date must be after the issue date." in response.text
    assert not Certification.objects.exists()


def test_adding_a_product_with_its_certification_lists_it(staff_client):
    producer = ProducerFactory()
    data = {
        "code": "HN-OCOP-12345", "name_vi": "Chè sen Tây Hồ", "name_en": "Tây Hồ lotus tea",
        "category": leaf_category("1.5.b").pk, "producer": producer.pk, "village": "",
        "description_vi": "", "description_en": "", "story_vi": "", "story_en": "",
        "certifications-TOTAL_FORMS": 1, "certifications-INITIAL_FORMS": 0,
        "certifications-0-stars": 4, "certifications-0-certificate_no": "55/QĐ-UBND",
        "certifications-0-authority_vi": "UBND Thành phố Hà Nội", "certifications-0-issued_on": "2024-06-01",
        "certifications-0-valid_until": "", "certifications-0-status": "active",
        "images-TOTAL_FORMS": 0, "images-INITIAL_FORMS": 0,
    }
    response = staff_client.post(admin_url("product_add"), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    product = Product.objects.get(code="HN-OCOP-12345")
    assert product.slug == "che-sen-tay-ho"
    assert product.rating_stars == 4 and product.rating_valid_until == datetime.date(2027, 6, 1)
    assert product.search_text.startswith(" che sen tay ho ")


# --- Query counts ---------------------------------------------------------------------------

def make_catalogue(n):
    villages = [CraftVillageFactory() for _ in range(3)]
    for i in range(n):
        product = ProductFactory(village=villages[i % 3], category=leaf_category(["1.4.a", "4.1", "1.5.a"][i % 3]))
        CertificationFactory(product=product, stars=3 + i % 3)


@pytest.mark.parametrize("model", EDITABLE + REFERENCE)
@pytest.mark.parametrize("size", [3, 60])
def test_changelist_query_count_does_not_grow_with_rows(staff_client, django_assert_max_num_queries, model, size):
    make_catalogue(size)
    with django_assert_max_num_queries(10):
        response = staff_client.get(admin_url(f"{model}_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("certs", [1, 8])
def test_product_change_form_query_count_is_bounded(staff_client, django_assert_max_num_queries, certs):
    product = ProductFactory(village=CraftVillageFactory())
    for i in range(certs):
        CertificationFactory(product=product, issued_on=today() - datetime.timedelta(days=30 * i + 1))
    with django_assert_max_num_queries(12):
        response = staff_client.get(admin_url("product_change", product.pk))
    assert response.status_code == 200
    assert response.text.count('name="certifications-') >= certs


def test_producer_and_village_lists_count_their_products(staff_client):
    village = CraftVillageFactory(name="Chuôn Ngọ")
    producer = ProducerFactory(name="Cơ sở khảm trai")
    ProductFactory(producer=producer, village=village)
    ProductFactory(producer=producer)
    ProducerFactory(name="Cơ sở chưa có sản phẩm")
    producers = staff_client.get(admin_url("producer_changelist")).context["cl"].result_list
    assert {p.name: p._product_count for p in producers} == {
        "Cơ sở khảm trai": 2, "Cơ sở chưa có sản phẩm": 0}
    villages = staff_client.get(admin_url("craftvillage_changelist")).context["cl"].result_list
    assert [v._product_count for v in villages] == [1]
