"""Facet counts for the product list: how many products each filter option would give.

Standard faceting: an option's count applies every *other* filter but not its own facet's, so
with "5★" ticked, "4★ (12)" still says what ticking 4★ as well would add. All facets come from
one query, a UNION ALL of GROUP BYs on the product table's indexed columns (rating_stars,
category_id, village_id; producer kind and place through the producer join), and are labelled
from the small lookups the filters already loaded, so the page's query count stays fixed.
"""

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.models import Case, CharField, Count, F, Value, When, Window
from django.db.models.functions import Cast, RowNumber
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from catalogue.filters import STAR_CHOICES, CatalogueLookups, ProductFilter, Sort
from catalogue.fragments import kept_cards
from catalogue.models import Producer, Product
from catalogue.models.products import PRODUCT_AREA
from ocop_site import page_cache

logger = logging.getLogger(__name__)

# A filtered list with at most this many products sorts them for its page; with more, it walks
# the sort order until the page is full (~1 ms either way at 20,000 listed products).
SORT_MATCHES_BELOW = 2000

# Each facet is named after the filter its counts leave out, and groups by what its options are.
FACET_KEYS = {
    "stars": F("rating_stars"),
    "potential": Case(When(rating_potential_five_star=True, then=Value("1")), default=Value("0")),
    "category": F("category_id"),
    "village": F("village_id"),
    "area": PRODUCT_AREA,
    "producer_kind": F("producer_kind"),
}

REPEATABLE = {"stars", "category"}
VILLAGE_OPTIONS = 60
# The parameters facet counts depend on (``page`` and ``sort`` do not change them).
COUNTED_PARAMS = {*FACET_KEYS, "q", "exact"}  # exact: q without typo correction


@dataclass
class FacetOption:
    value: str  # the GET value: a slug, "5", "1"
    label: str
    count: int
    selected: bool = False
    children: list["FacetOption"] = field(default_factory=list)

    @property
    def open(self) -> bool:
        """Whether a nested list should start unfolded: something inside it is selected."""
        return any(child.selected or child.open for child in self.children)


@dataclass
class Facet:
    param: str
    options: list[FacetOption]
    # For a <select> with <optgroup>s (places: wards/communes, then former districts).
    option_groups: list[tuple[str, list[FacetOption]]] = field(default_factory=list)
    # How many options there were when only the largest are shown (0: all are shown).
    shortened_from: int = 0

    @property
    def selected_options(self) -> list[FacetOption]:
        found = []
        pending = list(self.options)
        while pending:
            option = pending.pop(0)
            found += [option] if option.selected else []
            pending += option.children
        return found


@dataclass
class ActiveFilter:
    label: str
    remove_query: QueryDict  # the current query without this value (and without page)


def filters_in_use(filterset: ProductFilter) -> dict:
    """The valid filter values that narrow the list (empty values are no filter)."""
    return {name: value for name, value in filterset.form.cleaned_data.items()
            if value not in (None, "", [], ())}


def cached(prefix: str, parts, compute):
    """``compute()``, kept for ``FACET_CACHE_SECONDS`` under a key that goes stale with any
    change to the catalogue (see ``page_cache.content_key``). Paging, sorting and every page
    cache miss of the same filters share one count; a cache outage only costs the query."""
    seconds = getattr(settings, "FACET_CACHE_SECONDS", 0)
    if not seconds:
        return compute()
    cache = caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]
    try:
        key = page_cache.content_key(prefix, *parts)
        value = cache.get(key)
    except Exception:  # noqa: BLE001 -- cache down: count without it
        logger.warning("facet counts: cache unavailable", exc_info=True)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, seconds)
        except Exception:  # noqa: BLE001
            logger.warning("facet counts: could not store", exc_info=True)
    return value


