"""Public catalogue pages. Query logic lives on the QuerySets, filters and facets; views stay thin."""

import copy
from collections import Counter

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext as _
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from catalogue.facets import (
    ListedPage,
    active_filters,
    cached_count_options,
    counted_state,
    filters_in_use,
    listed_bitsets,
    listed_counts,
    matching_count,
    newest_five_star_cards,
    product_facets,
    star_levels,
    unfiltered_facets,
)
from catalogue.filters import CatalogueLookups, ProductFilter, Sort, VillageFilter
from catalogue.models import CraftVillage, Producer, Product
from catalogue.search import related_to

FEATURED_PRODUCTS = 8
HOME_VILLAGES = 12
RELATED_PRODUCTS = 8


class CountedPaginator(Paginator):
    """A Paginator told its number of objects, so it runs no COUNT query of its own."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count = count  # shadows Paginator.count, a cached_property


def page_of(request, queryset, per_page=settings.PRODUCTS_PER_PAGE):
    """The page ``?page=`` asks for; anything that is not a page number shows the nearest page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def page_notice(requested: str | None, page) -> str | None:
    """What to tell the visitor when ``?page=`` was not a page that exists."""
    if requested in (None, ""):
        return None
    try:
        number = int(requested)
    except ValueError:
        return _("“%(page)s” is not a page number; showing page %(shown)s.") % {
            "page": Truncator(requested).chars(20), "shown": page.number,
        }
    if number != page.number:
        return _("There is no page %(page)s; showing page %(shown)s.") % {
            "page": Truncator(requested).chars(20), "shown": page.number,
        }
    return None


def ignored_input_notices(filterset) -> list[str]:
    """One sentence per URL value a filter left out (unknown slug, malformed number, …)."""
    return [
        _("Ignored “%(value)s” for “%(filter)s”: %(reason)s.") % {
            "value": Truncator(item.value).chars(40), "filter": item.label,
            "reason": str(item.reason).rstrip("."),
        }
        for item in filterset.ignored_inputs()
    ]


def with_listed_product_counts(villages, counts: dict[int, int]):
    """Set ``listed_product_count`` on each village from ``counts`` (by village id)."""
    for village in villages:
        village.listed_product_count = counts.get(village.pk, 0)
    return villages


def busiest_villages(lookups, counts: Counter, limit: int) -> list[CraftVillage]:
    """The ``limit`` villages with most listed products (then by name), each with its count;
    ``counts`` by village id as text. Copies: the shared lookups are not written to."""
    by_pk = {village.pk: village for village in lookups.villages}
    busiest = sorted((pk for pk in map(int, counts) if pk in by_pk),
                     key=lambda pk: (-counts[str(pk)], by_pk[pk].sort_name))[:limit]
    return with_listed_product_counts([copy.copy(by_pk[pk]) for pk in busiest],
                                      {pk: counts[str(pk)] for pk in busiest})


def exact_search_query(params):
    """The current list's parameters asking for what was typed, without typo correction."""
    query = params.copy()
    query["exact"] = "1"
    query.pop("page", None)
    return query


def related_context(search, *, no_results: bool) -> dict:
    """``related_pages`` (groups of villages, producers, showrooms, events named like the
    search) and ``former_products`` (links to the /verify/ pages of matching products no
    longer certified, only when no certified product matches)."""
    groups = related_to(search, former_products=no_results, language=get_language()) if search else []
    return {
        "related_pages": [group for group in groups if group.kind != "former"],
        "former_products": next((group.links for group in groups if group.kind == "former"), []),
    }


class HomeView(TemplateView):
    template_name = "catalogue/home.html"

    def get_context_data(self, **kwargs):
        # Stars, groups and villages: the listed products' counts, kept with the shared lookups.
        lookups = CatalogueLookups.shared()
        counts = listed_counts(lookups)
        groups = [copy.copy(group) for group in lookups.groups]  # the shared lookups stay unwritten
        group_counts = lookups.group_counts(counts["category"])
        for group in groups:
            group.listed_product_count = group_counts[group.group_code]
        return super().get_context_data(
            star_levels=star_levels(counts),
            featured_products=newest_five_star_cards(lookups, FEATURED_PRODUCTS),
            groups=groups,
            villages=busiest_villages(lookups, counts["village"], HOME_VILLAGES),
            **kwargs,
        )


