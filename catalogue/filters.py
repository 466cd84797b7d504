"""The product list's filters: every view of the list is a URL of GET parameters.

    /products/?q=bat+trang&stars=4&stars=5&potential=1&category=food&village=bat-trang
              &area=xa-bat-trang&producer_kind=cooperative&sort=-stars&page=2

A malformed or unknown value never fails the page: it is left out, and ``ignored_inputs()``
says what was left out so the page can tell the visitor.
"""

from collections import Counter
from dataclasses import dataclass
from functools import cached_property

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from catalogue.fragments import Fragments
from catalogue.models import Area, Category, CraftVillage, FormerDistrict, Producer, Product
from ocop_site import page_cache

STAR_CHOICES = [("5", "5★"), ("4", "4★"), ("3", "3★")]


class Sort:
    NAME = "name"
    STARS = "-stars"
    CERTIFIED = "-certified"

    choices = [
        (NAME, _("Name (A–Z)")),
        (STARS, _("Most stars")),
        (CERTIFIED, _("Newest certification")),
    ]
    # Each ends with unique columns so pages never overlap or skip a product.
    order_by = {
        NAME: ("sort_name", "pk"),
        STARS: ("-rating_stars", "-rating_potential_five_star", "sort_name", "pk"),
        CERTIFIED: ("-rating_issued_on", "sort_name", "pk"),
    }