def cached_count_options(filterset: ProductFilter) -> dict[str, Counter]:
    """``count_options``: without a search, from the listed products' bitsets kept in this
    process (with no filter in use, the counts of all listed products, kept with them as
    ``listed_counts`` keeps them); with one, cached by the values of the filters that change
    counts (not the page or the sort order)."""
    state = counted_state(filterset)
    if not filterset.selected.get("q"):
        # Without a search, every filter is a set of listed products known in this process
        # (the list picks its page from them too): the unfiltered counts are read off them
        # rather than counted by a query of their own.
        bitsets = listed_bitsets(filterset.lookups)
        if not state:
            return filterset.lookups.for_today("listed-counts", lambda: bitsets.count_options(filterset))
        return bitsets.count_options(filterset)
    return cached("facets", state, lambda: count_options(filterset))


def counted_state(filterset: ProductFilter) -> list[tuple]:
    """The values in use of the filters that change counts, sorted; [] when nothing narrows
    the list (``exact`` is False without ``q``)."""
    in_use = filters_in_use(filterset)
    state = sorted((name, sorted(value) if isinstance(value, list) else value)
                   for name, value in in_use.items() if name in COUNTED_PARAMS)
    return state if any(value for _name, value in state) else []


def unfiltered_facets(filterset: ProductFilter) -> dict[str, "Facet"]:
    """``product_facets`` of the list with no filter in use, in the active language: the same
    for every such request, so kept with the listed counts they are made from (read only)."""
    return filterset.lookups.for_today(
        f"unfiltered-facets:{get_language()}",
        lambda: product_facets(filterset, listed_counts(filterset.lookups)),
    )


def listed_counts(lookups: CatalogueLookups | None = None) -> dict[str, Counter]:
    """Every facet's counts over all listed products, no filter applied: for the product list
    without filters, the home page and the statistics. Kept in this process with the shared
    lookups for the day (until the content version or the date in Vietnam changes, as the
    pages' cache keys), whatever ``FACET_CACHE_SECONDS`` says: those pages then run no count
    query (11-20 ms of database time at 20,000 products). Shared by every request: read only."""
    lookups = lookups or CatalogueLookups.shared()
    return lookups.for_today("listed-counts", lambda: cached(
        "listed-counts", (), lambda: count_listed(Product.objects.listed(), FACET_KEYS),
    ))


