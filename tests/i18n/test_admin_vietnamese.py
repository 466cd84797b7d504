"""The Vietnamese admin is Vietnamese throughout: the main pages (lists, change forms, history,
import, the sign-in lockouts) carry no English words of Django's or the packages' UI, the
history has no empty "Changed" row and its button reads "Lịch sử" (issue #14)."""

import re

import pytest
from django.urls import reverse

from catalogue.models import Product
from tests.factories import CraftVillageFactory, EventFactory, ShowroomFactory, certified_product

from .vietnamese_text import readable_text

pytestmark = pytest.mark.django_db

# English words of Django's admin and of django-simple-history, django-axes and
# django-modeltranslation as they would show untranslated.
ENGLISH_UI = (
    "History", "Changed by", "Date/time", "Comment", "Change reason", "Changes", "Created", "Changed",
    "Object", "None", "entries", "entry", "Show counts", "Hide counts", "Please correct", "Save",
    "Delete", "Filter", "Search", "Home", "Axes", "Access attempts", "Access failures", "Access logs",
    "Skip to main content", "Toggle theme", "English", "Vietnamese", "View site", "Log out",
    "Recent actions", "Choose", "Remove", "Add", "Change", "All", "Yes", "No", "Unknown", "Today",
    "Show all", "results", "total", "Go", "Action", "selected", "Close", "Revert", "View", "Import",
    "Upload", "Preview", "Breadcrumbs", "Sidebar", "name", "description", "alt text",
)
_ENGLISH = [(word, re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")) for word in ENGLISH_UI]


def english_words(html: str) -> list[str]:
    text = readable_text(html)
    return [f"{word}: …{text[max(0, m.start() - 40):m.end() + 40]}…".replace("\n", " ")
            for word, pattern in _ENGLISH for m in pattern.finditer(text)]


def test_main_admin_pages_in_vietnamese_have_no_english_ui(staff_client):
    product = certified_product(name_vi="Chè sen Tây Hồ", name_en="Tây Hồ lotus tea")
    village, showroom, event = CraftVillageFactory(), ShowroomFactory(), EventFactory()
    pages = [
        reverse("admin:index"),
        reverse("admin:catalogue_product_changelist"),
        reverse("admin:catalogue_product_change", args=[product.pk]),
        reverse("admin:catalogue_product_history", args=[product.pk]),
        reverse("admin:catalogue_product_add"),
        reverse("admin:catalogue_product_import"),
        reverse("admin:catalogue_certification_changelist"),
        reverse("admin:catalogue_certification_change", args=[product.current_certification_id]),
        reverse("admin:catalogue_craftvillage_changelist"),
        reverse("admin:catalogue_craftvillage_change", args=[village.pk]),
        reverse("admin:showrooms_showroom_change", args=[showroom.pk]),
        reverse("admin:events_event_change", args=[event.pk]),
        reverse("admin:axes_accessattempt_changelist"),
    ]
    problems = {}
    for url in pages:
        assert url.startswith("/admin/")  # Vietnamese: no /en/ prefix
        response = staff_client.get(url)
        assert response.status_code == 200, url
        found = english_words(response.content.decode())
        if found:
            problems[url] = found[:6]
    assert not problems, problems


def test_english_missing_filter_lists_what_the_office_must_translate(staff_client):
    done = certified_product(name_vi="Chè sen", name_en="Lotus tea")
    todo = certified_product(name_vi="Bánh cốm", name_en="")
    url = reverse("admin:catalogue_product_changelist") + "?english=missing"
    listed = set(staff_client.get(url).context["cl"].result_list)
    assert todo in listed and done not in listed
    translated = CraftVillageFactory(main_craft_en="Ceramics")  # its name is a proper name
    untranslated = CraftVillageFactory()
    response = staff_client.get(reverse("admin:catalogue_craftvillage_changelist") + "?english=missing")
    assert set(response.context["cl"].result_list) == {untranslated}
    assert translated.name_en is None or translated.name_en == ""
    assert "Thiếu tiếng Anh" in response.text


def test_history_of_a_new_product_shows_no_empty_changed_row_and_its_button_reads_lich_su(staff_client):
    product = certified_product()  # saved, then its rating copied from the certification
    history = staff_client.get(reverse("admin:catalogue_product_history", args=[product.pk])).text
    assert "Tạo mới" in history and ">Sửa<" not in history
    change_form = staff_client.get(reverse("admin:catalogue_product_change", args=[product.pk])).text
    assert "Lịch sử" in change_form


def test_two_box_selector_help_is_vietnamese(staff_client):
    catalog = staff_client.get(reverse("admin:jsi18n")).content.decode()
    assert "Ch\\u1ecdn t\\u1ea5t c\\u1ea3" in catalog or "Chọn tất cả" in catalog  # "Choose all %s"


def test_both_languages_edited_on_one_screen(staff_client):
    product = certified_product()
    form = staff_client.get(reverse("admin:catalogue_product_change", args=[product.pk])).context["adminform"].form
    assert {"name_vi", "name_en", "description_vi", "description_en"} <= set(form.fields)
    assert Product._meta.get_field("name_en").verbose_name  # labelled per language