class CatalogueLookups:
    """The small tables the filters validate against and label their options with.

    Each is read at most once, whole (tens to a few hundred rows), so the list page runs the
    same number of queries however many products or options there are. ``shared()`` keeps one
    set per worker process for as long as the content version (``ocop_site.page_cache``, a
    database row bumped by every save and bulk write, in whatever process) stays the same:
    building ~700 model objects per request was a third of the product list's time at 20,000
    products.
    """

    _shared: "tuple[int, CatalogueLookups] | None" = None

    @classmethod
    def shared(cls) -> "CatalogueLookups":
        version = page_cache.current_version()
        shared = cls._shared
        if shared is None or shared[0] != version:
            shared = (version, cls())
            cls._shared = shared
        return shared[1]

    @classmethod
    def forget_shared(cls) -> None:
        cls._shared = None

    def __init__(self):
        self._labels: "dict[str | None, LookupLabels]" = {}
        self._for_today: dict[str, tuple] = {}
        self.fragments = Fragments()

    def for_today(self, name: str, compute):
        """``compute()``, kept with these lookups (so until the content changes) for the rest
        of the day in Vietnam: for what is worked out from the listed products, whose listing
        ends on a date (``Product.objects.listed``). Every caller shares the value: read only."""
        today = timezone.localdate()
        held = self._for_today.get(name)
        if held is None or held[0] != today:
            held = self._for_today[name] = (today, compute())
        return held[1]

    def labels(self) -> "LookupLabels":
        """The options' names in the active language, worked out once per language for as long
        as these lookups are kept: reading ~700 names through modeltranslation and gettext cost
        the product list ~7 ms per request at 20,000 products."""
        language = get_language()
        labels = self._labels.get(language)
        if labels is None:
            labels = self._labels[language] = LookupLabels.of(self)
        return labels

    @cached_property
    def categories(self) -> list[Category]:
        return list(Category.objects.order_by("code"))

    @cached_property
    def groups(self) -> list[Category]:
        """The six top-level product groups, by code."""
        return [category for category in self.categories if category.parent_id is None]

    def group_counts(self, category_counts) -> Counter:
        """{group code: count} from {category id as text: count} (facet counts' keys)."""
        group_of = {str(category.pk): category.group_code for category in self.categories}
        by_group = Counter()
        for category_pk, count in category_counts.items():
            by_group[group_of.get(category_pk)] += count
        return by_group

    @cached_property
    def category_by_pk(self) -> dict[int, Category]:
        """Categories by id, each with its parent attached (the same shared objects), so a
        category path is read without a query."""
        by_pk = {category.pk: category for category in self.categories}
        for category in self.categories:
            if category.parent_id in by_pk:
                category.parent = by_pk[category.parent_id]
        return by_pk

    @cached_property
    def category_by_slug(self) -> dict[str, Category]:
        return {category.slug: category for category in self.categories}

    @cached_property
    def category_slugs(self) -> frozenset[str]:
        return frozenset(self.category_by_slug)

    @cached_property
    def villages(self) -> list[CraftVillage]:
        return list(
            # Both languages: the list is shared by the Vietnamese and English pages of a worker.
            CraftVillage.objects.only("pk", "slug", "name_vi", "name_en", "sort_name", "area_id")
            .order_by("sort_name")
        )

    @cached_property
    def village_by_slug(self) -> dict[str, CraftVillage]:
        return {village.slug: village for village in self.villages}

    @cached_property
    def village_slugs(self) -> frozenset[str]:
        return frozenset(self.village_by_slug)

    @cached_property
    def areas(self) -> list[Area]:
        return list(Area.objects.prefetch_related("former_districts").order_by("sort_name"))

    @cached_property
    def area_by_pk(self) -> dict[int, Area]:
        return {area.pk: area for area in self.areas}

    @cached_property
    def area_by_slug(self) -> dict[str, Area]:
        return {area.slug: area for area in self.areas}

    @cached_property
    def former_districts(self) -> list[FormerDistrict]:
        """The former districts today's areas were formed from."""
        by_pk = {d.pk: d for area in self.areas for d in area.former_districts.all()}
        return sorted(by_pk.values(), key=lambda district: district.sort_name)

    @cached_property
    def former_district_by_slug(self) -> dict[str, FormerDistrict]:
        return {district.slug: district for district in self.former_districts}

    @cached_property
    def area_ids_by_former_district(self) -> dict[int, set[int]]:
        area_ids = {}
        for area in self.areas:
            for district in area.former_districts.all():
                area_ids.setdefault(district.pk, set()).add(area.pk)
        return area_ids

    def fill_product(self, product: Product) -> Product:
        """Give a product from ``Product.objects.for_detail()`` its category (with the groups
        above it) and its producer's and village's places (with their former districts) from
        these shared rows: joining and prefetching them again on every product page cost more
        than the rest of its query. Anything not found here (added since these were read) is
        left to load as usual."""
        if category := self.category_by_pk.get(product.category_id):
            product.category = category
        places = [product.producer] + ([product.village] if product.village_id else [])
        for holder in places:
            if holder.area_id and (area := self.area_by_pk.get(holder.area_id)):
                holder.area = area
        return product

    def place_choices(self, *, only_area_ids=None) -> list[tuple[str, str]]:
        """Wards/communes, then former districts, as (slug, name); with ``only_area_ids``,
        only the places that contain one of those areas."""
        def wanted(area_ids):
            return only_area_ids is None or bool(set(area_ids) & only_area_ids)

        return [(a.slug, a.full_name) for a in self.areas if wanted({a.pk})] + [
            (d.slug, d.full_name) for d in self.former_districts
            if wanted(self.area_ids_by_former_district[d.pk])
        ]

    @cached_property
    def place_slugs(self) -> frozenset[str]:
        """Every ward/commune and former district slug (``place_choices``' values)."""
        return frozenset(self.area_by_slug) | frozenset(self.former_district_by_slug)

    def area_ids_for(self, place_slug: str) -> set[int]:
        """The Area ids a place slug stands for: a ward/commune itself, or every area formed
        from a former district. Their slugs never collide ('xa-…'/'phuong-…' vs 'huyen-…')."""
        if place_slug in self.area_by_slug:
            return {self.area_by_slug[place_slug].pk}
        district = self.former_district_by_slug[place_slug]
        return self.area_ids_by_former_district[district.pk]


