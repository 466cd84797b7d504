"""Property-based tests (hypothesis) of every public page's GET parameters and path slugs.

Whatever a visitor, a crawler or an attacker puts in the URL -- any text (Vietnamese, control
characters, NUL, very long values, markup, quotes, ``%``), repeated parameters, numbers out of
range, malformed coordinates, dates in the wrong order -- the page answers with a normal status
(never a server error), never shows a traceback, and never echoes markup unescaped.

Each test draws ``FUZZ_EXAMPLES`` URLs (default 40; e.g. ``FUZZ_EXAMPLES=1000`` for a long run)
in Vietnamese and English. A failure prints the smallest URL that fails; every bug found here also
gets an ordinary regression test next to it (end of this file).
"""

import csv
import datetime
import io
import os
from urllib.parse import quote

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from catalogue.importing.format import FORMULA_STARTS, unquote_formula
from catalogue.models import CraftVillage, Producer, Product
from events.models import Event
from showrooms.models import Showroom
from tests.factories import (
    BoothFactory,
    CertificationFactory,
    CraftVillageFactory,
    EventFactory,
    ProducerFactory,
    ShowroomFactory,
    area,
    certified_product,
    every_day,
    leaf_category,
)

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")),
    deadline=None,  # a shared CI machine is slow at times; speed is measured elsewhere
    # The fixtures (database rows, client) are made once per test and only read by its examples.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large],
    database=None,  # no .hypothesis/ folder in the checkout; a failure prints its example
)

MARKER = "<x-probe>"
ALLOWED_STATUSES = {200, 301, 302, 400, 404}

# --- What goes into a URL ----------------------------------------------------------------------

# Any character a URL can carry once percent-encoded: everything but lone surrogates, which have
# no UTF-8 form (a browser cannot send them).
any_character = st.characters(exclude_categories=("Cs",))
nasty = st.sampled_from([
    MARKER, f'"><{MARKER[1:]}', f"'{MARKER}'", "<script>alert(1)</script>", "\x00", "a\x00b", "%", "%00",
    "%%", "%(x)s", "{}", "{{ x }}", "\\", "'", '"', "bát tràng", "BÁT TRÀNG", "Nón lá Chuông", "\u202e",
    "\ufeff", "\r\n", "\t", " ", "", "../../etc/passwd", "0", "-1", "1.5", "1e309", "-0", "nan", "inf",
    "-inf", "9" * 40, "2147483648", "99999999999999999999", "0x10", "١٢", "½", "null", "true", "[]",
    "a" * 2000, "ạ" * 600, MARKER * 50,
])
# Many short words: each search word is a condition in SQL.
many_words = st.lists(st.sampled_from(["a", "b", "ạ", "ﷺ", "x1", "%", "_"]), min_size=50, max_size=1500).map(" ".join)
free_text = st.one_of(
    nasty,
    many_words,
    st.text(any_character, max_size=40),
    st.text(any_character, max_size=20).map(lambda text: text + MARKER),
    st.text(st.sampled_from("ạảãáàăằắẳẵặâầấẩẫậđêềếểễệôồốổỗộơờớởỡợưừứửữự <>&\"'%"), max_size=30),
)
integer_text = st.integers(min_value=-(10**20), max_value=10**20).map(str)


def coordinate_text():
    number = st.one_of(
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.floats(min_value=-200, max_value=200).map(lambda x: f"{x:.5f}"),
        st.sampled_from(["nan", "inf", "-inf", "1e309", "", " ", "abc", "21,0285", "٢١"]),
    )
    return st.one_of(
        st.tuples(number, number).map(",".join),
        st.tuples(number, number, number).map(",".join),
        st.sampled_from(["abc", "91,200", "nan,inf", "21.0285,105.8542", "21.0285;105.8542", ",", "1,2,3",
                         "21.0285, 105.8542", "-90,-180", "90,180", "90.0000001,0"]),
        free_text,
    )


def date_text():
    return st.one_of(
        st.dates().map(datetime.date.isoformat),
        st.dates(min_value=timezone.localdate() - datetime.timedelta(days=800),
                 max_value=timezone.localdate() + datetime.timedelta(days=800)).map(datetime.date.isoformat),
        st.sampled_from(["2025-02-30", "2025-13-01", "0000-01-01", "9999-12-31", "10000-01-01", "31/12/2025",
                         "2025-1-1", "20250101", "-2025-01-01"]),
        free_text,
    )


