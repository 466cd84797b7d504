"""Public figures about the catalogue, as the city publishes them ("3,463 products: 9 five-star,
19 potential five-star, 1,576 four-star, 1,859 three-star").

Every figure is one GROUP BY query, so the page costs the same number of queries whatever the
number of products. Charts are laid out here (plain numbers for an SVG template), not drawn
by a JavaScript library.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue import facets
from catalogue.facets import count_listed, listed_counts
from catalogue.filters import CatalogueLookups
from catalogue.models import Certification, Product

# Chart geometry, in SVG user units (the SVG scales to the width of the page).
CHART_WIDTH = 400
ROW_HEIGHT = 44
BAR_HEIGHT = 16
BAR_SPACE = 330  # the longest bar; the rest of the width holds its number
LABEL_CHARS = 52  # longer labels are shortened in the chart (the table has them in full)


@dataclass
class Row:
    label: str
    value: int
    css: str = ""  # an extra class for the bar (e.g. the star level's colour)
    # Filled in by Chart: where the row is drawn.
    y: int = 0
    bar_width: float = 0

    @property
    def chart_label(self):
        text = str(self.label)
        return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1].rstrip(" ,") + "…"

    @property
    def label_y(self):
        return self.y + 14

    @property
    def bar_y(self):
        return self.y + 20

    @property
    def value_x(self):
        return self.bar_width + 6

    @property
    def value_y(self):
        return self.bar_y + BAR_HEIGHT - 3


@dataclass
class Chart:
    slug: str  # for element ids
    title: str
    rows: list[Row] = field(default_factory=list)

    def __post_init__(self):
        top = max((r.value for r in self.rows), default=0)
        for i, row in enumerate(self.rows):
            row.y = i * ROW_HEIGHT
            # A sliver for small non-zero values, so they do not look like zero.
            row.bar_width = round(max(row.value / top * BAR_SPACE, 2), 1) if row.value and top else 0

    @property
    def width(self):
        return CHART_WIDTH

    @property
    def height(self):
        return max(len(self.rows), 1) * ROW_HEIGHT

    @property
    def total(self):
        return sum(r.value for r in self.rows)


@dataclass
class YearRow:
    year: int
    three: int = 0
    four: int = 0
    five: int = 0

    @property
    def total(self):
        return self.three + self.four + self.five


def star_levels(counts):
    """Listed products by the city's four levels (``facets.star_levels``, as on the home page)."""
    css = {"5": "bar-5", "potential": "bar-p5", "4": "bar-4", "3": "bar-3"}
    return Chart("stars", _("Products by star rating"),
                 [Row(level.label, level.count, css[level.key]) for level in facets.star_levels(counts)])


def product_groups(counts, lookups):
    by_group = lookups.group_counts(counts["category"])
    return Chart("groups", _("Products by product group"),
                 [Row(f"{g.code}. {g.name}", by_group[g.code]) for g in lookups.groups])


def former_districts(counts, lookups):
    """Each former district counts the products of every ward/commune formed from it (a ward
    formed from several districts counts in each)."""
    rows = [
        (sum(counts["area"][str(pk)] for pk in lookups.area_ids_by_former_district[d.pk]), d)
        for d in lookups.former_districts
    ]
    rows.sort(key=lambda row: (-row[0], row[1].sort_name))
    return Chart("districts", _("Products by former district"), [Row(d.full_name, n) for n, d in rows])


def areas(counts, lookups):
    """Wards and communes with at least one listed product, most first: the place the product
    list's filter uses (the producer's ward, else the craft village's). Copies: the shared
    lookups are not written to."""
    found = []
    for area in lookups.areas:
        n = counts["area"][str(area.pk)]
        if n:
            area = copy.copy(area)
            area.n = n
            found.append(area)
    return sorted(found, key=lambda area: (-area.n, area.sort_name))


def certifications_per_year():
    years: dict[int, YearRow] = {}
    rows = (Certification.objects.annotate(year=ExtractYear("issued_on"))
            .values("year", "stars").annotate(n=Count("pk")).order_by())
    for r in rows:
        row = years.setdefault(r["year"], YearRow(r["year"]))
        setattr(row, {3: "three", 4: "four", 5: "five"}[r["stars"]], r["n"])
    table = [years[y] for y in sorted(years)]
    chart = Chart("years", _("Certifications issued per year"), [Row(str(y.year), y.total) for y in table])
    return chart, table


def certificate_states(today):
    """Products with at least one certification, by the state of their newest one (the same rule
    as the public listings): valid, expired or revoked.

    Counted over the newest certification of each product, found with an anti-join (no newer
    one for the same product): one pass over the certifications. A subquery per product for
    its newest status and date took ~250 ms at 20,000 products; this takes a few."""
    newer = Certification.objects.filter(product=OuterRef("product")).filter(
        Q(issued_on__gt=OuterRef("issued_on")) | Q(issued_on=OuterRef("issued_on"), pk__gt=OuterRef("pk"))
    )
    counts = Certification.objects.filter(~Exists(newer)).aggregate(
        valid=Count("pk", filter=Q(status=Certification.Status.ACTIVE, valid_until__gte=today)),
        expired=Count("pk", filter=Q(status=Certification.Status.ACTIVE, valid_until__lt=today)),
        revoked=Count("pk", filter=Q(status=Certification.Status.REVOKED)),
    )
    return Chart("states", _("Certified products by certificate state"), [
        Row(_("Valid"), counts["valid"], "bar-ok"),
        Row(_("Expired"), counts["expired"], "bar-warn"),
        Row(_("Revoked"), counts["revoked"], "bar-bad"),
    ])


def catalogue_statistics(*, on=None):
    today = on or timezone.localdate()
    listed = Product.objects.listed(on=today)
    # Stars, groups and places in one pass over the listed products (facets' covering index).
    names = ["stars", "potential", "category", "area"]
    lookups = CatalogueLookups.shared()
    counts = listed_counts(lookups) if on is None else count_listed(listed, names)
    stars = star_levels(counts)
    districts = former_districts(counts, lookups)
    area_rows = areas(counts, lookups)
    years_chart, years_table = certifications_per_year()
    return {
        "on": today,
        "total": stars.total,
        "stars": stars,
        "groups": product_groups(counts, lookups),
        "districts": districts,
        "areas": area_rows,
        # Products with no place on file (one place each, so the areas add up to the rest).
        "without_area": stars.total - sum(a.n for a in area_rows),
        "years": years_chart,
        "years_table": years_table,
        "states": certificate_states(today),
    }
