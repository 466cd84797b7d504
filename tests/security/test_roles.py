"""Staff roles (least privilege): each role can do its job through the admin, and cannot do the
others' -- not through the pages, not through crafted POSTs -- and the data stays unchanged."""

import datetime
import importlib
import io
import types

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client
from django.utils import timezone, translation
from simple_history.admin import SimpleHistoryAdmin

from catalogue.models import Area, Certification, Producer, Product
from events.models import Event
from staff.roles import EDITORS, MANAGERS, OFFICERS, ROLES, VIEWERS
from tests.factories import (
    BoothFactory,
    CertificationFactory,
    EventFactory,
    ProducerFactory,
    ProductFactory,
    ShowroomFactory,
    certified_product,
    leaf_category,
)
from tests.security.admin_posts import admin_url, form_data, post_action

pytestmark = pytest.mark.django_db
today = timezone.localdate
PASSWORD = "a-long-password-123"


def model_names(app_label):
    """The app's models as the admin knows them (change history tables aside)."""
    return sorted(m._meta.model_name for m in apps.get_app_config(app_label).get_models()
                  if not m._meta.model_name.startswith("historical"))


def perms(actions, *models):
    return {f"{action}_{model}" for model in models for action in actions}


FULL, VIEW = ("add", "change", "delete", "view"), ("view",)

EXPECTED = {
    EDITORS: perms(FULL, "product", "productimage", "producer", "craftvillage", "craftvillagealias")
    | perms(VIEW, "category", "area", "formerdistrict", "certification"),
    OFFICERS: perms(("add", "change", "view"), "certification", *model_names("inspections"))
    | perms(VIEW, "product", "producer", "craftvillage", "craftvillagealias", "expiryreminder")
    | perms(("change", "view"), "report"),
    MANAGERS: perms(FULL, "event", "booth", *model_names("showrooms"))
    | perms(VIEW, "product", "producer", "category", "area"),
    VIEWERS: perms(VIEW, *model_names("catalogue"), *model_names("events"), *model_names("showrooms"),
                   *model_names("inspections"), *model_names("reminders")),
}


def group_codenames(role):
    return set(Group.objects.get(name=role.name).permissions.values_list("codename", flat=True))


@pytest.fixture
def login(django_user_model):
    """``login(EDITORS)``: a client signed in as a new staff member with that role (none: no role)."""
    def make(*roles, username=None):
        user = django_user_model.objects.create_user(
            username or "-".join(r.slug for r in roles) or "nobody", "staff@example.vn", PASSWORD, is_staff=True)
        user.groups.set(Group.objects.filter(name__in=[r.name for r in roles]))
        client = Client()
        client.force_login(user)
        client.user = user
        return client
    return make


# --- The groups ---------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.slug)
def test_each_group_holds_exactly_its_permissions(role):
    assert group_codenames(role) == EXPECTED[role]


def test_only_certification_officers_can_add_or_change_certifications():
    writers = Permission.objects.filter(codename__in=["add_certification", "change_certification",
                                                      "delete_certification"])
    assert set(Group.objects.filter(permissions__in=writers).values_list("name", flat=True)) == {OFFICERS.name}
    assert not Group.objects.filter(permissions__codename="delete_certification").exists()


def test_no_role_touches_users_groups_or_reference_data():
    for codename in ["change_user", "view_user", "change_group", "change_permission", "change_area",
                     "change_category", "change_formerdistrict", "view_accessattempt"]:
        assert not Group.objects.filter(permissions__codename=codename).exists(), codename


def test_sync_roles_puts_hand_edited_groups_back_and_is_idempotent():
    editors = Group.objects.get(name=EDITORS.name)
    editors.permissions.add(Permission.objects.get(codename="change_certification"))
    Group.objects.get(name=VIEWERS.name).permissions.remove(Permission.objects.get(codename="view_event"))
    Group.objects.get(name=OFFICERS.name).delete()

    out = io.StringIO()
    call_command("sync_roles", stdout=out)
    report = out.getvalue()
    assert "Catalogue editors: +0 -1" in report and "Viewers: +1 -0" in report
    assert f"Certification officers: +{len(EXPECTED[OFFICERS])} -0 (new group)" in report
    for role in ROLES:
        assert group_codenames(role) == EXPECTED[role]

    out = io.StringIO()
    call_command("sync_roles", stdout=out)
    assert out.getvalue().strip() == "Roles are up to date."