def param(*valid, text=free_text):
    """Values for one parameter: the valid ones (so the filters are reached), then anything."""
    return st.one_of(st.sampled_from(valid), text) if valid else text


def query(**params):
    """A query string: a few of ``params`` (each maybe repeated) and maybe an unknown one."""
    keys = [*params, "unknown", "page"]
    values = {**params, "unknown": free_text, "page": params.get("page", param("1", "2", text=st.one_of(
        integer_text, free_text)))}
    return st.lists(
        st.sampled_from(keys).flatmap(lambda key: st.lists(values[key], min_size=1, max_size=3).map(
            lambda drawn: (key, drawn))),
        max_size=6,
    ).map(lambda pairs: {key: drawn for key, drawn in pairs})


language = st.sampled_from(["", "/en"])


def slug_text():
    """A path segment: slugs of our own, their neighbours, and anything else, percent-encoded."""
    return st.one_of(
        st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789-_"), min_size=1, max_size=80),
        st.text(any_character, min_size=1, max_size=60),
        nasty.filter(bool),
    ).map(lambda text: quote(text, safe=""))


# --- The site, small but with every kind of page ----------------------------------------------

@pytest.fixture
def site(db, settings):
    """Products, a village, producers, a showroom with hours, an event with a booth."""
    settings.PAGE_CACHE_SECONDS = 0  # every request runs the view, not a cached copy
    village = CraftVillageFactory(name="Bát Tràng", area=area("xa-bat-trang"))
    producer = ProducerFactory(name="HTX Gốm sứ Bát Tràng", kind=Producer.Kind.COOPERATIVE,
                               area=area("xa-bat-trang"))
    vase = certified_product(5, name_vi="Bình gốm men lam", name_en="Blue-glazed vase",
                             category=leaf_category("4.1"), village=village, producer=producer)
    certified_product(4, name_vi="Tương Cự Đà", category=leaf_category("1.4.a"))
    revoked = certified_product(3, name_vi="Rượu nếp", category=leaf_category("2.1.a"))
    revoked.certifications.update(status="revoked", revoked_on=timezone.localdate(),
                                  revocation_reason="Thu hồi", revocation_decision_no="9/QĐ")
    CertificationFactory(product=certified_product(3, name_vi="Mứt sen"),
                         issued_on=timezone.localdate() - datetime.timedelta(days=1200))
    showroom = every_day(ShowroomFactory(name="Điểm bán OCOP Hoàn Kiếm"))
    showroom.producers.add(producer)
    event = EventFactory(name_vi="Hội chợ OCOP Hà Nội")
    BoothFactory(event=event, producer=producer).featured_products.add(vase)
    EventFactory(name_vi="Hội chợ năm ngoái", start_date=timezone.localdate() - datetime.timedelta(days=300),
                 end_date=timezone.localdate() - datetime.timedelta(days=298))
    return {
        "product": vase.slug, "village": village.slug, "producer": producer.slug, "showroom": showroom.slug,
        "event": event.slug, "code": vase.code, "certificate": vase.certifications.get().certificate_no,
    }


def check(client, path, params=None):
    """The properties every public response has, whatever the input."""
    response = client.get(path, params or {})
    shown = f"GET {path} {params!r}"
    assert response.status_code in ALLOWED_STATUSES, f"{shown} -> {response.status_code}"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    response.body = body  # a streamed body can be read once
    assert b"Traceback" not in body, shown
    if response.get("Content-Type", "").startswith("text/html"):
        assert MARKER.encode() not in body, f"{shown}: {MARKER} unescaped in the page"
    return response


# --- Lists --------------------------------------------------------------------------------------

PRODUCT_FILTERS = dict(
    q=param("bát tràng", "gom", "HN-TEST"),
    stars=param("3", "4", "5", text=st.one_of(integer_text, free_text)),
    category=param("food", "beverages", "handicrafts", "4-1"),
    village=param("bat-trang"),
    area=param("xa-bat-trang", "huyen-gia-lam", "phuong-hoan-kiem"),
    producer_kind=param("enterprise", "cooperative", "household"),
    potential=param("1", "0", "on"),
    sort=param("name", "-stars", "-certified", "stars"),
)


@FUZZ
@given(lang=language, params=query(**PRODUCT_FILTERS))
def test_product_list(client, site, lang, params):
    check(client, f"{lang}/products/", params)


