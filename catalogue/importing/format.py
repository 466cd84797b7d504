"""The catalogue's spreadsheet format (docs/import-format.md): its columns, how each cell is read,
and how a product is written back as a row. Import and export share this module, so an exported
file imports unchanged."""

import datetime
import functools
import re

from django.utils.translation import gettext as _

from catalogue.text import normalize_search
from ocop_site import formats

# The header of each version of the format, built by appending to the previous one: a file may
# carry any version's header (older files stay importable) and the columns it lacks read as empty.
# Exports write the newest. Adding a version is one more line here.
_APPENDED_COLUMNS = (
    ("code", "name_vi", "name_en", "category", "stars", "potential_five_star", "certificate_no",
     "issued_on", "valid_until", "certificate_status", "producer", "producer_kind", "village",
     "area", "former_district", "address", "description_vi", "description_en"),  # 18: the first
    ("revoked_on", "revocation_decision", "revocation_reason"),  # 21: revocations carried
    ("score", "issuing_level", "authority"),  # 24: score, who recognised it and the signing body
)
HEADER_VERSIONS = tuple(
    sum(_APPENDED_COLUMNS[: n + 1], ()) for n in range(len(_APPENDED_COLUMNS))
)
COLUMNS = HEADER_VERSIONS[-1]

# Cells repeat (kinds, places, producer names): compare each distinct value's key once.
normalized = functools.lru_cache(maxsize=50_000)(normalize_search)

# Longest values the database accepts (the model fields' max_length).
MAX_LENGTHS = {
    "code": 40,
    "name_vi": 200,
    "name_en": 200,
    "certificate_no": 60,
    "producer": 200,
    "village": 200,
    "address": 300,
    "revocation_decision": 60,
    "authority": 200,
}

# Columns whose text may span lines (tabs and line breaks allowed); every other cell is one line.
# Invisible control characters are refused everywhere (ocop_site/plain_text.py), as in the admin.
MULTI_LINE = frozenset({"description_vi", "description_en", "revocation_reason"})

# A cell starting with one of these is a formula to Excel and LibreOffice ("CSV injection":
# =HYPERLINK(…) typed into a product name would run in every downloaded copy). OWASP's advice:
# put an apostrophe in front, which spreadsheet programs read as "this is text".
FORMULA_STARTS = frozenset("=+-@\t\r")
_MAY_NEED_QUOTE = FORMULA_STARTS | {"'"}


def quote_formula(text: str) -> str:
    """'=HYPERLINK(…)' -> "'=HYPERLINK(…)" for a CSV cell; other text unchanged.

    Text that already starts with apostrophes before such a character gets one more, so that
    ``unquote_formula`` gives back exactly what was exported ("'=1" -> "''=1" -> "'=1")."""
    if text and text[0] in _MAY_NEED_QUOTE and text.lstrip("'")[:1] in FORMULA_STARTS:
        return "'" + text
    return text


def unquote_formula(text: str) -> str:
    """The cell as it was before ``quote_formula``: one leading apostrophe removed, only when the
    text after the apostrophes starts a formula ("'=1+1" -> "=1+1"; "'Tương" stays)."""
    if text[:1] == "'" and text.lstrip("'")[:1] in FORMULA_STARTS:
        return text[1:]
    return text


# Compared after normalize_search(): case and accents do not matter ("Có" == "co").
_TRUE = {"yes", "true", "1", "co"}
_FALSE = {"no", "false", "0", "khong"}

# Vietnamese names for the producer kinds, as registers write them.
PRODUCER_KINDS = {
    "enterprise": "enterprise",
    "doanh nghiep": "enterprise",
    "cong ty": "enterprise",
    "cooperative": "cooperative",
    "hop tac xa": "cooperative",
    "htx": "cooperative",
    "household": "household",
    "household business": "household",
    "ho kinh doanh": "household",
    "ho san xuat": "household",
    "ho gia dinh": "household",
}

# Compared after normalize_search(): "Tỉnh" == "tinh".
ISSUING_LEVELS = {
    "commune": "commune", "xa": "commune", "phuong": "commune", "cap xa": "commune",
    "district": "district", "huyen": "district", "quan": "district", "cap huyen": "district",
    "province": "province", "tinh": "province", "thanh pho": "province", "cap tinh": "province",
    "central": "central", "trung uong": "central", "national": "central", "quoc gia": "central",
}

STATUSES = {"active": "active", "revoked": "revoked", "hieu luc": "active", "thu hoi": "revoked"}

# Three numbers with separators: a date in a form we read, even when it is no real day.
_DATE_SHAPE = re.compile(r"^\s*\d{1,4}[/-]\d{1,2}[/-]\d{1,4}\s*$")


class CellError(ValueError):
    """A cell's value cannot be used; the message says why, for the person fixing the file."""


def parse_bool(value: str) -> bool:
    key = normalized(value)
    if key == "" or key in _FALSE:
        return False
    if key in _TRUE:
        return True
    raise CellError(_("“%(value)s” is not yes or no (also accepted: true/false, 1/0, có/không).")
                    % {"value": value})


