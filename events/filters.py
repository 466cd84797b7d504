"""GET filters for the public event list: ``kind``, ``area``, ``from``, ``to``, ``q``."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.models import Area

from .models import Event


class EventFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("from"), cleaned.get("to")
        if first and last and first > last:
            raise forms.ValidationError(
                _("The “from” date must be on or before the “to” date."), code="date_order"
            )
        return cleaned


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=200)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Event.Kind.choices, empty_label=_("All kinds"))
    area = django_filters.ModelChoiceFilter(
        label=_("Ward or commune"), to_field_name="slug", empty_label=_("All of Hà Nội"),
        queryset=Area.objects.filter(events__is_published=True).distinct(),
    )

    class Meta:
        model = Event
        fields = ["q", "kind", "area"]
        form = EventFilterForm

    def filter_q(self, queryset, name, value):
        return queryset.matching(value)

    def filter_dates(self, queryset, name, value):
        if name == "from":
            return queryset.overlapping(value, None)
        return queryset.overlapping(None, value)

    @property
    def has_date_range(self) -> bool:
        return bool(self.is_valid() and (self.form.cleaned_data.get("from") or self.form.cleaned_data.get("to")))


# "from" is a Python keyword, so these two cannot be class attributes.
# Text boxes written day first, not the browser's date picker: that shows the browser's own order
# (mm/dd/yyyy in a US-English browser) whatever the page's language. ISO dates in older links
# still read (DATE_INPUT_FORMATS).
_date_widget = forms.DateInput(attrs={"inputmode": "numeric", "autocomplete": "off"}, format="%d/%m/%Y")
_date_help = _("DD/MM/YYYY, e.g. 05/11/2026")
EventFilter.base_filters["from"] = django_filters.DateFilter(
    field_name="from", label=_("From"), method="filter_dates", widget=_date_widget, help_text=_date_help,
)
EventFilter.base_filters["to"] = django_filters.DateFilter(
    field_name="to", label=_("To"), method="filter_dates", widget=_date_widget, help_text=_date_help,
)