def test_the_migration_creates_the_permissions_it_hands_out_on_a_fresh_database():
    """On a fresh database the permissions do not exist yet when the migration runs
    (Django creates them after `migrate`): the migration must create them itself."""
    Group.objects.all().delete()
    Permission.objects.all().delete()
    migration = importlib.import_module("staff.migrations.0001_roles")
    # As the latest roles migration runs it (0002, 0003, 0004 re-run 0001's function once reports,
    # inspections and reminders, the villages' other names exist): the state after staff's last.
    loader = MigrationLoader(connection)
    state = loader.project_state(loader.graph.leaf_nodes("staff")[0])
    migration.create_roles(state.apps, types.SimpleNamespace(connection=connection))
    for role in ROLES:
        assert group_codenames(role) == EXPECTED[role]


def test_every_model_in_the_admin_is_visible_to_viewers():
    """A model registered later (showrooms, …) gets a role without anyone editing a migration."""
    for model in admin.site._registry:
        if model._meta.app_label in {"catalogue", "events", "showrooms"}:
            assert f"view_{model._meta.model_name}" in EXPECTED[VIEWERS]
            assert f"view_{model._meta.model_name}" in group_codenames(VIEWERS)


# --- No role: nothing ---------------------------------------------------------------------------

def test_staff_without_a_role_see_nothing(login):
    client = login()
    product = ProductFactory(name_vi="Mứt sen sắp hết hạn")
    CertificationFactory(product=product, issued_on=today() - datetime.timedelta(days=3 * 365 - 20))
    index = client.get("/admin/")
    assert index.status_code == 200
    assert index.context["app_list"] == []
    assert product.name_vi not in index.text  # not even the expiring-certificates panel
    assert product.name_vi in login(VIEWERS).get("/admin/").text
    for model in admin.site._registry:
        opts = model._meta
        assert client.get(admin_url(f"{opts.app_label}.{opts.model_name}", "changelist")).status_code == 403
    assert client.get(admin_url("catalogue.product", "change", product.pk)).status_code == 403
    autocomplete = client.get("/admin/autocomplete/", {
        "app_label": "catalogue", "model_name": "certification", "field_name": "product", "term": "",
    })
    assert autocomplete.status_code == 403


# --- Catalogue editors --------------------------------------------------------------------------