@FUZZ
@given(lang=language, kind=st.sampled_from(["csv", "xlsx"]), params=query(**PRODUCT_FILTERS))
def test_product_export(client, site, lang, kind, params):
    check(client, f"{lang}/products/export.{kind}", params)


@FUZZ
@given(lang=language, params=query(area=param("xa-bat-trang", "huyen-gia-lam", "phuong-hoan-kiem")))
def test_village_list(client, site, lang, params):
    check(client, f"{lang}/villages/", params)


@FUZZ
@given(lang=language, params=query(
    q=param("Hoàn Kiếm", "OCOP"),
    kind=param("showroom", "sales_point", "design_centre", "promotion_centre"),
    category=param("food", "beverages", "handicrafts"),
    area=param("phuong-hoan-kiem", "xa-bat-trang", "huyen-gia-lam", "quan-hoan-kiem"),
    near=coordinate_text(),
    radius=param("1", "5", "50", "100", text=st.one_of(integer_text, free_text)),
    open_now=param("1", "on", "true", "false", "0"),
    product=param("binh-gom-men-lam"),
))
def test_showroom_list(client, site, lang, params):
    check(client, f"{lang}/showrooms/", params)


@FUZZ
@given(lang=language, params=query(
    q=param("OCOP", "hội chợ"),
    kind=param("fair", "ocop_week", "exhibition", "showcase", "seminar"),
    area=param("phuong-tay-ho", "xa-bat-trang"),
    **{"from": date_text(), "to": date_text()},
))
def test_event_list(client, site, lang, params):
    check(client, f"{lang}/events/", params)


@FUZZ
@given(lang=language, year=st.one_of(st.integers(0, 3000), st.integers(0, 10**25)),
       month=st.one_of(st.integers(0, 13), st.integers(0, 10**25)), params=query())
def test_event_calendar_and_archive(client, site, lang, year, month, params):
    check(client, f"{lang}/events/calendar/", params)
    check(client, f"{lang}/events/calendar/{year}/{month}/", params)
    check(client, f"{lang}/events/past/{year}/", params)


@FUZZ
@given(lang=language, code=param("HN-TEST", "1/QĐ-UBND", "hn test 00000"), params=query())
def test_verify_form(client, site, lang, code, params):
    check(client, f"{lang}/verify/", {**params, "code": code})


@FUZZ
@given(lang=language, path=st.sampled_from([
    "/", "/statistics/", "/open-data/", "/events/feed.ics", "/events/feed.atom", "/events/feed.rss",
]), params=query(q=free_text, near=coordinate_text()))
def test_pages_without_filters_ignore_any_parameters(client, site, lang, path, params):
    check(client, f"{lang}{path}", params)


@FUZZ
@given(path=st.sampled_from(["/sitemap.xml", "/robots.txt", "/sitemap-products.xml", "/sitemap-events.xml",
                             "/sitemap-showrooms.xml", "/sitemap-pages.xml"]),
       section=slug_text(), params=query(p=st.one_of(integer_text, free_text)))
def test_sitemaps(client, site, path, section, params):
    check(client, path, params)
    check(client, f"/sitemap-{section}.xml", params)


# --- Pages addressed by a slug or code ---------------------------------------------------------

DETAIL_PATHS = {
    "product": "/products/{}/",
    "village": "/villages/{}/",
    "producer": "/producers/{}/",
    "showroom": "/showrooms/{}/",
    "event": "/events/{}/",
}


@FUZZ
@given(lang=language, page=st.sampled_from(sorted(DETAIL_PATHS)), slug=slug_text(),
       params=query(near=coordinate_text()))
def test_detail_pages_with_any_slug(client, site, lang, page, slug, params):
    check(client, lang + DETAIL_PATHS[page].format(slug), params)


@FUZZ
@given(lang=language, page=st.sampled_from(sorted(DETAIL_PATHS)), params=query(near=coordinate_text()))
def test_detail_pages_with_any_parameters(client, site, lang, page, params):
    assert check(client, lang + DETAIL_PATHS[page].format(site[page]), params).status_code in {200, 400}


@FUZZ
@given(lang=language, slug=st.one_of(st.just("product"), slug_text()),
       suffix=st.sampled_from(["qr.svg", "qr.png"]), event_slug=st.one_of(st.just("event"), slug_text()))
def test_files_addressed_by_slug(client, site, lang, slug, suffix, event_slug):
    check(client, f"{lang}/products/{site.get(slug, slug)}/{suffix}")
    check(client, f"{lang}/events/{site.get(event_slug, event_slug)}.ics")