@dataclass(frozen=True)
class LookupLabels:
    """What the product list's filters and facets show of the lookups, in one language: the
    choices as (slug, name), and per option what its facet needs (the id as facet counts key
    it, as text)."""

    category_choices: list[tuple[str, str]]
    village_choices: list[tuple[str, str]]
    place_choices: list[tuple[str, str]]
    categories: list[tuple[int, int | None, str, str]]  # (id, parent id, slug, name), by code
    villages: list[tuple[str, str, str]]  # (id, slug, name), by sort name
    areas: list[tuple[str, str, str]]  # (id, slug, full name), by sort name
    former_districts: list[tuple[str, str, tuple[str, ...]]]  # (slug, full name, its areas' ids)

    @classmethod
    def of(cls, lookups: CatalogueLookups) -> "LookupLabels":
        categories = [(c.pk, c.parent_id, c.slug, c.name) for c in lookups.categories]
        villages = [(str(v.pk), v.slug, v.name) for v in lookups.villages]
        return cls(
            category_choices=[(slug, name) for _pk, _parent, slug, name in categories],
            village_choices=[(slug, name) for _pk, slug, name in villages],
            place_choices=lookups.place_choices(),
            categories=categories,
            villages=villages,
            areas=[(str(a.pk), a.slug, a.full_name) for a in lookups.areas],
            former_districts=[
                (d.slug, d.full_name, tuple(str(pk) for pk in lookups.area_ids_by_former_district[d.pk]))
                for d in lookups.former_districts
            ],
        )


class ValidatesAgainstSlugs:
    """A choice field told its valid values as a set (``valid_values``): a value is checked
    with one lookup, and the choices (``choices``, best a callable) are only read if the field
    is drawn. Building, copying and scanning 500 choices on every request cost the product list
    7-11 ms at 20,000 products."""

    def __init__(self, *args, valid_values=None, **kwargs):
        self.valid_values = valid_values
        super().__init__(*args, **kwargs)

    def valid_value(self, value):
        if self.valid_values is None:
            return super().valid_value(value)
        return str(value) in self.valid_values


class LenientMultipleChoiceField(ValidatesAgainstSlugs, forms.MultipleChoiceField):
    """A repeatable parameter that keeps its known values and sets the unknown ones aside.

    `?category=food&category=renamed-slug` still filters by food; ``ignored_values`` lets the
    page say which value it left out (Django's field would reject the whole parameter).
    """

    def clean(self, value):
        values = list(dict.fromkeys(self.to_python(value)))
        self.ignored_values = [v for v in values if not self.valid_value(v)]
        return [v for v in values if self.valid_value(v)]


class LenientMultipleChoiceFilter(django_filters.MultipleChoiceFilter):
    field_class = LenientMultipleChoiceField


class SlugChoiceField(ValidatesAgainstSlugs, django_filters.fields.ChoiceField):
    pass


class SlugChoiceFilter(django_filters.ChoiceFilter):
    field_class = SlugChoiceField


class ProductFilterForm(forms.Form):
    # Sorting is part of the form (and the URL) but is not a filter: facet counts ignore it.
    sort = forms.ChoiceField(label=_("Sort by"), choices=[("", _("Relevance"))] + Sort.choices,
                             required=False)
    # "Search instead for what I typed": no typo correction.
    exact = forms.BooleanField(required=False)


@dataclass
class IgnoredInput:
    param: str
    label: str
    value: str
    reason: str


class ReportsIgnoredInputs:
    """For FilterSets built with ``strict = False`` views: what the URL asked for but did not get."""

    def ignored_inputs(self) -> list[IgnoredInput]:
        ignored = []
        for name, field in self.form.fields.items():
            if name in self.form.errors:
                # Choice errors repeat the (possibly huge) value; say it plainly instead.
                reason = self.form.errors[name][0] if name == "q" else _("unknown value")
                ignored.append(IgnoredInput(name, field.label, self.data.get(name, ""), reason))
            for value in getattr(field, "ignored_values", []):
                ignored.append(IgnoredInput(name, field.label, value, _("unknown value")))
        return ignored