def parse_date(value: str) -> datetime.date:
    """A date cell, read with the admin's input formats (ocop_site/formats/): DD/MM/YYYY, D/M/YYYY,
    DD-MM-YYYY or YYYY-MM-DD; never month first."""
    parsed = formats.parse_date(value)
    if parsed is not None:
        return parsed
    if _DATE_SHAPE.match(value):  # 31/02/2024, or month first: 11/15/2026
        raise CellError(_("“%(value)s” is not a real date.") % {"value": value})
    raise CellError(_("“%(value)s” is not a date; write YYYY-MM-DD or DD/MM/YYYY.") % {"value": value})


def parse_stars(value: str) -> int:
    if value in {"3", "4", "5"}:
        return int(value)
    raise CellError(_("“%(value)s” is not 3, 4 or 5.") % {"value": value})


def parse_producer_kind(value: str) -> str:
    kind = PRODUCER_KINDS.get(normalized(value))
    if kind is None:
        raise CellError(
            _("“%(value)s” is not a producer kind; write enterprise, cooperative or household "
              "(or doanh nghiệp, hợp tác xã, hộ kinh doanh).") % {"value": value}
        )
    return kind


def parse_score(value: str) -> int:
    if value.isdigit() and int(value) <= 100:
        return int(value)
    raise CellError(_("“%(value)s” is not a score: write whole points from 0 to 100.") % {"value": value})


def parse_issuing_level(value: str) -> str:
    level = ISSUING_LEVELS.get(normalized(value))
    if level is None:
        raise CellError(_("“%(value)s” is not an issuing level; write commune, district, province or "
                          "central (or xã, huyện, tỉnh, trung ương).") % {"value": value})
    return level


def parse_status(value: str) -> str:
    if not value:
        return "active"
    status = STATUSES.get(normalized(value))
    if status is None:
        raise CellError(_("“%(value)s” is not active or revoked.") % {"value": value})
    return status


def strip_unit_prefix(text: str, prefixes) -> str:
    """'phuong tay ho' -> 'tay ho' for normalised names that start with a unit prefix."""
    for prefix in prefixes:
        if text.startswith(prefix + " "):
            return text[len(prefix) + 1:]
    return text


AREA_PREFIXES = ("phuong", "xa")
DISTRICT_PREFIXES = ("quan", "huyen", "thi xa", "tx")


def product_row(product, *, former_districts=None) -> dict:
    """A product as one row of the import format: its current certification (or, for a product
    without one, the newest), producer, village and the producer's ward/commune.

    Expects ``product`` with category, producer and its area, village and current
    certification loaded (``catalogue.exporting.export_queryset``); ``former_districts`` maps
    area ids to their former districts, else each area's are read from the database.
    """
    cert = product.current_certification or _newest_certification(product)
    revoked = cert is not None and cert.status == "revoked"
    producer = product.producer
    area = producer.area
    if not area:
        districts = []
    elif former_districts is not None:
        districts = former_districts.get(area.pk, [])
    else:
        districts = list(area.former_districts.all())
    return {
        "code": product.code,
        "name_vi": product.name_vi,
        "name_en": product.name_en,
        "category": product.category.code,
        "stars": str(cert.stars) if cert else "",
        "potential_five_star": ("yes" if cert.potential_five_star else "no") if cert else "",
        "certificate_no": cert.certificate_no if cert else "",
        "issued_on": cert.issued_on.isoformat() if cert else "",
        "valid_until": cert.valid_until.isoformat() if cert else "",
        "certificate_status": cert.status if cert else "",
        "producer": producer.name,
        "producer_kind": producer.kind,
        "village": product.village.name_vi if product.village_id else "",
        "area": area.official_name if area else "",
        # Only when unambiguous: a ward formed from several districts has no single old district.
        "former_district": districts[0].name if len(districts) == 1 else "",
        "address": producer.address,
        "description_vi": product.description_vi,
        "description_en": product.description_en,
        # Empty for a revocation whose date is not recorded (imported without one).
        "revoked_on": cert.revoked_on.isoformat() if revoked and cert.revoked_on else "",
        "revocation_decision": cert.revocation_decision_no if revoked else "",
        "revocation_reason": cert.revocation_reason_vi if revoked else "",
        "score": str(cert.score) if cert and cert.score is not None else "",
        "issuing_level": cert.issuing_level if cert else "",
        "authority": cert.authority_vi if cert else "",
    }


def _newest_certification(product):
    certs = sorted(product.certifications.all(), key=lambda c: (c.issued_on, c.pk), reverse=True)
    return certs[0] if certs else None


EXAMPLE_ROW = {
    "code": "HN-OCOP-0001",
    "name_vi": "Tương Cự Đà",
    "name_en": "Cu Da soy sauce",
    "category": "1.4.a",
    "stars": "4",
    "potential_five_star": "no",
    "certificate_no": "1201/QĐ-UBND",
    "issued_on": "15/06/2024",
    "valid_until": "",
    "certificate_status": "active",
    "producer": "Cơ sở sản xuất tương Cự Đà",
    "producer_kind": "household",
    "village": "Làng Cự Đà",
    "area": "Xã Thanh Oai",
    "former_district": "Thanh Oai",
    "address": "Thôn Cự Đà, Thanh Oai, Hà Nội",
    "description_vi": "Tương truyền thống làm thủ công.",
    "description_en": "Traditional hand-made soy sauce.",
    "revoked_on": "",
    "revocation_decision": "",
    "revocation_reason": "",
    "score": "78",
    "issuing_level": "province",
    "authority": "UBND Thành phố Hà Nội",
}
