"""Importing the catalogue from a spreadsheet: validate every row, then write all or nothing.

``import_catalogue(rows, dry_run=...)`` is the one entry point, used by the admin upload and by
``manage.py import_catalogue``. It reads everything it needs in a handful of queries, compares the
file with the database in memory and writes only what differs, with bulk queries, so a
20,000-row register imports in seconds and re-importing the same file writes nothing at all.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.db.models.lookups import Exact, GreaterThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from catalogue.authorities import english_authority
from catalogue.models import Area, Category, Certification, CraftVillage, FormerDistrict, Producer, Product
from catalogue.models.certifications import default_valid_until, rating_problems
from catalogue.signals import refresh_copied_columns
from catalogue.search import SearchTextSources, learn_words
from catalogue.text import normalize_code, normalize_tone_marks, normalize_search, slugify_vi, vietnamese_sort_key
from ocop_site import page_cache

from .format import (
    AREA_PREFIXES,
    DISTRICT_PREFIXES,
    MAX_LENGTHS,
    MULTI_LINE,
    normalized,
    CellError,
    parse_bool,
    parse_date,
    parse_producer_kind,
    parse_stars,
    parse_issuing_level,
    parse_score,
    parse_status,
    strip_unit_prefix,
)
from .cells import CellReader
from .matching import ProducerIndex, VillageIndex
from .readers import Problem, read_table

BATCH = 1000  # rows per INSERT statement
UPDATE_BATCH = 200  # rows per bulk_update() statement: its CASE grows with the batch
LOOKUP_CHUNK = 2000  # values per IN (...) lookup (SQLite caps bound parameters)

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"


@dataclass
class RowResult:
    """What the import does (or would do) with one line of the file."""

    line: int
    code: str
    name: str
    action: str  # create / update / unchanged
    changes: list = field(default_factory=list)  # columns whose value differs from the catalogue
    notes: list = field(default_factory=list)  # new producer, new village, new certification…


@dataclass
class ImportReport:
    dry_run: bool
    problems: list = field(default_factory=list)  # [Problem]: any one means nothing is written
    rows: list = field(default_factory=list)  # [RowResult]
    new_producers: list = field(default_factory=list)
    updated_producers: list = field(default_factory=list)
    new_villages: list = field(default_factory=list)
    certifications_created: int = 0
    certifications_updated: int = 0
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self) -> int:
        return self.count(CREATE)

    @property
    def updated(self) -> int:
        return self.count(UPDATE)

    @property
    def unchanged(self) -> int:
        return self.count(UNCHANGED)


def import_file(data: bytes, filename: str, *, dry_run: bool, user=None, source: str = "") -> ImportReport:
    """Read ``data`` (the bytes of a .csv or .xlsx file) and import it (see ``import_catalogue``)."""
    table = read_table(data, filename)
    if table.problems:
        return ImportReport(dry_run=dry_run, problems=table.problems)
    return import_catalogue(table.rows, dry_run=dry_run, user=user, source=source or filename)


def import_catalogue(rows, *, dry_run: bool, user=None, source: str = "") -> ImportReport:
    """Import ``rows`` ([(line, {column: text})]); write nothing if any row is invalid.

    With ``dry_run`` the report says what would be created and updated and nothing is written.
    Otherwise everything is written in one transaction, with change-history records that name
    ``user`` and the ``source`` file.
    """
    if dry_run:
        return _Import(rows, dry_run=True).plan()
    try:
        with transaction.atomic():
            job = _Import(rows, dry_run=False)
            report = job.plan()
            if report.ok:
                job.write(user=user, reason=_history_reason(source))
                report.written = True
                # Bulk queries send no post_save: bump the content version ourselves, in this
                # transaction (as the signals do), so no process sees the new rows under the old
                # version: the list's counts and each worker's kept pieces are keyed by it.
                page_cache.invalidate()
            return report
    except IntegrityError:
        # Someone saved a clashing product or certificate between our reads and writes.
        report = ImportReport(dry_run=False)
        report.problems.append(Problem(0, "", _(
            "The catalogue changed while the file was being imported; nothing was written. "
            "Please import the file again."
        )))
        return report


def _history_reason(source: str) -> str:
    return (f"Import: {source}" if source else "Import")[:100]


@dataclass
class _Row:
    line: int
    code: str = ""
    name_vi: str = ""
    name_en: str = ""
    category: Category | None = None
    stars: int | None = None
    potential_five_star: bool = False
    certificate_no: str = ""
    issued_on: datetime.date | None = None
    valid_until: datetime.date | None = None
    status: str = "active"
    producer_name: str = ""
    producer_kind: str = ""
    village_name: str = ""
    area: Area | None = None
    former_district: FormerDistrict | None = None
    address: str = ""
    description_vi: str = ""
    description_en: str = ""
    revoked_on: datetime.date | None = None  # None on a revoked row: the date is not recorded
    revocation_decision: str = ""
    revocation_reason: str = ""
    score: int | None = None  # None: the file does not say (older formats, unknown)
    issuing_level: str = ""
    authority: str = ""
    code_key: str = ""  # codes and numbers as compared: normalize_code()
    certificate_key: str = ""
    producer_key: str = ""  # the names as compared: normalize_search()
    village_key: str = ""


class _Reference:
    """Categories, areas and former districts, read once (they ship with the migrations)."""

    def __init__(self):
        categories = list(Category.objects.all())
        parents = {c.parent_id for c in categories if c.parent_id}
        self.leaves = sorted((c for c in categories if c.pk not in parents), key=lambda c: c.code)
        self.leaf_ids = {c.pk for c in self.leaves}
        self.categories = {}
        for category in categories:
            self.categories[category.code.lower()] = category
            self.categories[category.slug.lower()] = category
        self.areas = defaultdict(list)
        for area in Area.objects.prefetch_related("former_districts"):
            self.areas[area.search_name].append(area)
        self.districts = {normalize_search(d.name): d for d in FormerDistrict.objects.all()}

    def leaves_under(self, category) -> list:
        """Leaf categories below a group or sub-group, for a helpful error message."""
        return [c for c in self.leaves if c.code.startswith(category.code + ".")]


class _Import:
    def __init__(self, raw_rows, *, dry_run):
        self.raw_rows = raw_rows
        self.report = ImportReport(dry_run=dry_run)
        self.ref = _Reference()

    def problem(self, line, column, message):
        self.report.problems.append(Problem(line, column, message))

    # -- 1. every cell ------------------------------------------------------------------------

    def plan(self) -> ImportReport:
        rows = [row for row in (self.parse(line, cells) for line, cells in self.raw_rows) if row]
        problems_in_cells = len(self.report.problems)
        self.check_file(rows)
        if len(self.report.problems) == problems_in_cells:
            # Rows with bad cells were left out; compare the rest so the report also names
            # clashes with the catalogue (a certificate of another product…) in the same pass.
            self.compare(rows)
        self.report.problems.sort(key=lambda p: p.line)
        if self.report.problems:
            self.report.rows = []
        return self.report

    def parse(self, line, cells):
        row = _Row(line=line)
        problems_before = len(self.report.problems)

        cell = CellReader(line, cells, self.report.problems, max_lengths=MAX_LENGTHS, multi_line=MULTI_LINE)

        row.code = cell("code", required=True) or ""
        row.code_key = normalize_code(row.code)
        if row.code and not row.code_key:
            self.problem(line, "code", _("A product code needs letters or digits."))
        row.name_vi = cell("name_vi", required=True) or ""
        row.name_en = cell("name_en") or ""
        row.category = cell("category", self.parse_category, required=True)
        row.stars = cell("stars", parse_stars, required=True)
        row.potential_five_star = cell("potential_five_star", parse_bool) or False
        row.certificate_no = cell("certificate_no", required=True) or ""
        row.certificate_key = normalize_code(row.certificate_no)
        if row.certificate_no and not row.certificate_key:
            self.problem(line, "certificate_no", _("A certificate number needs letters or digits."))
        row.issued_on = cell("issued_on", parse_date, required=True)
        valid_until = cell("valid_until", parse_date)
        row.status = cell("certificate_status", parse_status) or "active"
        row.producer_name = cell("producer", required=True) or ""
        row.producer_key = normalized(row.producer_name)
        row.producer_kind = cell("producer_kind", parse_producer_kind) or ""
        row.village_name = cell("village") or ""
        row.village_key = normalized(row.village_name)
        row.former_district = cell("former_district", self.parse_district)
        row.area = cell("area", lambda value: self.parse_area(value, row.former_district))
        row.address = cell("address") or ""
        row.description_vi = cell("description_vi") or ""
        row.description_en = cell("description_en") or ""
        row.revoked_on = cell("revoked_on", parse_date)
        row.revocation_decision = cell("revocation_decision") or ""
        row.revocation_reason = cell("revocation_reason") or ""
        row.score = cell("score", parse_score)
        row.issuing_level = cell("issuing_level", parse_issuing_level) or ""
        row.authority = cell("authority") or ""

        if row.potential_five_star and row.stars and row.stars != 4:
            self.problem(line, "potential_five_star",
                         _("Only a 4-star product can be a potential 5-star product."))
        elif row.stars:
            # The admin's rules (Certification.clean), by column: score against stars, level.
            for column, message in rating_problems(stars=row.stars, potential_five_star=row.potential_five_star,
                                                   score=row.score, issuing_level=row.issuing_level).items():
                self.problem(line, column, str(message))
        if row.issued_on and row.issued_on > timezone.localdate():
            self.problem(line, "issued_on", _("The issue date is in the future."))
        if row.issued_on:
            if valid_until and valid_until <= row.issued_on:
                self.problem(line, "valid_until", _("The validity date must be after the issue date."))
            row.valid_until = valid_until or default_valid_until(row.issued_on)
        if row.status == Certification.Status.ACTIVE:
            for column in ("revoked_on", "revocation_decision", "revocation_reason"):
                if cells[column]:
                    self.problem(line, column, _(
                        "Only a revoked certification has revocation details; this row's "
                        "certificate_status is active."))
        elif row.revoked_on:
            if row.revoked_on > timezone.localdate():
                self.problem(line, "revoked_on", _("The revocation date is in the future."))
            elif row.issued_on and row.revoked_on < row.issued_on:
                self.problem(line, "revoked_on", _("A certification cannot be revoked before it was issued."))
        if row.area and row.former_district and row.former_district not in row.area.former_districts.all():
            formed_from = ", ".join(d.official_name for d in row.area.former_districts.all())
            self.problem(line, "former_district", _(
                "%(area)s was formed from %(districts)s, not from %(district)s."
            ) % {"area": row.area.official_name, "districts": formed_from, "district": row.former_district.official_name})
        return row if len(self.report.problems) == problems_before else None

    def parse_category(self, value):
        category = self.ref.categories.get(value.lower())
        if category is None:
            raise CellError(_("“%(value)s” is not a category code (like 1.4.a) or slug of the OCOP "
                              "classification.") % {"value": value})
        if category.pk not in self.ref.leaf_ids:
            leaves = ", ".join(c.code for c in self.ref.leaves_under(category))
            raise CellError(_("“%(value)s” is a group; use one of its categories: %(leaves)s.")
                            % {"value": value, "leaves": leaves})
        return category

    def parse_district(self, value):
        district = self.ref.districts.get(strip_unit_prefix(normalized(value), DISTRICT_PREFIXES))
        if district is None:
            raise CellError(_("“%(value)s” is not one of Hà Nội's 30 former districts.") % {"value": value})
        return district

    def parse_area(self, value, district):
        key = normalized(value)
        name = strip_unit_prefix(key, AREA_PREFIXES)
        candidates = self.ref.areas.get(name, [])
        if len(candidates) > 1 and name != key:  # "Phường X" vs "Xã X"
            kind = Area.Kind.WARD if key.startswith("phuong") else Area.Kind.COMMUNE
            candidates = [a for a in candidates if a.kind == kind] or candidates
        if len(candidates) > 1 and district:
            candidates = [a for a in candidates if district in a.former_districts.all()] or candidates
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            raise CellError(_("“%(value)s” matches several wards/communes: %(names)s. Write “Phường” or "
                              "“Xã” before the name.") % {"value": value,
                                                         "names": ", ".join(a.official_name for a in candidates)})
        if strip_unit_prefix(key, DISTRICT_PREFIXES) in self.ref.districts:
            raise CellError(_("“%(value)s” is a former district; put it in former_district and the ward or "
                              "commune (since 1 July 2025) in area.") % {"value": value})
        raise CellError(_("“%(value)s” is not one of Hà Nội's wards or communes.") % {"value": value})

    # -- 2. the file as a whole ---------------------------------------------------------------

    def check_file(self, rows):
        first_line = {}
        # Codes and numbers compare as /verify/ reads them: 'HN-OCOP 1' is 'hn-ocop-1'.
        for column, attr in (("code", "code_key"), ("certificate_no", "certificate_key")):
            seen = {}
            for row in rows:
                key = getattr(row, attr)
                if key in seen:
                    self.problem(row.line, column, _("“%(value)s” is also on line %(line)d; each product "
                                                     "and each certificate appears once.")
                                 % {"value": getattr(row, column), "line": seen[key]})
                else:
                    seen[key] = row.line
        # A producer named on several lines must be described the same way on each.
        for row in rows:
            key = row.producer_key
            known = first_line.setdefault(key, {})
            for column, value in (("producer_kind", row.producer_kind), ("area", row.area),
                                  ("address", row.address)):
                if not value:
                    continue
                if column in known and known[column][0] != value:
                    self.problem(row.line, column, _(
                        "Producer “%(producer)s” has a different %(column)s on line %(line)d."
                    ) % {"producer": row.producer_name, "column": column, "line": known[column][1]})
                else:
                    known.setdefault(column, (value, row.line))

    # -- 3. compare with the catalogue --------------------------------------------------------

    def compare(self, rows):
        self.products = _by_key(Product.objects.all(), "code_key", [r.code_key for r in rows])
        self.certs = _by_key(Certification.objects.annotate(product_code=F("product__code")),
                             "certificate_key", [r.certificate_key for r in rows])
        producers = _producer_index({r.producer_key for r in rows})
        villages = _village_index() if any(r.village_name for r in rows) else None

        self.producer_for = {}  # key -> Producer (new ones unsaved)
        self.new_producers, self.changed_producers = [], {}
        self.new_villages, self.village_for = [], {}
        notes = defaultdict(list)
        rows_of = defaultdict(list)  # producer key -> its rows
        village_rows = defaultdict(list)  # village key -> its rows
        for row in rows:
            rows_of[row.producer_key].append(row)
            village_rows[row.village_key].append(row)

        resolved = set()  # ids of the producers already compared with the file
        for row in rows:
            key = row.producer_key
            if key in self.producer_for or key in self.changed_producers:
                continue
            producer = self.match(row, "producer", producers.find(row.producer_name), row.producer_name)
            if producer is None and self.refuse_if_close(rows_of[key], "producer", producers):
                producer = False
            if producer is False:
                self.producer_for[key] = None
                continue
            if producer is None:
                same = rows_of[key]
                kind = next((r.producer_kind for r in same if r.producer_kind), "")
                if not kind:
                    self.problem(row.line, "producer_kind", _(
                        "“%(producer)s” is a new producer: its kind is required."
                    ) % {"producer": row.producer_name})
                producer = Producer(
                    name=row.producer_name, kind=kind,
                    area=next((r.area for r in same if r.area), None),
                    address=next((r.address for r in same if r.address), ""),
                )
                producers.add(producer, existing=False)  # "HTX X" on a later line is this one too
                self.new_producers.append(producer)
                self.report.new_producers.append(producer.name)
                notes[row.line].append(_("New producer “%(name)s”") % {"name": producer.name})
            elif id(producer) not in resolved:
                if normalized(producer.name) != key:
                    notes[row.line].append(_("“%(written)s” is the producer “%(name)s”")
                                           % {"written": row.producer_name, "name": producer.name})
                changed = self.producer_changes(producer, rows_of[key])
                if changed:
                    self.changed_producers[key] = changed
                    self.report.updated_producers.append(producer.name)
                    notes[row.line].append(_("Producer “%(name)s” updated: %(fields)s")
                                           % {"name": producer.name, "fields": ", ".join(changed)})
            resolved.add(id(producer))
            self.producer_for[key] = producer

        for row in rows:
            key = row.village_key
            if not row.village_name or key in self.village_for:
                continue
            village = self.match(row, "village", villages.find(row.village_name), row.village_name)
            if village is None and self.refuse_if_close(village_rows[key], "village", villages):
                village = False
            if village is None:
                area = next((r.area for r in village_rows[key] if r.area), None)
                village = CraftVillage(name_vi=row.village_name, area=area)
                villages.add(village, village.name_vi, existing=False)
                self.new_villages.append(village)
                self.report.new_villages.append(village.name_vi)
                notes[row.line].append(_("New craft village “%(name)s”") % {"name": village.name_vi})
            elif village and village.pk and normalized(village.name_vi) != key:
                notes[row.line].append(_("“%(written)s” is the craft village “%(name)s”")
                                       % {"written": row.village_name, "name": village.name_vi})
            self.village_for[key] = village or None

        self.product_rows = []  # (product, is new, changed columns) for products to write
        self.cert_rows = []  # (certification, its product, is new, changed columns)
        for row in rows:
            self.compare_row(row, notes[row.line])

    def match(self, row, column, candidates, name):
        """The one existing record a name means; None if there is none; False if ambiguous."""
        if len(candidates) > 1:
            # Same letters and accents ("Hoà"/"Hòa": the tone mark's position does not count).
            written = normalize_tone_marks(name)
            exact = [c for c in candidates if normalize_tone_marks(c.name) == written]
            if len(exact) == 1:
                return exact[0]
            self.problem(row.line, column, _(
                "“%(name)s” matches several existing records (%(names)s); make their names distinct "
                "in the admin first."
            ) % {"name": name, "names": "; ".join(c.name for c in candidates)})
            return False
        return candidates[0] if candidates else None

    def refuse_if_close(self, rows, column, index) -> bool:
        """A name that matches nothing but is a few letters from an existing one is a problem of
        each line naming it ("did you mean …?"), not a new record: the file is corrected, or an
        other name added to the village, or the new one created in the admin first."""
        name = getattr(rows[0], f"{column}_name")
        close = index.close_names(name)
        if not close:
            return False
        suggestions = ", ".join(f"“{n}”" for n in close)
        if column == "village":
            message = _("“%(name)s” is not a craft village of the catalogue; did you mean %(names)s? Correct the "
                        "name, or add it to that village's other names in the admin; if it is a different "
                        "village, create it in the admin first.")
        else:
            message = _("“%(name)s” is not a producer of the catalogue; did you mean %(names)s? Correct the "
                        "name; if it is a different producer, create it in the admin first.")
        for row in rows:
            self.problem(row.line, column, message % {"name": name, "names": suggestions})
        return True

    def producer_changes(self, producer, rows):
        """Kind, ward/commune and address the file gives a known producer (empty cells keep)."""
        changed = []
        for column, attr, value in (
            ("producer_kind", "kind", next((r.producer_kind for r in rows if r.producer_kind), "")),
            ("area", "area_id", next((r.area.pk for r in rows if r.area), None)),
            ("address", "address", next((r.address for r in rows if r.address), "")),
        ):
            if value and getattr(producer, attr) != value:
                setattr(producer, attr, value)
                changed.append(column)
        return changed

    def compare_row(self, row, notes):
        if self.producer_for.get(row.producer_key) is None:
            return  # ambiguous producer, already reported
        product = self.products.get(row.code_key)
        new_product = product is None
        if new_product:
            # A known code keeps the catalogue's spelling ('HN-OCOP-0001' for 'hn-ocop 0001').
            product = Product(code=row.code, code_key=row.code_key)
        wanted = {
            "name_vi": row.name_vi,
            "name_en": row.name_en,
            "category": row.category,
            "producer": self.producer_for[row.producer_key],
            "village": self.village_for.get(row.village_key) if row.village_name else None,
            "description_vi": row.description_vi,
            "description_en": row.description_en,
        }
        product_changes = []
        for column, value in wanted.items():
            if column in ("category", "producer", "village"):
                before = getattr(product, column + "_id")
                differs = value is None and before is not None or value is not None and (
                    value.pk is None or value.pk != before)
            else:
                differs = getattr(product, column) != value
            if differs and not new_product:
                product_changes.append(column)
            setattr(product, column, value)

        cert = self.certs.get(row.certificate_key)
        new_cert = cert is None
        if not new_cert and (new_product or cert.product_id != product.pk):
            self.problem(row.line, "certificate_no", _(
                "Certificate “%(number)s” already belongs to another product (%(code)s)."
            ) % {"number": row.certificate_no, "code": cert.product_code})
            return
        if new_cert:
            cert = Certification(certificate_no=row.certificate_no, certificate_key=row.certificate_key,
                                 product=product)
            if not new_product:
                notes.append(_("New certification %(number)s") % {"number": row.certificate_no})
        cert_changes = self.certification_changes(cert, row, new_cert)

        if new_product:
            action, changes = CREATE, []
        else:
            changes = product_changes + ([] if new_cert else cert_changes)
            action = UPDATE if changes or new_cert else UNCHANGED
        self.report.rows.append(RowResult(row.line, row.code, row.name_vi, action, changes, notes))
        if new_product or product_changes:
            self.product_rows.append((product, new_product, product_changes))
        if new_cert:
            self.report.certifications_created += 1
            self.cert_rows.append((cert, product, True, []))
        elif cert_changes:
            self.report.certifications_updated += 1
            self.cert_rows.append((cert, product, False, cert_changes))

    def certification_changes(self, cert, row, new):
        wanted = {
            "stars": row.stars,
            "potential_five_star": row.potential_five_star,
            "issued_on": row.issued_on,
            "valid_until": row.valid_until,
            "certificate_status": row.status,
        }
        changed = []
        for column, value in wanted.items():
            attr = "status" if column == "certificate_status" else column
            if new or getattr(cert, attr) != value:
                changed.append(column)
                setattr(cert, attr, value)
        if row.status == Certification.Status.REVOKED:
            # A newly revoked certification takes the row's details as they are: an empty
            # revoked_on means the date is not recorded (never the day of the import). One
            # already revoked keeps what the catalogue has where the row's cells are empty
            # (files of the 18-column format carry none).
            newly = "certificate_status" in changed
            for column, attr, value in (
                ("revoked_on", "revoked_on", row.revoked_on),
                ("revocation_decision", "revocation_decision_no", row.revocation_decision),
                ("revocation_reason", "revocation_reason_vi", row.revocation_reason),
            ):
                if (newly or value) and getattr(cert, attr) != value:
                    setattr(cert, attr, value)
                    if not new:
                        changed.append(column)
        elif "certificate_status" in changed:
            # Reinstated: the change history keeps the revocation's details.
            cert.revoked_on = None
            cert.revocation_decision_no = ""
            cert.revocation_reason_vi = cert.revocation_reason_en = ""
        # Score, level and signing body: an empty cell keeps what the catalogue has (files of the
        # 18- and 21-column formats carry none); a new certification without an authority gets
        # the model's default (the city's People's Committee).
        for column, attr, value in (("score", "score", row.score),
                                    ("issuing_level", "issuing_level", row.issuing_level),
                                    ("authority", "authority_vi", row.authority)):
            if value in (None, "") or getattr(cert, attr) == value:
                continue
            setattr(cert, attr, value)
            if column == "authority":  # bulk writes never run Certification.save()
                cert.authority_en = english_authority(value) or value
            if not new:
                changed.append(column)
        if not new:
            # The row's own cells agree (checked in parse); the catalogue's kept score or level
            # may not agree with the row's new stars.
            for column, message in rating_problems(
                stars=cert.stars, potential_five_star=cert.potential_five_star, score=cert.score,
                issuing_level=cert.issuing_level,
            ).items():
                self.problem(row.line, column, _("%(problem)s (The catalogue has %(value)s; this row's cell is "
                                                 "empty.)") % {"problem": message, "value": getattr(cert, column)})
        return changed

    # -- 4. write -----------------------------------------------------------------------------

    def write(self, *, user, reason):
        assert connection.features.can_return_rows_from_bulk_insert, "bulk_create must return primary keys"
        now = timezone.now()
        history = {"default_user": user, "default_change_reason": reason, "default_date": now}

        _give_slugs(self.new_producers, Producer)
        for producer in self.new_producers:
            producer.search_name = normalize_search(producer.name)
            producer.sort_name = vietnamese_sort_key(producer.name)
        bulk_create_with_history(self.new_producers, Producer, batch_size=BATCH, **history)
        changed = [self.producer_for[key] for key in self.changed_producers]
        fields = sorted({_PRODUCER_FIELDS[c] for cs in self.changed_producers.values() for c in cs})
        for producer in changed:
            producer.updated_at = now
        if changed:
            bulk_update_with_history(changed, Producer, fields + ["updated_at"], batch_size=UPDATE_BATCH, **history)

        _give_slugs(self.new_villages, CraftVillage, source="name_vi")
        for village in self.new_villages:
            village.search_name = normalize_search(village.name_vi)
            village.sort_name = vietnamese_sort_key(village.name_vi)
        bulk_create_with_history(self.new_villages, CraftVillage, batch_size=BATCH, **history)

        new_products = [p for p, new, _c in self.product_rows if new]
        changed_products = [(p, c) for p, new, c in self.product_rows if not new and c]
        _give_slugs(new_products, Product, source="name_vi")
        sources = SearchTextSources.load()
        texts = []
        for product in new_products + [p for p, _c in changed_products]:
            # Product.save() keeps these in step; bulk queries skip save(), so do it here.
            product.producer = product.producer  # picks up the id of a producer created above
            product.village = product.village
            texts.append(product.fill_search_columns(sources))
            product.place_area_id, product.producer_kind = product.derived_places()
            product.sort_name = vietnamese_sort_key(product.name_vi)
            product.updated_at = now
        Product.objects.bulk_create(new_products, batch_size=BATCH)
        fields = sorted({_PRODUCT_FIELDS[c] for _p, cs in changed_products for c in cs})
        if changed_products:
            Product.objects.bulk_update(
                [p for p, _c in changed_products],
                fields + ["search_name", "search_text", "search_accented", "place_area", "producer_kind",
                          "sort_name", "updated_at"],
                batch_size=UPDATE_BATCH,
            )
        # New products add to the words' frequencies; changed ones only bring new words.
        learn_words(texts[:len(new_products)], count=True)
        learn_words(texts[len(new_products):])

        if changed:
            # A producer's new kind or ward also moves its products the file did not list.
            refresh_copied_columns(Product.objects.filter(producer__in=changed))

        new_certs = [c for c, _p, new, _f in self.cert_rows if new]
        changed_certs = [(c, f) for c, _p, new, f in self.cert_rows if not new]
        for cert in new_certs:
            cert.product = cert.product  # the product's id, now that it has one
        bulk_create_with_history(new_certs, Certification, batch_size=BATCH, **history)
        if changed_certs:
            fields = sorted({_CERT_FIELDS[c] for _c, fs in changed_certs for c in fs})
            if "status" in fields:
                fields += ["revoked_on", "revocation_decision_no", "revocation_reason_vi", "revocation_reason_en"]
            if "authority_vi" in fields:
                fields.append("authority_en")
            fields = sorted(set(fields))
            for cert, _f in changed_certs:
                cert.updated_at = now
            bulk_update_with_history([c for c, _f in changed_certs], Certification,
                                     fields + ["updated_at"], batch_size=UPDATE_BATCH, **history)

        # Ratings of every product whose certifications changed, then one history record per
        # created or changed product showing its final state.
        touched = {p.pk: p for _c, p, _n, _f in self.cert_rows}
        rated = refresh_ratings(list(touched.values()))
        Product.history.bulk_history_create(new_products, batch_size=BATCH, **history)
        new_ids = {p.pk for p in new_products}
        updated = {p.pk: p for p, _c in changed_products}
        updated.update({p.pk: p for p in rated if p.pk not in new_ids})
        Product.history.bulk_history_create(list(updated.values()), update=True, batch_size=BATCH, **history)


_PRODUCER_FIELDS = {"producer_kind": "kind", "area": "area", "address": "address"}
_PRODUCT_FIELDS = {
    "name_vi": "name_vi", "name_en": "name_en", "category": "category", "producer": "producer",
    "village": "village", "description_vi": "description_vi", "description_en": "description_en",
}
_CERT_FIELDS = {
    "stars": "stars", "potential_five_star": "potential_five_star", "issued_on": "issued_on",
    "valid_until": "valid_until", "certificate_status": "status", "revoked_on": "revoked_on",
    "revocation_decision": "revocation_decision_no", "revocation_reason": "revocation_reason_vi",
    "score": "score", "issuing_level": "issuing_level", "authority": "authority_vi",
}
_RATING_ATTNAMES = ("current_certification_id", "rating_stars", "rating_potential_five_star",
                    "rating_issued_on", "rating_valid_until")


def refresh_ratings(products) -> list:
    """``Product.refresh_rating()`` for many products at once; returns those whose rating changed.

    One UPDATE per chunk computes the same rule in SQL (``Certification.objects.current_for``:
    the newest certification decides, if it is active and not past its date); the new values
    are then read back into ``products``.
    """
    today = timezone.localdate()
    newest = Certification.objects.filter(product=OuterRef("pk")).order_by("-issued_on", "-pk")
    is_current = Q(
        GreaterThanOrEqual(Subquery(newest.values("valid_until")[:1]), Value(today)),
        Exact(Subquery(newest.values("status")[:1]), Value(Certification.Status.ACTIVE)),
    )

    def current(field_name, default=None):
        return Case(When(is_current, then=Subquery(newest.values(field_name)[:1])), default=Value(default))

    by_id = {p.pk: p for p in products}
    changed = []
    for chunk in _chunks(by_id):
        Product.objects.filter(pk__in=chunk).update(
            current_certification=current("pk"),
            rating_stars=current("stars"),
            rating_potential_five_star=current("potential_five_star", False),
            rating_issued_on=current("issued_on"),
            rating_valid_until=current("valid_until"),
        )
        for values in Product.objects.filter(pk__in=chunk).values_list("pk", *_RATING_ATTNAMES):
            product = by_id[values[0]]
            if tuple(getattr(product, a) for a in _RATING_ATTNAMES) != values[1:]:
                for attname, value in zip(_RATING_ATTNAMES, values[1:]):
                    setattr(product, attname, value)
                changed.append(product)
    return changed


def _chunks(values, size=LOOKUP_CHUNK):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _by_key(queryset, field_name, keys) -> dict:
    found = {}
    for chunk in _chunks(set(keys)):
        for obj in queryset.filter(**{f"{field_name}__in": chunk}).order_by():
            found[getattr(obj, field_name)] = obj
    return found


def _producer_index(keys) -> ProducerIndex:
    """The producers the file's names may mean. Names found as written need only their rows; any
    other name is compared with every producer (17,000 at most: one query, matched in memory)."""
    found = _grouped(Producer, "search_name", keys)
    if all(key in found for key in keys):
        return ProducerIndex(p for same in found.values() for p in same)
    return ProducerIndex(Producer.objects.order_by("pk"))


def _village_index() -> VillageIndex:
    """Every craft village (1,350 at most) with its other names: two queries."""
    return VillageIndex(CraftVillage.objects.order_by("pk").prefetch_related("aliases"))


def _grouped(model, field_name, keys) -> dict:
    found = defaultdict(list)
    for chunk in _chunks(keys):
        for obj in model.objects.filter(**{f"{field_name}__in": chunk}).order_by("pk"):
            found[getattr(obj, field_name)].append(obj)
    return found


def _give_slugs(objects, model, *, source="name", max_length=80):
    """Unique slugs as ``SluggedModel`` makes them ('bat-trang', 'bat-trang-2'), without a query
    per object."""
    if not objects:
        return
    taken = set(model.objects.values_list("slug", flat=True))
    for obj in objects:
        base = slugify_vi(getattr(obj, source))[:max_length].strip("-") or "item"
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            suffix = f"-{n}"
            candidate = base[: max_length - len(suffix)] + suffix
        taken.add(candidate)
        obj.slug = candidate