def test_editor_creates_a_producer_and_a_product_through_the_add_forms(login):
    editor = login(EDITORS)
    response = editor.post(admin_url("catalogue.producer", "add"), {
        "name": "HTX Gốm sứ Bát Tràng", "kind": Producer.Kind.COOPERATIVE, "address": "Xóm 3",
        "area": Area.objects.get(slug="xa-bat-trang").pk, "phone": "", "email": "", "website": "",
        "description_vi": "",
    })
    assert response.status_code == 302
    producer = Producer.objects.get(name="HTX Gốm sứ Bát Tràng")

    add_form = editor.get(admin_url("catalogue.product", "add"))
    assert add_form.status_code == 200
    data = form_data(add_form)
    data.update({
        "code": "HN-OCOP-20001", "name_vi": "Bình gốm men rạn", "category": leaf_category("1.4.a").pk,
        "producer": producer.pk,
    })
    response = editor.post(admin_url("catalogue.product", "add"), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    product = Product.objects.get(code="HN-OCOP-20001")
    assert product.producer == producer and product.rating_stars is None


def test_editor_adding_a_product_cannot_slip_in_a_certification(login):
    """The certification inline is read-only for editors; rows added to the POST are ignored."""
    editor = login(EDITORS)
    data = form_data(editor.get(admin_url("catalogue.product", "add")))
    data.update({
        "code": "HN-OCOP-20002", "name_vi": "Chè sen", "category": leaf_category("1.5.b").pk,
        "producer": ProducerFactory().pk,
        "certifications-TOTAL_FORMS": 1, "certifications-INITIAL_FORMS": 0,
        "certifications-0-stars": 5, "certifications-0-certificate_no": "99/QĐ-GIẢ",
        "certifications-0-authority_vi": "UBND Thành phố Hà Nội", "certifications-0-issued_on": "2025-01-02",
        "certifications-0-status": "active",
    })
    editor.post(admin_url("catalogue.product", "add"), data)
    assert not Certification.objects.exists()
    product = Product.objects.filter(code="HN-OCOP-20002").first()
    assert product is None or product.rating_stars is None


def test_editor_edits_a_product_but_its_certification_inline_data_is_ignored(login):
    product = certified_product(stars=3)
    cert = product.current_certification
    editor = login(EDITORS)
    url = admin_url("catalogue.product", "change", product.pk)
    page = editor.get(url)
    assert page.status_code == 200
    data = form_data(page)
    assert data["certifications-INITIAL_FORMS"] == 1  # the history is shown, read-only
    data.update({
        "name_vi": "Tên mới của sản phẩm",
        "certifications-0-id": cert.pk, "certifications-0-product": product.pk,
        "certifications-0-stars": 5, "certifications-0-certificate_no": "1/ĐỔI",
        "certifications-0-issued_on": cert.issued_on.isoformat(), "certifications-0-status": "active",
        "certifications-0-authority_vi": cert.authority,
        "certifications-0-DELETE": "on",
        "certifications-TOTAL_FORMS": 2,
        "certifications-1-stars": 5, "certifications-1-certificate_no": "2/THÊM",
        "certifications-1-authority_vi": "UBND", "certifications-1-issued_on": today().isoformat(),
        "certifications-1-status": "active",
    })
    response = editor.post(url, data)
    assert response.status_code == 302
    product.refresh_from_db()
    cert.refresh_from_db()
    assert product.name_vi == "Tên mới của sản phẩm"  # the editor's own job went through
    assert (cert.stars, cert.certificate_no) != (5, "1/ĐỔI")
    assert list(Certification.objects.values_list("pk", "stars")) == [(cert.pk, 3)]
    assert product.rating_stars == 3


def test_editor_cannot_change_stars_on_the_certification_form(login):
    cert = certified_product(stars=3).current_certification
    editor = login(EDITORS)
    url = admin_url("catalogue.certification", "change", cert.pk)
    page = editor.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.text  # read-only view
    response = editor.post(url, {
        "product": cert.product_id, "stars": 5, "certificate_no": cert.certificate_no,
        "authority_vi": cert.authority, "issued_on": cert.issued_on.isoformat(),
        "valid_until": cert.valid_until.isoformat(), "status": "active",
    })
    assert response.status_code == 403
    assert editor.get(admin_url("catalogue.certification", "add")).status_code == 403
    assert editor.post(admin_url("catalogue.certification", "add"), {
        "product": cert.product_id, "stars": 5, "certificate_no": "7/QĐ", "authority_vi": "UBND",
        "issued_on": today().isoformat(), "status": "active",
    }).status_code == 403
    assert editor.post(admin_url("catalogue.certification", "delete", cert.pk), {"post": "yes"}).status_code == 403
    cert.refresh_from_db()
    assert cert.stars == 3 and Certification.objects.count() == 1


def test_editor_cannot_revert_a_certification_to_other_stars_through_its_history(login):
    """django-simple-history's "revert" form saves on POST after checking only the view
    permission; staff/history_guard.py closes that."""
    cert = certified_product(stars=3).current_certification
    version = cert.history.first()
    editor = login(EDITORS)
    url = admin_url("catalogue.certification", "simple_history", cert.pk, version.history_id)
    assert editor.get(url).status_code == 200
    response = editor.post(url, {
        "product": cert.product_id, "stars": 5, "certificate_no": cert.certificate_no,
        "authority_vi": cert.authority, "issued_on": cert.issued_on.isoformat(),
        "valid_until": cert.valid_until.isoformat(), "status": "active",
    })
    assert response.status_code == 403
    cert.refresh_from_db()
    assert cert.stars == 3 and cert.product.rating_stars == 3


def test_editor_cannot_revoke_or_expire_through_actions(login):
    product = certified_product()
    cert = product.current_certification
    editor = login(EDITORS)
    assert "revoke_current_certifications" not in editor.get(admin_url("catalogue.product", "changelist")).text
    for app_model, action, objects in [
        ("catalogue.product", "revoke_current_certifications", [product]),
        ("catalogue.certification", "revoke_selected", [cert]),
        ("catalogue.certification", "mark_expired_selected", [cert]),
    ]:
        post_action(editor, app_model, action, objects, confirm="yes", decision_no="1/QĐ",
                    revoked_on=today().isoformat(), reason="Thử")
    cert.refresh_from_db()
    assert cert.status == "active" and cert.valid_until > today()
    assert Product.objects.listed().filter(pk=product.pk).exists()


def test_editor_cannot_delete_a_certified_product_and_its_rating_history(login):
    product = certified_product()
    editor = login(EDITORS)
    assert editor.post(admin_url("catalogue.product", "delete", product.pk), {"post": "yes"}).status_code == 403
    post_action(editor, "catalogue.product", "delete_selected", [product], post="yes")
    assert Product.objects.filter(pk=product.pk).exists() and Certification.objects.count() == 1
    uncertified = ProductFactory()
    assert editor.post(admin_url("catalogue.product", "delete", uncertified.pk), {"post": "yes"}).status_code == 302
    assert not Product.objects.filter(pk=uncertified.pk).exists()


def test_editor_stays_out_of_events_reference_data_and_users(login):
    event = EventFactory()
    editor = login(EDITORS)
    for url in [admin_url("events.event", "changelist"), admin_url("events.event", "change", event.pk),
                admin_url("showrooms.showroom", "changelist"), admin_url("showrooms.showroom", "add"),
                admin_url("auth.user", "changelist"), admin_url("auth.group", "changelist")]:
        assert editor.get(url).status_code == 403, url
    area = Area.objects.get(slug="xa-bat-trang")
    assert editor.post(admin_url("catalogue.area", "change", area.pk), {
        "name": "Đổi tên", "former_districts": [], "latitude": "", "longitude": "",
    }).status_code == 403
    assert Area.objects.get(pk=area.pk).name == area.name


# --- Certification officers ---------------------------------------------------------------------

def test_officer_adds_a_certification_and_revokes_one(login):
    product = ProductFactory()
    officer = login(OFFICERS)
    response = officer.post(admin_url("catalogue.certification", "add"), {
        "product": product.pk, "stars": 4, "certificate_no": "321/QĐ-UBND", "authority_vi": "UBND Thành phố Hà Nội",
        "issued_on": (today() - datetime.timedelta(days=30)).isoformat(), "valid_until": "", "status": "active",
    })
    assert response.status_code == 302, response.context and response.context["errors"]
    product.refresh_from_db()
    assert product.rating_stars == 4 and Product.objects.listed().filter(pk=product.pk).exists()

    cert = product.current_certification
    response = post_action(officer, "catalogue.certification", "revoke_selected", [cert], confirm="yes",
                           decision_no="400/QĐ-UBND", revoked_on=today().isoformat(), reason="Không đạt hậu kiểm")
    assert response.status_code == 302
    cert.refresh_from_db()
    assert cert.status == "revoked" and cert.revocation_decision_no == "400/QĐ-UBND"
    assert not Product.objects.listed().filter(pk=product.pk).exists()


def test_officer_revokes_from_the_product_list_without_being_able_to_edit_products(login):
    product = certified_product()
    officer = login(OFFICERS)
    response = post_action(officer, "catalogue.product", "revoke_current_certifications", [product],
                           confirm="yes", decision_no="5/QĐ", revoked_on=today().isoformat(), reason="Vi phạm")
    assert response.status_code == 302
    assert Certification.objects.get().status == "revoked"

    url = admin_url("catalogue.product", "change", product.pk)
    assert officer.get(url).status_code == 200
    assert officer.post(url, {"code": product.code, "name_vi": "Đổi tên", "category": product.category_id,
                              "producer": product.producer_id}).status_code == 403
    assert Product.objects.get(pk=product.pk).name_vi == product.name_vi


def test_officer_cannot_delete_certifications_or_touch_producers_and_events(login):
    cert = certified_product().current_certification
    officer = login(OFFICERS)
    assert officer.post(admin_url("catalogue.certification", "delete", cert.pk), {"post": "yes"}).status_code == 403
    post_action(officer, "catalogue.certification", "delete_selected", [cert], post="yes")
    assert Certification.objects.filter(pk=cert.pk).exists()
    assert officer.get(admin_url("catalogue.product", "add")).status_code == 403
    assert officer.post(admin_url("catalogue.producer", "add"), {"name": "Mới", "kind": "household"}).status_code == 403
    assert officer.get(admin_url("events.event", "changelist")).status_code == 403
    assert officer.get(admin_url("showrooms.showroom", "changelist")).status_code == 403
    assert not Producer.objects.filter(name="Mới").exists()


def test_autocomplete_answers_only_roles_that_may_view_the_target(login):
    ProducerFactory(name="Cơ sở Mây tre Phú Vinh")
    def names(response):
        assert response.status_code == 200
        return [row["text"] for row in response.json()["results"]]

    query = {"app_label": "catalogue", "model_name": "product", "field_name": "producer", "term": "phu vinh"}
    assert names(login(OFFICERS, username="o").get("/admin/autocomplete/", query)) == ["Cơ sở Mây tre Phú Vinh"]
    # Officers do not need the wards/communes: the producer form's area search is closed to them.
    area_query = {"app_label": "catalogue", "model_name": "producer", "field_name": "area", "term": "bat"}
    assert login(OFFICERS, username="o2").get("/admin/autocomplete/", area_query).status_code == 403
    assert "Bát Tràng" in " ".join(names(login(EDITORS).get("/admin/autocomplete/", area_query)))


# --- Showroom & event managers -------------------------------------------------------------------

def test_manager_edits_an_event_adds_a_booth_and_publishes(login):
    event = EventFactory(name_vi="Hội chợ OCOP mùa thu", is_published=False)
    producer = ProducerFactory()
    manager = login(MANAGERS)
    url = admin_url("events.event", "change", event.pk)
    data = form_data(manager.get(url))
    data.update({"venue_name_vi": "Cung Văn hoá Hữu nghị", "booths-0-producer": producer.pk, "booths-0-label": "B7"})
    response = manager.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    event.refresh_from_db()
    assert event.venue_name == "Cung Văn hoá Hữu nghị"
    assert list(event.booths.values_list("producer", "label")) == [(producer.pk, "B7")]

    post_action(manager, "events.event", "publish", [event])
    event.refresh_from_db()
    assert event.is_published
    post_action(manager, "events.event", "duplicate_next_year", [event])
    assert Event.objects.count() == 2


def test_manager_edits_a_showroom_with_its_hours_and_deactivates_it(login):
    showroom = ShowroomFactory(name="Điểm bán OCOP Hoàn Kiếm")
    showroom.products.add(certified_product())
    manager = login(MANAGERS)
    url = admin_url("showrooms.showroom", "change", showroom.pk)
    data = form_data(manager.get(url))
    data.update({
        "phone": "024 3825 0000",
        "opening_hours-TOTAL_FORMS": 1, "opening_hours-0-weekday": 0,
        "opening_hours-0-opens": "08:00", "opening_hours-0-closes": "17:30",
    })
    response = manager.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    showroom.refresh_from_db()
    assert showroom.phone == "024 3825 0000"
    assert list(showroom.opening_hours.values_list("weekday", "closes")) == [(0, datetime.time(17, 30))]
    assert showroom.products.count() == 1  # the product picker kept its value

    post_action(manager, "showrooms.showroom", "deactivate", [showroom])
    showroom.refresh_from_db()
    assert not showroom.is_active


def test_manager_cannot_touch_the_catalogue(login):
    product = certified_product(stars=3)
    manager = login(MANAGERS)
    url = admin_url("catalogue.product", "change", product.pk)
    assert manager.get(url).status_code == 200  # to check what a booth features
    assert manager.post(url, {"code": product.code, "name_vi": "Đổi", "category": product.category_id,
                              "producer": product.producer_id}).status_code == 403
    for app_model in ["catalogue.certification", "catalogue.craftvillage", "auth.user"]:
        assert manager.get(admin_url(app_model, "changelist")).status_code == 403, app_model
    assert manager.get(admin_url("catalogue.producer", "add")).status_code == 403
    product.refresh_from_db()
    assert product.name_vi != "Đổi" and product.rating_stars == 3


# --- Viewers ------------------------------------------------------------------------------------

def test_viewer_sees_every_list_and_record(login):
    product = certified_product()
    booth = BoothFactory(producer=product.producer)
    viewer = login(VIEWERS)
    for model in admin.site._registry:
        opts = model._meta
        if opts.app_label in {"catalogue", "events", "showrooms"}:
            assert viewer.get(admin_url(f"{opts.app_label}.{opts.model_name}", "changelist")).status_code == 200
    for app_model, obj in [("catalogue.product", product), ("catalogue.certification", product.current_certification),
                           ("catalogue.producer", product.producer), ("events.event", booth.event)]:
        page = viewer.get(admin_url(app_model, "change", obj.pk))
        assert page.status_code == 200 and 'name="_save"' not in page.text
        assert viewer.get(admin_url(app_model, "history", obj.pk)).status_code == 200


def test_every_post_from_a_viewer_is_refused(login):
    product = certified_product(stars=4)
    cert = product.current_certification
    event = EventFactory(is_published=False)
    viewer = login(VIEWERS)

    product_url = admin_url("catalogue.product", "change", product.pk)
    data = form_data(viewer.get(product_url))
    assert viewer.post(product_url, {**data, "name_vi": "Đổi"}).status_code == 403
    cert_url = admin_url("catalogue.certification", "change", cert.pk)
    assert viewer.post(cert_url, {**form_data(viewer.get(cert_url)), "stars": 5}).status_code == 403
    event_url = admin_url("events.event", "change", event.pk)
    assert viewer.post(event_url, {**form_data(viewer.get(event_url)), "name_vi": "Đổi"}).status_code == 403
    revert_url = admin_url("catalogue.certification", "simple_history", cert.pk, cert.history.first().history_id)
    assert viewer.post(revert_url, {**form_data(viewer.get(cert_url)), "stars": 5}).status_code == 403
    for app_model in ["catalogue.product", "catalogue.producer", "catalogue.certification", "events.event"]:
        assert viewer.post(admin_url(app_model, "add"), {}).status_code == 403
    assert viewer.post(admin_url("catalogue.product", "delete", product.pk), {"post": "yes"}).status_code == 403

    showroom = ShowroomFactory()
    showroom_url = admin_url("showrooms.showroom", "change", showroom.pk)
    assert viewer.post(showroom_url, {**form_data(viewer.get(showroom_url)), "name_vi": "Đổi"}).status_code == 403
    post_action(viewer, "showrooms.showroom", "deactivate", [showroom])
    post_action(viewer, "events.event", "publish", [event])
    post_action(viewer, "events.event", "duplicate_next_year", [event])
    post_action(viewer, "catalogue.certification", "revoke_selected", [cert], confirm="yes", decision_no="1",
                revoked_on=today().isoformat(), reason="x")
    post_action(viewer, "catalogue.product", "delete_selected", [product], post="yes")

    product.refresh_from_db()
    cert.refresh_from_db()
    event.refresh_from_db()
    assert product.name_vi != "Đổi" and product.rating_stars == 4
    assert cert.stars == 4 and cert.status == "active"
    assert not event.is_published and Event.objects.count() == 1 and event.name_vi != "Đổi"
    showroom.refresh_from_db()
    assert showroom.is_active and showroom.name != "Đổi"


# --- Guards that hold whatever the role ----------------------------------------------------------

def test_every_history_admin_refuses_reverts_without_the_change_permission():
    for model_admin in admin.site._registry.values():
        if isinstance(model_admin, SimpleHistoryAdmin):
            assert getattr(type(model_admin).history_form_view, "staff_guarded", False), type(model_admin)


def test_every_admin_action_declares_the_permission_it_needs():
    """An action without ``permissions=[…]`` is offered to anyone who can see the list,
    viewers included. (Third-party admins, e.g. axes', are for superusers only.)"""
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in {"catalogue", "showrooms", "events"}:
            continue
        for action in model_admin.actions or ():
            func = getattr(model_admin, action) if isinstance(action, str) else action
            assert getattr(func, "allowed_permissions", None), f"{type(model_admin).__name__}.{action}"


def test_superusers_can_still_revert_to_an_earlier_version(staff_client):
    cert = CertificationFactory(stars=3)
    first = cert.history.first()
    cert.stars = 4
    cert.save()
    url = admin_url("catalogue.certification", "simple_history", cert.pk, first.history_id)
    response = staff_client.post(url, form_data(staff_client.get(url)))
    assert response.status_code == 302
    cert.refresh_from_db()
    assert cert.stars == 3


# --- create_staff -------------------------------------------------------------------------------

def test_create_staff_makes_a_staff_login_with_the_roles_given(monkeypatch, django_user_model):
    monkeypatch.setenv("STAFF_PASSWORD", "nắng-sớm-Hồ-Tây-2025")
    call_command("create_staff", "--username", "lan", "--role", "editor", "--role", "viewer",
                 "--email", "lan@example.vn", "--no-input", stdout=io.StringIO())
    user = django_user_model.objects.get(username="lan")
    assert user.is_staff and not user.is_superuser and user.email == "lan@example.vn"
    assert set(user.groups.values_list("name", flat=True)) == {EDITORS.name, VIEWERS.name}
    client = Client()
    assert client.login(username="lan", password="nắng-sớm-Hồ-Tây-2025")
    assert client.get(admin_url("catalogue.product", "add")).status_code == 200
    assert client.get(admin_url("catalogue.certification", "add")).status_code == 403


@pytest.mark.parametrize("args, env, message", [
    (["--username", "lan", "--role", "editor"], {"STAFF_PASSWORD": "12345678901"}, "entirely numeric"),
    (["--username", "lan", "--role", "editor"], {"STAFF_PASSWORD": "ngắn"}, "too short"),
    (["--username", "lan", "--role", "editor"], {}, "Set STAFF_PASSWORD"),
    (["--username", "lan", "--role", "admin"], {"STAFF_PASSWORD": "nắng-sớm-Hồ-Tây-2025"}, "invalid choice"),
    (["--username", "staff", "--role", "viewer"], {"STAFF_PASSWORD": "nắng-sớm-Hồ-Tây-2025"}, "already exists"),
])
def test_create_staff_refuses_bad_input_and_creates_nobody(monkeypatch, django_user_model, args, env, message):
    django_user_model.objects.create_user("staff")
    monkeypatch.delenv("STAFF_PASSWORD", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(CommandError, match=message), translation.override("en"):
        call_command("create_staff", *args, "--no-input", stdout=io.StringIO())
    assert list(django_user_model.objects.values_list("username", flat=True)) == ["staff"]


def test_create_staff_asks_for_the_password_until_both_entries_match_and_pass(monkeypatch, django_user_model):
    monkeypatch.delenv("STAFF_PASSWORD", raising=False)
    answers = iter(["nắng-sớm-Hồ-Tây-2025", "nắng-sớm-Hồ-Tây-2026",  # typo
                    "1234567890", "1234567890",  # all digits
                    "nắng-sớm-Hồ-Tây-2025", "nắng-sớm-Hồ-Tây-2025"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    errors = io.StringIO()
    with translation.override("en"):
        call_command("create_staff", "--username", "minh", "--role", "officer", stdout=io.StringIO(), stderr=errors)
    assert "do not match" in errors.getvalue() and "entirely numeric" in errors.getvalue()
    user = django_user_model.objects.get(username="minh")
    assert user.check_password("nắng-sớm-Hồ-Tây-2025")
    assert list(user.groups.values_list("name", flat=True)) == [OFFICERS.name]
