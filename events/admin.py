"""Staff editing of events and their booths."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Min, Q
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _, ngettext
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from catalogue.models import Area, Producer, Product
from catalogue.text import normalize_search
from ocop_site.translation import EnglishMissingFilter
from showrooms.models import Showroom

from .models import Booth, Event, check_featured_products
from .services import duplicate_as_next_edition
from .timing import hanoi_today


class BoothProductsWidget(AutocompleteSelectMultiple):
    """Django's select2 autocomplete, fed by the events admin's own endpoint, which only offers
    the products of the booth's producer (``?producer=`` in the URL; static/events/admin/booths.js
    keeps it in step when staff pick another producer)."""

    def __init__(self, admin_site, producer_id=None):
        super().__init__(Booth._meta.get_field("featured_products"), admin_site)
        self.producer_id = producer_id

    def get_url(self):
        url = reverse(f"{self.admin_site.name}:events_booth_products")
        return f"{url}?producer={self.producer_id}" if self.producer_id else url

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-base-url"] = reverse(f"{self.admin_site.name}:events_booth_products")
        attrs["class"] += " booth-products"
        return attrs


class BoothInlineForm(forms.ModelForm):
    class Meta:
        model = Booth
        fields = ["producer", "label", "featured_products"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("featured_products")
        if field is not None and self.instance.producer_id:
            # Once the producer is known, only its products are offered.
            field.queryset = Product.objects.filter(producer_id=self.instance.producer_id)
            widget = getattr(field.widget, "widget", field.widget)  # inside the admin's wrapper
            if isinstance(widget, BoothProductsWidget):
                widget.producer_id = self.instance.producer_id

    def clean_label(self):
        return self.cleaned_data["label"].strip()

    def clean(self):
        cleaned = super().clean()
        producer, products = cleaned.get("producer"), cleaned.get("featured_products")
        if producer and products:
            try:
                check_featured_products(producer, products)
            except forms.ValidationError as error:
                self.add_error("featured_products", error)
        return cleaned


class BoothFormSet(forms.BaseInlineFormSet):
    """Duplicates among the rows of one submission, in words staff understand (Django's own
    check would only say "Please correct the duplicate data")."""

    def clean(self):
        producers, labels, found = set(), set(), False
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            producer, label = form.cleaned_data.get("producer"), form.cleaned_data.get("label", "")
            if producer:
                if producer.pk in producers:
                    form.add_error("producer", _("This producer already has a booth at this event."))
                    found = True
                producers.add(producer.pk)
            if label:
                if label.casefold() in labels:
                    form.add_error("label", _("Another exhibitor already has this booth at this event."))
                    found = True
                labels.add(label.casefold())
        if not found:
            super().clean()


def _has_search(model) -> bool:
    model_admin = admin.site._registry.get(model)
    return bool(model_admin and model_admin.search_fields)


class BoothInline(admin.TabularInline):
    model = Booth
    form = BoothInlineForm
    formset = BoothFormSet
    extra = 1
    fields = ["producer", "label", "featured_products"]

    def get_autocomplete_fields(self, request):
        # The producer search comes from the catalogue's ProducerAdmin (its search_fields);
        # without it, a plain select still works.
        return ["producer"] if _has_search(Producer) else []

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "featured_products":
            kwargs["widget"] = BoothProductsWidget(self.admin_site)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("producer")


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        bounds = Event.objects.aggregate(first=Min("start_date"), last=Max("end_date"))
        if not bounds["first"]:
            return []
        return [(str(y), str(y)) for y in range(bounds["last"].year, bounds["first"].year - 1, -1)]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.in_year(int(self.value()))
        return queryset


class WhenFilter(admin.SimpleListFilter):
    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", _("Upcoming")), ("ongoing", _("Ongoing")), ("past", _("Past"))]

    def queryset(self, request, queryset):
        today = hanoi_today()
        if self.value() == "upcoming":
            return queryset.upcoming(today)
        if self.value() == "ongoing":
            return queryset.ongoing(today)
        if self.value() == "past":
            return queryset.past(today)
        return queryset


@admin.register(Event)
class EventAdmin(TranslationAdmin, SimpleHistoryAdmin):
    list_display = ["name_vi", "kind", "start_date", "end_date", "venue_name_vi", "area", "booth_count", "is_published"]
    list_filter = ["kind", YearFilter, ("area", admin.RelatedOnlyFieldListFilter), WhenFilter, "is_published", EnglishMissingFilter]
    search_fields = ["name_vi", "name_en", "venue_name_vi", "venue_name_en", "organisers_vi", "organisers_en"]
    date_hierarchy = "start_date"
    list_select_related = ["area"]
    inlines = [BoothInline]
    actions = ["duplicate_next_year", "duplicate_next_year_with_booths", "publish", "unpublish"]
    readonly_fields = ["published_at", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "is_published"]}),
        (_("When"), {"fields": [("start_date", "end_date"), ("start_time", "end_time")]}),
        (_("Where"), {"fields": ["venue_showroom", "venue_name", "venue_address", "area", ("latitude", "longitude")]}),
        (_("About"), {"fields": ["organisers", "description", "cover_image", "cover_alt"]}),
        (_("Record"), {"fields": ["published_at", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    class Media:
        js = ["admin/js/vendor/jquery/jquery.min.js", "admin/js/jquery.init.js", "events/admin/booths.js"]

    def get_autocomplete_fields(self, request):
        return [name for name, model in (("area", Area), ("venue_showroom", Showroom)) if _has_search(model)]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(booth_count=Count("booths"))

    @admin.display(description=_("booths"), ordering="booth_count")
    def booth_count(self, event):
        return event.booth_count

    def get_urls(self):
        return [
            path("booth-products/", self.admin_site.admin_view(self.booth_products_view),
                 name="events_booth_products"),
        ] + super().get_urls()

    def booth_products_view(self, request):
        """select2's JSON for the featured products of one producer (all products if none given)."""
        if not (self.has_change_permission(request) or self.has_add_permission(request)):
            raise PermissionDenied
        products = Product.objects.order_by("sort_name", "pk")
        producer = request.GET.get("producer", "")
        if producer.isdigit():
            products = products.filter(producer_id=int(producer))
        term = request.GET.get("term", "").strip()
        if term:
            products = products.filter(Q(search_name__contains=normalize_search(term)) | Q(code__icontains=term))
        page = request.GET.get("page", "1")
        page = int(page) if page.isdigit() and int(page) > 0 else 1
        size = 20
        rows = list(products[(page - 1) * size: page * size + 1])
        return JsonResponse({
            "results": [{"id": str(p.pk), "text": str(p)} for p in rows[:size]],
            "pagination": {"more": len(rows) > size},
        })

    @admin.action(description=_("Duplicate as next year's edition (without booths)"), permissions=["add"])
    def duplicate_next_year(self, request, queryset):
        self._duplicate(request, queryset, with_booths=False)

    @admin.action(description=_("Duplicate as next year's edition (with booths)"), permissions=["add"])
    def duplicate_next_year_with_booths(self, request, queryset):
        self._duplicate(request, queryset, with_booths=True)

    def _duplicate(self, request, queryset, *, with_booths):
        copies = [duplicate_as_next_edition(event, with_booths=with_booths) for event in queryset]
        self.message_user(
            request,
            ngettext(
                "Created %(count)d unpublished event for next year: %(names)s.",
                "Created %(count)d unpublished events for next year: %(names)s.",
                len(copies),
            ) % {"count": len(copies), "names": ", ".join(c.name_vi for c in copies)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Publish selected events"), permissions=["change"])
    def publish(self, request, queryset):
        for event in queryset.filter(is_published=False):
            event.is_published = True
            event.save()
        self.message_user(request, _("Published."), messages.SUCCESS)

    @admin.action(description=_("Unpublish selected events"), permissions=["change"])
    def unpublish(self, request, queryset):
        for event in queryset.filter(is_published=True):
            event.is_published = False
            event.save()
        self.message_user(request, _("Unpublished."), messages.SUCCESS)