class ProductListView(FilterView):
    """/products/: the filtered, faceted, paginated list of listed products."""

    template_name = "catalogue/product_list.html"
    filterset_class = ProductFilter
    # A bad value is left out (and reported); the other filters still apply.
    strict = False

    def get_queryset(self):
        return Product.objects.listed().for_cards()

    def get_paginate_by(self, queryset):
        # Read per request (not at import) so a deployment or a test can change it.
        return settings.PRODUCTS_PER_PAGE

    def get_filterset_kwargs(self, filterset_class):
        # Always bound, also without parameters, so the default order and the counts come
        # from the same code path as a filtered view.
        return {**super().get_filterset_kwargs(filterset_class), "data": self.request.GET}

    def get_paginator(self, queryset, per_page, **kwargs):
        count = matching_count(self.filterset, self.facet_counts)
        if not self.filterset.selected.get("q"):
            # Without a search the page is picked from the listed products' bitsets (they
            # already gave the counts) and read by id: no filtering or sorting in SQL.
            sort = self.filterset.selected.get("sort") or Sort.NAME
            queryset = ListedPage(listed_bitsets(self.filterset.lookups), self.filterset, sort, count)
        return CountedPaginator(queryset, per_page, count=count)

    def paginate_queryset(self, queryset, page_size):
        """Any ``?page=`` value shows a page (the first or last) rather than a 404."""
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        if self.filterset.ranks_by_relevance:
            page.object_list = page.object_list.joined_after_slicing()
        self.page_notice = page_notice(self.request.GET.get("page"), page)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        # First: the paginator takes its count from these (one query for all the counts).
        self.facet_counts = cached_count_options(self.filterset)
        context = super().get_context_data(**kwargs)
        # Nothing narrows the list: the same facets (and filter form, rendered once per path and
        # kept: catalogue/fragments.py) for every page and sort order of it.
        unfiltered = not counted_state(self.filterset)
        facets = (unfiltered_facets(self.filterset) if unfiltered
                  else product_facets(self.filterset, self.facet_counts))
        search = self.filterset.search_query if self.filterset.selected.get("q") else None
        context.update(
            products=list(context["page_obj"].object_list),
            selected=self.filterset.selected,
            facets=facets,
            unfiltered_form_key=self.request.path if unfiltered else None,
            active_filters=active_filters(self.filterset, facets),
            notices=self.notices(),
            search=search,
            exact_search_query=exact_search_query(self.request.GET) if search and search.corrected_to else None,
            # Villages, producers, showrooms, events named like the query; when no certified
            # product matches, the ones no longer certified (one query).
            # "No certified product matches the words" only when the words alone found none.
            **related_context(search, no_results=not context["paginator"].count
                              and set(filters_in_use(self.filterset)) <= {"q", "exact", "sort"}),
        )
        return context

    def notices(self) -> list[str]:
        return ignored_input_notices(self.filterset) + ([self.page_notice] if self.page_notice else [])


class ProductDetailView(DetailView):
    template_name = "catalogue/product_detail.html"
    context_object_name = "product"

    def get_queryset(self):
        return Product.objects.for_detail()

    def get_object(self, queryset=None):
        return CatalogueLookups.shared().fill_product(super().get_object(queryset))

    def get_context_data(self, **kwargs):
        product = self.object
        same_village = Product.objects.none()
        if product.village_id:
            same_village = (
                Product.objects.listed().filter(village_id=product.village_id).exclude(pk=product.pk)
                .as_cards()[:RELATED_PRODUCTS]
            )
        return super().get_context_data(
            rating_history=product.certifications.order_by("issued_on", "pk"),
            same_village_products=same_village,
            **kwargs,
        )


class VillageListView(FilterView):
    template_name = "catalogue/village_list.html"
    filterset_class = VillageFilter
    paginate_by = 48
    strict = False

    def get_queryset(self):
        return CraftVillage.objects.select_related("area")

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "data": self.request.GET}

    def paginate_queryset(self, queryset, page_size):
        # Every village matching the filter goes on the map, not only this page of the list;
        # the same query counts them, so the paginator needs no COUNT of its own.
        self.village_markers, total = queryset.map_markers()
        paginator = self.get_paginator(queryset, page_size)
        paginator.__dict__["count"] = total  # fills the cached_property
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(notices=ignored_input_notices(self.filterset), **kwargs)
        context["village_markers"] = self.village_markers
        counts = Product.objects.listed().count_by_village()
        with_listed_product_counts(context["page_obj"].object_list, counts)
        return context


class VillageDetailView(DetailView):
    template_name = "catalogue/village_detail.html"
    context_object_name = "village"
    queryset = CraftVillage.objects.select_related("area").prefetch_related("area__former_districts")

    def get_context_data(self, **kwargs):
        products = Product.objects.listed().filter(village=self.object)
        return super().get_context_data(
            page_obj=page_of(self.request, products.for_cards().order_by("sort_name", "pk")),
            producers=Producer.objects.filter(pk__in=products.values("producer_id")).select_related("area"),
            **kwargs,
        )


class ProducerDetailView(DetailView):
    template_name = "catalogue/producer_detail.html"
    context_object_name = "producer"
    queryset = Producer.objects.select_related("area").prefetch_related("area__former_districts")

    def get_context_data(self, **kwargs):
        products = Product.objects.listed().filter(producer=self.object).for_cards()
        products = products.order_by("sort_name", "pk")
        return super().get_context_data(page_obj=page_of(self.request, products), **kwargs)