@FUZZ
@given(lang=language, code=st.one_of(
    st.sampled_from(["code", "certificate"]),
    st.text(any_character, min_size=1, max_size=120),
    nasty.filter(bool),
    st.lists(st.text(any_character, min_size=1, max_size=10), min_size=2, max_size=5).map("/".join),
))
def test_verify_result_for_any_code(client, site, lang, code):
    code = quote(site.get(code, code), safe="/")
    check(client, f"{lang}/verify/{code}/")
    json_answer = check(client, f"{lang}/verify/{code}.json")
    if json_answer.status_code in (200, 404) and json_answer["Content-Type"].startswith("application/json"):
        assert json_answer.json()["status"] in {"valid", "expired", "revoked", "not_found"}


# --- Request headers, with the page cache on -----------------------------------------------------

header_text = st.one_of(
    nasty, st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=80),
    st.sampled_from(["en", "vi", "en-US,en;q=0.9", "vi;q=abc", "*", "zz", "1.2.3.4", "::1", "1.2.3.4, 5.6.7.8",
                     "unknown, ,", '"abc"', 'W/"x", *', "Mon, 32 Dec 2024 25:61:61 GMT"]),
).map(lambda text: text.encode("utf-8").decode("latin-1"))  # as a WSGI server hands over UTF-8 bytes


@FUZZ
@given(path=st.sampled_from(["/", "/en/", "/products/", "/en/products/", "/showrooms/", "/events/",
                             "/verify/", "/statistics/"]),
       params=query(q=free_text, near=coordinate_text()),
       headers=st.dictionaries(st.sampled_from(["HTTP_ACCEPT_LANGUAGE", "HTTP_X_FORWARDED_FOR",
                                                "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_REFERER",
                                                "HTTP_USER_AGENT"]), header_text, max_size=4),
       language_cookie=st.one_of(st.none(), header_text))
def test_any_request_headers_with_the_page_cache_on(client, site, settings, path, params, headers, language_cookie):
    """Headers the visitor controls never fail a page, nor change the language a URL is in --
    even with the anonymous page cache on, where a wrong language would be served to everyone."""
    settings.PAGE_CACHE_SECONDS = 300
    settings.TRUSTED_PROXY_COUNT = 1
    client.cookies.clear()
    if language_cookie is not None:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language_cookie
    for _attempt in range(2):  # the second may come from the cache
        response = client.get(path, params, **headers)
        assert response.status_code in ALLOWED_STATUSES | {304}, (path, params, headers)
        assert b"Traceback" not in response.content
        if response.status_code in (200, 400):
            language = "en" if path.startswith("/en/") else "vi"
            assert f'<html lang="{language}">' in response.text, (path, headers, language_cookie)
            assert MARKER not in response.text


# --- Regression tests for what the properties above found -------------------------------------

def test_event_search_with_thousands_of_words_is_not_a_server_error(client, site):
    """/events/?q=a+a+a… made one SQL condition per word, nested past SQLite's depth limit."""
    too_long = client.get("/en/events/", {"q": "a " * 3000})
    assert too_long.status_code == 400
    assert "Ensure this value has at most 200 characters" in too_long.text
    # Within the limit, as many words as fit: the first distinct words still search.
    assert client.get("/en/events/", {"q": " ".join(f"w{n}" for n in range(40))}).status_code == 200
    found = client.get("/en/events/", {"q": "hội chợ " + "ocop " * 38})
    assert found.status_code == 200 and "Hội chợ OCOP Hà Nội" in found.text


def xlsx_rows(body: bytes):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(body)).active
    return [[cell for cell in row] for row in sheet.iter_rows()]


def test_xlsx_export_survives_control_characters_and_writes_no_formulas(client, site):
    """A product text with a control character (pasted from another program) made the whole
    .xlsx download a server error; text starting with "=" became a live formula."""
    Product.objects.filter(slug=site["product"]).update(
        name_vi="Bình gốm\x0bmen lam\x1f", description_vi='=HYPERLINK("http://example.com","Bấm")')
    response = client.get("/products/export.xlsx", {"village": site["village"]})
    assert response.status_code == 200
    header, row = xlsx_rows(b"".join(response.streaming_content))
    cells = {name.value: cell for name, cell in zip(header, row)}
    assert cells["name_vi"].value == "Bình gốmmen lam"
    assert cells["description_vi"].value == '=HYPERLINK("http://example.com","Bấm")'
    assert cells["description_vi"].data_type == "s"