class ListedBitsets:
    """The listed products' facet keys as bitsets: for each facet, {key as text: an int whose
    bit i is set when the i-th listed product has that key}. Any combination of the list's
    filters other than the search is then a few ANDs and ORs of these, and each option's count a
    ``bit_count()``: ~1-2 ms in the worker for what ``count_options`` asks PostgreSQL (12-20
    ms at 20,000 products), with the same counts (tests/catalogue/test_facet_bitsets.py).
    Built from one query, kept with the shared lookups for the day (``listed_bitsets``).

    The same query numbers the products in each of the list's orders (``Sort``), as the
    database orders them, so a page of a list without a search is picked here too and read by
    its ids (``page_pks``)."""

    def __init__(self, rows, lookups: CatalogueLookups):
        # rows: (pk, stars, potential, category id, village id, area id, producer kind, then
        # the product's position in each Sort order) per listed product.
        self.lookups = lookups
        positions: dict[str, dict[str, list[int]]] = {name: {} for name in FACET_KEYS}
        self.pks: list[int] = []
        self.ranks: dict[str, list[int]] = {sort: [] for sort in Sort.order_by}
        size = 0
        for i, (pk, stars, potential, category_id, village_id, area_id, kind, *ranks) in enumerate(rows):
            size = i + 1
            self.pks.append(pk)
            for sort, rank in zip(Sort.order_by, ranks, strict=True):
                self.ranks[sort].append(rank)
            # As count_scans has them: keys as text, and no key (NULL) counted nowhere.
            for name, key in (("stars", stars), ("potential", "1" if potential else "0"),
                              ("category", category_id), ("village", village_id),
                              ("area", area_id), ("producer_kind", kind)):
                if key is not None:
                    positions[name].setdefault(str(key), []).append(i)
        self.size = size
        self.everything = (1 << size) - 1
        self.bits = {name: {key: self._bitset(found, size) for key, found in by_key.items()}
                     for name, by_key in positions.items()}
        # Each order as the products' positions here, first to last (ranks are 1 to size).
        self.orders = {}
        for sort, ranks in self.ranks.items():
            order = [0] * size
            for i, rank in enumerate(ranks):
                order[rank - 1] = i
            self.orders[sort] = order

    @staticmethod
    def rows(queryset):
        """The rows ``__init__`` reads, from the listed products' ``queryset``: one query."""
        def ordered(fields):
            return [F(name[1:]).desc() if name.startswith("-") else F(name).asc() for name in fields]

        ranks = {f"rank_{n}": Window(RowNumber(), order_by=ordered(fields))
                 for n, fields in enumerate(Sort.order_by.values())}
        return queryset.order_by().annotate(**ranks).values_list(
            "pk", "rating_stars", "rating_potential_five_star", "category_id", "village_id",
            PRODUCT_AREA.name, "producer_kind", *ranks,
        )

    @staticmethod
    def _bitset(positions: list[int], size: int) -> int:
        flags = bytearray((size + 7) // 8)
        for i in positions:
            flags[i >> 3] |= 1 << (i & 7)
        return int.from_bytes(flags, "little")

    def _any(self, name: str, keys) -> int:
        found = 0
        for key in keys:
            found |= self.bits[name].get(str(key), 0)
        return found

    def matching(self, name: str, value) -> int:
        """The products the filter ``name`` keeps for its (valid) ``value``, as
        ``ProductFilter.filter_<name>`` has it."""
        lookups = self.lookups
        if name == "stars":
            return self._any("stars", value)
        if name == "potential":
            return self.bits["potential"].get("1" if value == "1" else "0", 0)
        if name == "category":
            # Product.objects.in_category: the category itself and everything below it.
            codes = [lookups.category_by_slug[slug].code for slug in value]
            return self._any("category", [
                category.pk for category in lookups.categories
                if any(category.code == code or category.code.startswith(code + ".") for code in codes)
            ])
        if name == "village":
            return self._any("village", [lookups.village_by_slug[value].pk])
        if name == "area":
            return self._any("area", lookups.area_ids_for(value))
        if name == "producer_kind":
            return self._any("producer_kind", [value])
        raise ValueError(f"no bitset for the filter {name!r}")

    def _kept(self, filterset: ProductFilter) -> dict[str, int]:
        """{filter in use: the products it keeps}, worked out once per filterset."""
        kept = getattr(filterset, "_bitsets_kept", None)
        if kept is None or kept[0] is not self:
            in_use = {name: value for name, value in filters_in_use(filterset).items() if name in FACET_KEYS}
            kept = (self, {name: self.matching(name, value) for name, value in in_use.items()})
            filterset._bitsets_kept = kept
        return kept[1]

    def matching_all(self, filterset: ProductFilter) -> int:
        """The products every filter in use keeps (a filterset without a search)."""
        mask = self.everything
        for matching in self._kept(filterset).values():
            mask &= matching
        return mask

    def page_pks(self, mask: int, sort: str, offset: int, limit: int) -> list[int]:
        """The ids of the products ``offset`` to ``offset + limit`` among those in ``mask``, in
        the ``sort`` order (a key of ``Sort.order_by``)."""
        order = self.orders[sort]
        if mask == self.everything:
            return [self.pks[i] for i in order[offset:offset + limit]]
        if offset < 0 or limit <= 0:
            return []
        flags = mask.to_bytes((self.size + 7) // 8, "little")
        if mask.bit_count() <= SORT_MATCHES_BELOW:
            # Few matches: sort them, rather than walk the whole order looking for them.
            found = [(index << 3) + bit for index, byte in enumerate(flags) if byte
                     for bit in range(8) if byte >> bit & 1]
            found.sort(key=self.ranks[sort].__getitem__)
            return [self.pks[i] for i in found[offset:offset + limit]]
        page, skipped = [], 0
        for i in order:
            if flags[i >> 3] >> (i & 7) & 1:
                if skipped < offset:
                    skipped += 1
                    continue
                page.append(self.pks[i])
                if len(page) == limit:
                    break
        return page

    def count_options(self, filterset: ProductFilter) -> dict[str, Counter]:
        """``count_options(filterset)`` for a filterset without a search."""
        kept = self._kept(filterset)
        counts = {}
        for facet, by_key in self.bits.items():
            mask = self.everything
            for name, matching in kept.items():
                if name != facet:
                    mask &= matching
            counts[facet] = Counter({key: n for key, bits in by_key.items() if (n := (bits & mask).bit_count())})
        return counts


def listed_bitsets(lookups: CatalogueLookups | None = None) -> ListedBitsets:
    """The listed products' ``ListedBitsets``, kept with the shared lookups for the day."""
    lookups = lookups or CatalogueLookups.shared()
    return lookups.for_today("listed-bitsets", lambda: ListedBitsets(
        ListedBitsets.rows(Product.objects.listed()), lookups,
    ))


class ListedPage(Sequence):
    """The paginator's object list for a list without a search: the page is picked from the
    bitsets and its products read by id, in that order (``Product.objects.for_cards()``), but
    for those whose cards this worker keeps, which stand in as ``KeptCard``s (pk and card).
    Its length is the paginator's count (``matching_count``)."""

    def __init__(self, bitsets: ListedBitsets, filterset: ProductFilter, sort: str, count: int):
        self.bitsets, self.sort, self.count = bitsets, sort, count
        self.mask = bitsets.matching_all(filterset)

    def __len__(self):
        return self.count

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("a ListedPage is only read a page (a slice) at a time")
        start, stop, _step = index.indices(self.count)
        return listed_cards(self.bitsets.page_pks(self.mask, self.sort, start, stop - start))


def listed_cards(pks: list[int]) -> list:
    """The listed products ``pks``, in that order, for their cards: a product whose card this
    worker keeps is not read again but stands in as a ``KeptCard`` (catalogue/fragments.py);
    the others are read by id (``Product.objects.for_cards()``)."""
    products = kept_cards(pks)
    missing = [pk for pk in pks if pk not in products]
    if missing:
        products.update(Product.objects.listed().for_cards().in_bulk(missing))
    return [products[pk] for pk in pks if pk in products]


def newest_five_star_cards(lookups: CatalogueLookups, limit: int) -> list:
    """The home page's 5-star products, newest certificate first (the list's ``?stars=5&sort=
    -certified``), picked from the bitsets and shown from kept cards where this worker has them."""
    bitsets = listed_bitsets(lookups)
    return listed_cards(bitsets.page_pks(bitsets.matching("stars", ["5"]), Sort.CERTIFIED, 0, limit))


def count_options(filterset: ProductFilter) -> dict[str, Counter]:
    """{facet: {option key: product count}}, keys as text, in one query.

    The facets whose own filter is not in use all count the same rows (every filter applied),
    so they share one scan; each facet whose filter is in use counts without it."""
    in_use = filters_in_use(filterset)
    active = [name for name in FACET_KEYS if name in in_use]
    shared = [name for name in FACET_KEYS if name not in active]
    scans = ([(shared, filterset.apply_filters(filterset.queryset))] if shared else []) + [
        ([name], filterset.apply_filters(filterset.queryset, skip={name})) for name in active
    ]
    return count_scans(scans)


def count_listed(queryset, names) -> dict[str, Counter]:
    """The ``names`` facets' counts over ``queryset`` (no filters left out), in one query."""
    return count_scans([(list(names), queryset)])


def count_scans(scans) -> dict[str, Counter]:
    """[(facet names, queryset)] → {facet: {key as text: count}}, in one query."""
    if connection.vendor == "postgresql":
        return _count_with_grouping_sets(scans)
    parts = [
        queryset.order_by()
        # Keys as text, so that the branches of the UNION have one column type.
        .annotate(facet=Value(name, output_field=CharField()),
                  key=Cast(FACET_KEYS[name], output_field=CharField()))
        .values("facet", "key")
        .annotate(n=Count("pk"))
        for names, queryset in scans for name in names
    ]
    counts = {name: Counter() for name in FACET_KEYS}
    for row in parts[0].union(*parts[1:], all=True):
        if row["key"] is not None:
            counts[row["facet"]][row["key"]] = row["n"]
    return counts


def _count_with_grouping_sets(scans) -> dict[str, Counter]:
    """PostgreSQL: each scan counts all its facets in one pass with ``GROUP BY GROUPING SETS``,
    reading the covering index on the listed products (migration 0008) rather than the table,
    instead of one pass per facet. At 20,000 products: 65 ms → 13 ms for the unfiltered list."""
    selects, params = [], []
    for names, queryset in scans:
        # "pk": values() of expressions alone would select every column as well (~30 with
        # the translated ones), all compiled and then left unread.
        inner = queryset.order_by().values("pk", **{f"k_{name}": FACET_KEYS[name] for name in names})
        inner_sql, inner_params = inner.query.get_compiler(using=inner.db).as_sql()
        # Each row says which facet it counts (GROUPING(k) is 0 in the set grouped by k) and
        # its key as text, so the scans' rows can share one UNION ALL.
        facet = " ".join(f"WHEN GROUPING(k_{name}) = 0 THEN '{name}'" for name in names)
        key = " ".join(f"WHEN GROUPING(k_{name}) = 0 THEN k_{name}::text" for name in names)
        sets = ", ".join(f"(k_{name})" for name in names)
        selects.append(
            f"SELECT CASE {facet} END AS facet, CASE {key} END AS key, COUNT(*) AS n "
            f"FROM ({inner_sql}) AS listed GROUP BY GROUPING SETS ({sets})"
        )
        params.extend(inner_params)
    counts = {name: Counter() for name in FACET_KEYS}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(f"({sql})" for sql in selects), params)
        for name, key, n in cursor.fetchall():
            if key is not None:
                counts[name][key] = n
    return counts


def matching_count(filterset: ProductFilter, counts: dict[str, Counter]) -> int:
    """How many products the current filters give, read off the stars facet: it counted every
    filter but the stars one, grouped by stars (every listed product has stars), so adding up
    the selected levels (all of them when none is selected) is the total, with no COUNT query."""
    chosen = filterset.selected.get("stars") or [value for value, _label in STAR_CHOICES]
    return sum(counts["stars"][value] for value in chosen)


@dataclass(frozen=True)
class StarLevel:
    """One of the city's four rating levels, with its listed products' count and the product
    list's query that shows exactly those products."""

    key: str  # "5", "potential", "4", "3"
    stars: int
    potential: bool
    count: int
    query: str  # GET parameters of /products/

    @property
    def label(self) -> str:
        if self.potential:
            return _("Potential 5-star")
        return ngettext("%(count)s star", "%(count)s stars", self.stars) % {"count": self.stars}


def star_levels(counts: dict[str, Counter]) -> list[StarLevel]:
    """The one definition of the star levels, for the home page and the statistics alike: 5★,
    potential 5★, 4★ and 3★, each product in exactly one. A potential 5★ is rated 4★ (a
    database constraint) and counted as its own level, never also as 4★. ``counts`` are
    ``count_listed``'s, with the "stars" and "potential" facets."""
    potential = counts["potential"]["1"]
    return [
        StarLevel("5", 5, False, counts["stars"]["5"], "stars=5"),
        StarLevel("potential", 4, True, potential, "potential=1"),
        StarLevel("4", 4, False, counts["stars"]["4"] - potential, "stars=4&potential=0"),
        StarLevel("3", 3, False, counts["stars"]["3"], "stars=3"),
    ]


def product_facets(filterset: ProductFilter, counts: dict[str, Counter]) -> dict[str, Facet]:
    """Each facet's options for the filter form: label, count, whether selected. Options with
    no products are left out of the long lists (villages, places, categories) unless selected."""
    selected = filterset.selected
    lookups = filterset.lookups

    stars = Facet("stars", [
        FacetOption(value, ngettext("%(count)s star", "%(count)s stars", int(value)) % {"count": value},
                    counts["stars"][value], value in selected.get("stars", []))
        for value, _label in STAR_CHOICES
    ])
    potential = Facet("potential", [
        FacetOption("1", _("Potential 5-star"), counts["potential"]["1"], selected.get("potential") == "1"),
    ])
    kinds = Facet("producer_kind", [
        FacetOption(value, str(label), counts["producer_kind"][value], selected.get("producer_kind") == value)
        for value, label in Producer.Kind.choices
    ])
    villages = _village_facet(filterset, counts["village"])
    return {
        "stars": stars,
        "potential": potential,
        "category": _category_facet(filterset, counts["category"]),
        "village": villages,
        "area": _area_facet(filterset, counts["area"]),
        "producer_kind": kinds,
    }


def _village_facet(filterset: ProductFilter, counts: Counter) -> Facet:
    """The craft villages with matching products, by name; when there are more than
    VILLAGE_OPTIONS, the ones with most products (and the selected one), so the list stays
    usable on a phone (Hà Nội has 1,350 craft villages) and the page small. Any village still
    filters by its address (?village=slug) and /villages/ lists them all."""
    chosen = filterset.selected.get("village")
    options = [
        FacetOption(slug, name, count, chosen == slug)
        for pk, slug, name in filterset.lookups.labels().villages
        if (count := counts.get(pk, 0)) or chosen == slug
    ]
    facet = Facet("village", options)
    if len(options) > VILLAGE_OPTIONS:
        busiest = sorted(options, key=lambda option: -option.count)[:VILLAGE_OPTIONS]
        kept = {id(option) for option in busiest} | {id(option) for option in options if option.selected}
        facet.options = [option for option in options if id(option) in kept]
        facet.shortened_from = len(options)
    return facet


def _category_facet(filterset: ProductFilter, counts: Counter) -> Facet:
    """Groups, sub-groups and categories as a tree; each counts everything below it, as the
    filter does (``Product.objects.in_category``)."""
    categories = filterset.lookups.labels().categories  # (id, parent id, slug, name)
    parent_of = {pk: parent_pk for pk, parent_pk, _slug, _name in categories}
    totals = Counter()
    for pk, count in counts.items():
        pk = int(pk)
        while pk in parent_of:
            totals[pk] += count
            pk = parent_of[pk]

    chosen = set(filterset.selected.get("category", []))
    nodes, roots = {}, []
    for pk, parent_pk, slug, name in categories:  # ordered by code: parents come before their children
        node = FacetOption(slug, name, totals[pk], slug in chosen)
        nodes[pk] = node
        (nodes[parent_pk].children if parent_pk in nodes else roots).append(node)

    def shown(option: FacetOption) -> bool:
        option.children = [child for child in option.children if shown(child)]
        return bool(option.count or option.selected or option.children)

    return Facet("category", [root for root in roots if shown(root)])


def _area_facet(filterset: ProductFilter, counts: Counter) -> Facet:
    labels = filterset.lookups.labels()
    chosen = filterset.selected.get("area")
    areas = [
        FacetOption(slug, name, count, slug == chosen)
        for pk, slug, name in labels.areas
        if (count := counts.get(pk, 0)) or slug == chosen
    ]
    districts = [
        FacetOption(slug, name, count, slug == chosen)
        for slug, name, area_pks in labels.former_districts
        if (count := sum(counts.get(pk, 0) for pk in area_pks)) or slug == chosen
    ]
    return Facet("area", areas + districts, option_groups=[
        (_("Wards and communes (since 2025)"), areas),
        (_("Former districts (before 2025)"), districts),
    ])


def active_filters(filterset: ProductFilter, facets: dict[str, Facet]) -> list[ActiveFilter]:
    """One removable entry per value in use: the search text, then each selected option."""
    active = []

    def without(param: str, value: str) -> QueryDict:
        query = filterset.data.copy()
        if param in REPEATABLE:
            query.setlist(param, [v for v in query.getlist(param) if v != value])
        else:
            query.pop(param, None)
        if param == "q":
            query.pop("exact", None)
        query.pop("page", None)
        return query

    query_text = filterset.selected.get("q")
    if query_text:
        active.append(ActiveFilter(_("Search: “%(text)s”") % {"text": query_text}, without("q", query_text)))
    for facet in facets.values():
        for option in facet.selected_options:
            active.append(ActiveFilter(option.label, without(facet.param, option.value)))
    return active
