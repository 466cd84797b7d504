"""Staff enter a showroom in one screen: details, coordinates with a live map preview, weekly
hours, dated exceptions and photos inline, producers/products by autocomplete."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from catalogue.admin.search import AccentInsensitiveSearchMixin
from catalogue.models import FormerDistrict
from ocop_site.translation import EnglishMissingFilter

from . import hours
from .models import OpeningException, OpeningHours, Showroom, ShowroomPhoto

class OpeningHoursFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        by_day: dict[int, list[hours.Interval]] = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or data.get("weekday") is None:
                continue
            if data.get("opens") is None or data.get("closes") is None:
                continue
            by_day.setdefault(data["weekday"], []).append(hours.Interval(data["opens"], data["closes"]))
        problems = []
        for weekday, intervals in sorted(by_day.items()):
            for first, second in hours.overlapping(intervals):
                problems.append(_("%(day)s: %(a)s and %(b)s overlap.") % {
                    "day": OpeningHours.Weekday(weekday).label,
                    "a": f"{first.opens:%H:%M}–{first.closes:%H:%M}",
                    "b": f"{second.opens:%H:%M}–{second.closes:%H:%M}",
                })
        if problems:
            raise forms.ValidationError(problems)


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    formset = OpeningHoursFormSet
    extra = 0
    fields = ["weekday", "opens", "closes"]


class OpeningExceptionInline(TranslationTabularInline):
    model = OpeningException
    extra = 0
    fields = ["date_from", "date_to", "opens", "closes", "note"]


class ShowroomPhotoInline(TranslationTabularInline):
    model = ShowroomPhoto
    extra = 0
    fields = ["image", "alt_text", "position"]


class FormerDistrictFilter(admin.SimpleListFilter):
    title = _("former district")
    parameter_name = "former_district"

    def lookups(self, request, model_admin):
        return [(d.slug, d.full_name) for d in FormerDistrict.objects.filter(areas__showrooms__isnull=False)
                .distinct()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(area__former_districts__slug=self.value())
        return queryset


class CoordinateInput(forms.NumberInput):
    def __init__(self, attrs=None):
        super().__init__({"step": "any", **(attrs or {})})


@admin.register(Showroom)
class ShowroomAdmin(AccentInsensitiveSearchMixin, TranslationAdmin, SimpleHistoryAdmin):
    list_display = ["name_vi", "kind", "area", "is_active", "updated_at"]
    list_filter = ["kind", ("area", admin.RelatedOnlyFieldListFilter), FormerDistrictFilter, "is_active", EnglishMissingFilter]
    list_select_related = ["area"]
    search_fields = ["search_text__contains"]  # name, address and area, accent-free
    raw_search_fields = ["phone", "email"]
    autocomplete_fields = ["area", "producers", "products"]
    filter_horizontal = ["categories"]
    readonly_fields = ["map_preview"]
    actions = ["activate", "deactivate"]
    inlines = [OpeningHoursInline, OpeningExceptionInline, ShowroomPhotoInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "is_active", "description"]}),
        (_("Location"), {"fields": ["address", "area", ("latitude", "longitude"), "map_preview"]}),
        (_("Contact"), {"fields": ["phone", "email", "website"]}),
        (_("What is sold here"), {"fields": ["producers", "products", "categories"]}),
    ]

    class Media:
        css = {"all": ["vendor/leaflet/leaflet.css", "showrooms/css/showroom-map.css"]}
        js = ["vendor/leaflet/leaflet.js", "showrooms/js/admin-map.js"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in ("latitude", "longitude"):
            kwargs["widget"] = CoordinateInput()
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("Map preview"))
    def map_preview(self, obj):
        # Filled by admin-map.js from the latitude/longitude inputs; clicking the map moves the pin.
        return format_html(
            '<div class="showroom-map showroom-map-admin" data-admin-map data-tile-url="{}" '
            'data-tile-attribution="{}" data-marker-icon="{}" data-marker-icon-2x="{}" '
            'data-marker-shadow="{}" data-default-lat="21.0285" data-default-lon="105.8542"></div>'
            '<p class="help">{}</p>',
            settings.MAP_TILE_URL, settings.MAP_TILE_ATTRIBUTION,
            static("vendor/leaflet/images/marker-icon.png"), static("vendor/leaflet/images/marker-icon-2x.png"),
            static("vendor/leaflet/images/marker-shadow.png"),
            _("The pin follows the coordinates above; click the map to move it there."),
        )

    @admin.action(description=_("Activate the selected showrooms"), permissions=["change"])
    def activate(self, request, queryset):
        self._set_active(request, queryset, True)

    @admin.action(description=_("Deactivate the selected showrooms (hide from the public)"),
                  permissions=["change"])
    def deactivate(self, request, queryset):
        self._set_active(request, queryset, False)

    def _set_active(self, request, queryset, active: bool):
        changed = 0
        # One save per row (not update()) so the change history records who did it.
        for showroom in queryset.exclude(is_active=active):
            showroom.is_active = active
            showroom.save(update_fields=["is_active", "updated_at"])
            changed += 1
        if active:
            message = ngettext("%(n)d showroom activated.", "%(n)d showrooms activated.", changed)
        else:
            message = ngettext("%(n)d showroom deactivated.", "%(n)d showrooms deactivated.", changed)
        self.message_user(request, message % {"n": changed}, messages.SUCCESS)