@FUZZ
@given(text=st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=60))
def test_exports_carry_any_product_text(client, site, text):
    """Whatever staff type or import into a product (NUL aside: neither the admin nor PostgreSQL
    accepts it), the open-data files download and hold that text (the .xlsx without the control
    characters its format forbids)."""
    Product.objects.filter(slug=site["product"]).update(description_vi=text)
    params = {"village": site["village"]}

    body = check(client, "/products/export.csv", params).body.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body, newline="")))
    [cell] = [row["description_vi"] for row in rows]
    # Never a live formula; text that would be one has an apostrophe in front, which the import
    # takes off again.
    assert cell[:1] not in FORMULA_STARTS
    assert unquote_formula(cell) == text

    header, row = xlsx_rows(check(client, "/products/export.xlsx", params).body)
    cell = row[[c.value for c in header].index("description_vi")]
    # XML reads every line break as "\n" (Excel too), so "\r" comes back as "\n".
    expected = ILLEGAL_CHARACTERS_RE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    assert (cell.value or "") == expected


staff_text = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=60)


@FUZZ
@given(name=staff_text.filter(str.strip), text=staff_text)
def test_event_pages_and_feeds_carry_any_event_text(client, site, name, text):
    """Whatever staff type into an event (NUL aside), its pages, calendar files and feeds load."""
    Event.objects.filter(slug=site["event"]).update(
        name_vi=name, name_en=name, venue_name=text, venue_address=text, organisers=text,
        description_vi=text, description_en=text)
    for lang in ("", "/en"):
        for path in ("/events/", f"/events/{site['event']}/", f"/events/{site['event']}.ics", "/events/feed.ics",
                     "/events/feed.atom", "/events/feed.rss", "/events/calendar/", f"/producers/{site['producer']}/"):
            assert check(client, lang + path).status_code == 200, path


def test_feeds_leave_out_control_characters_instead_of_failing(client, site):
    """A vertical tab (a word processor's line break, pasted into the admin) in one event's
    name made the Atom and RSS feeds server errors for everyone."""
    Event.objects.filter(slug=site["event"]).update(name_vi="Hội chợ\x0bOCOP\x1b", description_vi="Gian\x0chàng")
    for path in ("/events/feed.atom", "/events/feed.rss"):
        response = client.get(path)
        assert response.status_code == 200
        assert "Hội chợOCOP" in response.text and "Gianhàng" in response.text


def test_an_event_name_with_a_line_break_still_gives_its_calendar_file(client, site):
    Event.objects.filter(slug=site["event"]).update(name_vi="Hội chợ\nOCOP")
    response = client.get(f"/events/{site['event']}.ics")
    assert response.status_code == 200
    assert "X-WR-CALNAME:Hội chợ OCOP" in response.content.decode()
    assert "SUMMARY:Hội chợ\\nOCOP" in response.content.decode()


@FUZZ
@given(name=staff_text.filter(str.strip), text=staff_text)
def test_catalogue_and_showroom_pages_carry_any_staff_text(client, site, name, text):
    """Whatever staff type into a product, producer, village or showroom (NUL aside), every page
    showing it loads, and its markup is escaped (JSON-LD and link previews included)."""
    name, text = name + MARKER, text + MARKER
    Product.objects.filter(slug=site["product"]).update(
        name_vi=name, name_en=name, description_vi=text, description_en=text, story_vi=text, story_en=text)
    Producer.objects.filter(slug=site["producer"]).update(name=name, address=text, phone=text[:40],
                                                          description=text)
    CraftVillage.objects.filter(slug=site["village"]).update(name=name, main_craft=text[:200], description=text)
    Showroom.objects.filter(slug=site["showroom"]).update(name=name, address=text, phone=text[:40],
                                                          description=text)
    paths = ["/", "/products/", f"/products/{site['product']}/", f"/products/{site['product']}/qr.svg",
             f"/producers/{site['producer']}/", "/villages/", f"/villages/{site['village']}/", "/showrooms/",
             f"/showrooms/{site['showroom']}/", f"/events/{site['event']}/", f"/verify/{site['code']}/",
             f"/verify/{site['code']}.json", "/statistics/"]
    for lang in ("", "/en"):
        for path in paths:
            assert check(client, lang + path).status_code == 200, path
