"""Public showroom pages: the locator (list + map) and a showroom's page."""

import datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Window
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.generic import DetailView
from django_filters.views import FilterView

from catalogue.models import Product, ProductImage

from .filters import ShowroomFilter
from .models import OpeningException, Showroom

# "Open now" changes with the clock, so pages say how long they stay true (the anonymous page
# cache and browsers honour max-age); never longer than this.
MAX_CACHE_SECONDS = 300
PRODUCTS_SHOWN = 24


def seconds_until_status_changes(statuses, now) -> int:
    changes = [s.closes_at or s.opens_at for s in statuses if s.known]
    ahead = [(when - now).total_seconds() for when in changes if when and when > now]
    return int(min([MAX_CACHE_SECONDS, *ahead]))


class CountedPaginator(Paginator):
    """A paginator told its count: the map's rows of every match are fetched anyway, so their
    number saves the list its COUNT query."""

    def __init__(self, object_list, per_page, *, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = count  # fills the cached_property


def map_context():
    return {"map_tile_url": settings.MAP_TILE_URL, "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION}


class ShowroomListView(FilterView):
    template_name = "showrooms/showroom_list.html"
    filterset_class = ShowroomFilter
    paginate_by = 20
    strict = False  # a bad parameter is reported; the others still apply

    def get_queryset(self):
        self.now = timezone.now()
        return Showroom.objects.active().for_list(today=timezone.localdate(self.now))

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        # Every matching showroom goes on the map, not only this page of the list.
        self.map_markers = queryset.map_markers()
        return CountedPaginator(queryset, per_page, count=len(self.map_markers), orphans=orphans,
                                allow_empty_first_page=allow_empty_first_page, **kwargs)

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "now": self.now}

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and not self.filterset.is_valid():
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for showroom in context["object_list"]:
            showroom.status_now = showroom.status(self.now)
        context.update(map_context())
        context["map_markers"] = self.map_markers
        context["map_kinds"] = Showroom.Kind.choices
        context["origin"] = self.filterset.origin
        context["area_without_centre"] = self.filterset.area_without_centre
        context["radius"] = self.filterset.radius_km
        context["product"] = self.filterset.product
        context["has_filters"] = bool(self.filterset.is_bound)
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        statuses = [s.status_now for s in context["object_list"]]
        patch_cache_control(response, max_age=seconds_until_status_changes(statuses, self.now))
        return response


class ShowroomDetailView(DetailView):
    template_name = "showrooms/showroom_detail.html"

    def get_queryset(self):
        self.now = timezone.now()
        today = timezone.localdate(self.now)
        return Showroom.objects.active().select_related("area").prefetch_related(
            "area__former_districts",
            "opening_hours",
            Prefetch("opening_exceptions",
                     queryset=OpeningException.objects.filter(date_to__gte=today - datetime.timedelta(days=1))),
            "photos",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        showroom = self.object
        today = timezone.localdate(self.now)
        schedule = showroom.schedule()
        status = schedule.status(self.now)
        products = (
            # The product list's cards ({% product_card %}): same look, same queries.
            Product.objects.for_cards().filter(pk__in=showroom.carried_products().values("pk"))
            .order_by("-rating_stars", "sort_name", "pk")
            # How many there are in all, on every row: no separate COUNT query for "and N more".
            .annotate(carried_count=Window(Count("pk")))
        )
        shown = list(products[: PRODUCTS_SHOWN + 1])
        context.update(map_context())
        context.update({
            "status": status,
            "today": today,
            "days": schedule.week(today),
            "upcoming_exceptions": [
                e for e in showroom.opening_exceptions.all()
                if e.date_to >= today and e.date_from <= today + datetime.timedelta(days=60)
            ],
            "products": shown[:PRODUCTS_SHOWN],
            "more_products": len(shown) > PRODUCTS_SHOWN,
            "product_count": shown[0].carried_count if shown else 0,
            "groups": showroom.carried_groups(),
        })
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        patch_cache_control(response, max_age=seconds_until_status_changes([context["status"]], self.now))
        return response