class ProductFilter(ReportsIgnoredInputs, django_filters.FilterSet):
    """/products/: listed products narrowed by the GET parameters; see the module docstring.
    ``apply_filters(skip=…)`` also serves the facet counts (catalogue/facets.py)."""

    q = django_filters.CharFilter(label=_("Search"), max_length=200, method="filter_search")
    stars = LenientMultipleChoiceFilter(label=_("Stars"), choices=STAR_CHOICES, method="filter_stars")
    potential = django_filters.ChoiceFilter(
        label=_("Potential 5-star"), method="filter_potential",
        # "0": the 4★ products that are not potential 5★ (the home page's "4 stars" level).
        choices=[("1", _("Potential 5-star only")), ("0", _("Not potential 5-star"))],
    )
    category = LenientMultipleChoiceFilter(label=_("Product group"), method="filter_category")
    village = SlugChoiceFilter(label=_("Craft village"), method="filter_village")
    area = SlugChoiceFilter(label=_("Place"), method="filter_area")
    producer_kind = django_filters.ChoiceFilter(
        label=_("Producer"), choices=Producer.Kind.choices, method="filter_producer_kind",
    )

    class Meta:
        model = Product
        fields = []
        form = ProductFilterForm

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, lookups=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.lookups = lookups or CatalogueLookups.shared()
        # Checked against the lookups' sets of slugs; the choices (names in this language,
        # worked out once per language) are only read if a field is drawn.
        labels = self.lookups.labels()
        for name, choices, valid_values in (
            ("category", labels.category_choices, self.lookups.category_slugs),
            ("village", labels.village_choices, self.lookups.village_slugs),
            ("area", labels.place_choices, self.lookups.place_slugs),
        ):
            self.filters[name].extra.update(choices=_returning(choices), valid_values=valid_values)

    # Filtering ---------------------------------------------------------------------------

    def filter_queryset(self, queryset):
        queryset = self.apply_filters(queryset)
        return self.sort_queryset(queryset)

    def apply_filters(self, queryset, *, skip=()):
        """``queryset`` narrowed by every valid filter except those named in ``skip``
        (a facet counts its options with all the other filters applied)."""
        for name, value in self.form.cleaned_data.items():
            if name in self.filters and name not in skip:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def sort_queryset(self, queryset):
        if self.ranks_by_relevance:
            return queryset.ordered_by_relevance(self.search_query)
        return queryset.order_by(*Sort.order_by[self.form.cleaned_data.get("sort") or Sort.NAME])

    @property
    def ranks_by_relevance(self) -> bool:
        """Searched, with no other order asked for: the best matches come first."""
        return bool(self.form.cleaned_data.get("q") and not self.form.cleaned_data.get("sort"))

    def filter_search(self, queryset, name, value):
        return queryset.filter(self.search_condition)

    @cached_property
    def search_query(self):
        """``q`` as searched: its words, typos corrected within all listed products (one or two
        queries, see catalogue/search.py), decided once for the page and every facet count."""
        data = self.form.cleaned_data
        return self.queryset.interpret_search(data.get("q") or "", correct=not data.get("exact"))

    @cached_property
    def search_condition(self):
        return self.queryset.search_condition(self.search_query)

    def filter_stars(self, queryset, name, value):
        return queryset.filter(rating_stars__in=[int(stars) for stars in value])

    def filter_potential(self, queryset, name, value):
        return queryset.filter(rating_potential_five_star=(value == "1"))

    def filter_category(self, queryset, name, value):
        return queryset.in_category(*(self.lookups.category_by_slug[slug] for slug in value))

    def filter_village(self, queryset, name, value):
        return queryset.filter(village_id=self.lookups.village_by_slug[value].pk)

    def filter_area(self, queryset, name, value):
        return queryset.located_in(self.lookups.area_ids_for(value))

    def filter_producer_kind(self, queryset, name, value):
        return queryset.filter(producer_kind=value)

    @property
    def selected(self) -> dict:
        """The valid values in use, by parameter (the ones left out are missing)."""
        return self.form.cleaned_data


def _returning(value):
    """A function returning ``value``: as a field's choices, read only when the field is drawn,
    and not copied with the field (a function is copied by reference)."""
    return lambda: value


class VillageFilter(ReportsIgnoredInputs, django_filters.FilterSet):
    """/villages/?area=…: craft villages in a ward/commune or a former district."""

    area = django_filters.ChoiceFilter(label=_("Place"), empty_label=_("All places"), method="filter_area")

    class Meta:
        model = CraftVillage
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, lookups=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.lookups = lookups or CatalogueLookups.shared()
        village_area_ids = {village.area_id for village in self.lookups.villages}
        self.filters["area"].extra["choices"] = self.lookups.place_choices(only_area_ids=village_area_ids)

    def filter_area(self, queryset, name, value):
        return queryset.filter(area_id__in=self.lookups.area_ids_for(value))
