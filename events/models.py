"""Fairs, OCOP weeks, exhibitions and showcase spaces, and the producers who exhibit there."""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _, ngettext
from simple_history.models import HistoricalRecords

from catalogue.models import Area, Producer, Product
from catalogue.models.base import SluggedModel, unique_slug
from catalogue.models.products import search_words
from catalogue.text import normalize_search, slugify_vi
from ocop_site.plain_text import PlainTextModel
from ocop_site.uploads import SafeImageField

from .timing import HANOI, hanoi_now


# Paths under /events/ that an event's slug must not take (see events/urls.py).
RESERVED_SLUGS = {"feed", "past", "calendar"}


class EventQuerySet(models.QuerySet):
    """Date logic takes ``today`` (a date in Hà Nội, see ``timing.hanoi_today``) explicitly, so
    callers decide what "now" is and tests can be exact."""

    def published(self):
        return self.filter(is_published=True)

    def upcoming(self, today: datetime.date):
        """Not started yet, soonest first."""
        return self.filter(start_date__gt=today).order_by("start_date", "start_time", "pk")

    def ongoing(self, today: datetime.date):
        """On today (any of its days), the ones ending soonest first."""
        return self.filter(start_date__lte=today, end_date__gte=today).order_by(
            "end_date", "start_date", "pk"
        )

    def current(self, today: datetime.date):
        """Ongoing and upcoming together, soonest first: what a visitor can still go to."""
        return self.filter(end_date__gte=today).order_by("start_date", "start_time", "end_date", "pk")

    def past(self, today: datetime.date):
        """Over (last day before today), most recent first."""
        return self.filter(end_date__lt=today).order_by("-end_date", "-start_date", "-pk")

    def in_year(self, year: int):
        """Events with at least one day in ``year``."""
        return self.filter(start_date__year__lte=year, end_date__year__gte=year)

    def overlapping(self, first: datetime.date | None, last: datetime.date | None):
        """Events with a day between ``first`` and ``last`` (either may be open)."""
        qs = self
        if first:
            qs = qs.filter(end_date__gte=first)
        if last:
            qs = qs.filter(start_date__lte=last)
        return qs

    def matching(self, text: str):
        """Every word of ``text`` in the name, venue, organisers or area, ignoring accents.
        The first few distinct words only, as the product search: one condition per word, and
        SQLite refuses a statement nested a thousand deep (``?q=a+a+a…`` was a server error)."""
        for word in search_words(text):
            self = self.filter(search_text__contains=word)
        return self

    def for_cards(self):
        return self.select_related("area")

    def with_exhibitor(self, producer):
        return self.filter(booths__producer=producer)


@dataclass(frozen=True)
class EventState:
    """Where an event stands at a given moment: ``code`` is upcoming / today / ongoing / ended."""

    code: str
    label: str
    days: int = 0

    @property
    def badge_class(self) -> str:
        return {"ongoing": "badge-ok", "today": "badge-ok", "upcoming": "badge", "ended": "badge-bad"}[
            self.code
        ]


class Event(PlainTextModel, SluggedModel):
    slug_source_field = "name_vi"

    class Kind(models.TextChoices):
        FAIR = "fair", _("Fair")
        OCOP_WEEK = "ocop_week", _("OCOP week")
        EXHIBITION = "exhibition", _("Exhibition")
        SHOWCASE = "showcase", _("Showcase space")
        SEMINAR = "seminar", _("Seminar")

    # Translated (events/translation.py): name_vi, name_en, venue_name_vi, … are the columns.
    name = models.CharField(_("name"), max_length=250)
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, blank=True,
        help_text=_("Part of the web address; made from the name when left empty."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)

    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"), help_text=_("The same as the first day for a one-day event."))
    start_time = models.TimeField(
        _("starts at"), null=True, blank=True,
        help_text=_("Hà Nội time. Leave both times empty for an all-day event."),
    )
    end_time = models.TimeField(
        _("ends at"), null=True, blank=True,
        help_text=_("Hà Nội time, on the last day. Empty: open until the end of the last day."),
    )

    venue_showroom = models.ForeignKey(
        "showrooms.Showroom", on_delete=models.SET_NULL, null=True, blank=True, related_name="events",
        verbose_name=_("venue showroom"),
        help_text=_("When the event is held at an OCOP showroom; empty venue fields are filled from it."),
    )
    venue_name = models.CharField(_("venue"), max_length=250, blank=True)
    venue_address = models.CharField(_("venue address"), max_length=300, blank=True)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="events",
        verbose_name=_("area"),
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)

    organisers = models.CharField(_("organisers"), max_length=400, blank=True)
    description = models.TextField(_("description"), blank=True)
    cover_image = SafeImageField(_("cover image"), upload_to="events/%Y/", blank=True,
                                 width_field="cover_width", height_field="cover_height")
    cover_width = models.PositiveIntegerField(_("cover image width"), null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(_("cover image height"), null=True, blank=True, editable=False)
    cover_alt = models.CharField(
        _("cover image alt text"), max_length=250, blank=True,
        help_text=_("What the photo shows, for people who cannot see it."),
    )

    is_published = models.BooleanField(_("published"), default=False, db_index=True)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    # Who changed what and when, kept after the object is deleted (staff audit trail).
    history = HistoricalRecords()

    class Meta:
        ordering = ["start_date", "start_time", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["is_published", "end_date", "start_date"], name="event_public_dates"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(end_time__isnull=True) | models.Q(start_time__isnull=False),
                name="event_end_time_needs_start_time",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date"))
                | models.Q(end_time__isnull=True)
                | models.Q(end_time__gte=models.F("start_time")),
                name="event_same_day_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.name_vi} ({self.start_date:%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("events:event_detail", kwargs={"slug": self.slug})

    def get_ics_url(self):
        return reverse("events:event_ics", kwargs={"slug": self.slug})

    @property
    def is_all_day(self) -> bool:
        return self.start_time is None

    @property
    def is_single_day(self) -> bool:
        return self.start_date == self.end_date

    @property
    def starts_at(self) -> datetime.datetime | None:
        """The opening moment in Hà Nội, for timed events."""
        if self.start_time is None:
            return None
        return datetime.datetime.combine(self.start_date, self.start_time, tzinfo=HANOI)

    @property
    def ends_at(self) -> datetime.datetime | None:
        """The closing moment in Hà Nội: the end time on the last day, or midnight after it."""
        if self.start_time is None:
            return None
        if self.end_time is not None:
            return datetime.datetime.combine(self.end_date, self.end_time, tzinfo=HANOI)
        return datetime.datetime.combine(self.end_date + datetime.timedelta(days=1), datetime.time(),
                                         tzinfo=HANOI)

    @property
    def map_url(self) -> str:
        """An OpenStreetMap link: the pin when coordinates are known, else a search for the address."""
        from urllib.parse import urlencode

        if self.latitude is not None and self.longitude is not None:
            return (f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}"
                    f"#map=17/{self.latitude}/{self.longitude}")
        query = ", ".join(p for p in [self.venue_name, self.venue_address, "Hà Nội"] if p)
        return "https://www.openstreetmap.org/search?" + urlencode({"query": query})

    def state(self, now: datetime.datetime | None = None) -> EventState:
        """Upcoming ("in 3 days"), today ("starts at 18:00"), ongoing or ended, at ``now``."""
        local = hanoi_now(now)
        today = local.date()
        if today < self.start_date:
            days = (self.start_date - today).days
            if days == 1:
                label = gettext("tomorrow")
            else:
                label = ngettext("in %(days)d day", "in %(days)d days", days) % {"days": days}
            return EventState("upcoming", label, days)
        if today > self.end_date or (self.ends_at is not None and local >= self.ends_at):
            return EventState("ended", gettext("ended"))
        if self.starts_at is not None and local < self.starts_at:
            return EventState("today", gettext("starts today at %(time)s") % {
                "time": self.start_time.strftime("%H:%M")})
        return EventState("ongoing", gettext("ongoing"))

    def build_search_text(self) -> str:
        parts = [self.name_vi, self.name_en, self.venue_name_vi, self.venue_address_vi, self.organisers_vi]
        if self.area_id:
            parts.append(self.area.official_name)
        return normalize_search(" ".join(p for p in parts if p))

    def fill_venue_from_showroom(self) -> None:
        """Copy the showroom's name, address, area and position into the venue fields left empty."""
        showroom = self.venue_showroom
        if showroom is None:
            return
        for lang in ("vi", "en"):  # each language's venue from the showroom's text in it
            if not getattr(self, f"venue_name_{lang}"):
                setattr(self, f"venue_name_{lang}", getattr(showroom, f"name_{lang}"))
            if not getattr(self, f"venue_address_{lang}"):
                setattr(self, f"venue_address_{lang}", getattr(showroom, f"address_{lang}"))
        if self.area_id is None:
            self.area_id = showroom.area_id
        if self.latitude is None and self.longitude is None and showroom.latitude is not None:
            self.latitude = Decimal(str(round(showroom.latitude, 6)))
            self.longitude = Decimal(str(round(showroom.longitude, 6)))

    def clean(self):
        errors = {}
        self.fill_venue_from_showroom()
        if not self.venue_name_vi:
            errors["venue_name_vi"] = _("Give the venue, or choose the showroom where the event is held.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The last day cannot be before the first day.")
        if self.end_time is not None and self.start_time is None:
            errors["start_time"] = _("Give the start time too, or leave both times empty.")
        elif (self.start_date and self.start_date == self.end_date and self.start_time is not None
              and self.end_time is not None and self.end_time < self.start_time):
            errors["end_time"] = _("A one-day event cannot end before it starts.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = _(
                "Give both latitude and longitude, or neither.")
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("This address is used by the events pages; choose another.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.fill_venue_from_showroom()
        if not self.slug and slugify_vi(self.name_vi) in RESERVED_SLUGS:
            self.slug = unique_slug(self, f"{self.name_vi} {self.start_date:%Y}")
        self.search_text = self.build_search_text()
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)


def label_sort_key(label: str) -> str:
    """Booth labels in the order a visitor walks them: 'A2' before 'A10', '9' before '10'."""
    return re.sub(r"\d+", lambda m: m.group().zfill(6), normalize_search(label))[:40]


class Booth(PlainTextModel):
    """A producer exhibiting at an event, at a numbered booth, showing some of its products."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="booths",
                              verbose_name=_("event"))
    producer = models.ForeignKey(Producer, on_delete=models.PROTECT, related_name="booths",
                                 verbose_name=_("producer"))
    label = models.CharField(
        _("booth"), max_length=20, blank=True,
        help_text=_("Booth number or label, e.g. 'A12'. Leave empty until it is assigned."),
    )
    featured_products = models.ManyToManyField(
        Product, blank=True, related_name="booths", verbose_name=_("featured products"),
        help_text=_("Products of this producer shown at the booth."),
    )
    label_sort = models.CharField(max_length=40, editable=False, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["label_sort", "pk"]
        verbose_name = _("booth")
        verbose_name_plural = _("booths")
        constraints = [
            models.UniqueConstraint(fields=["event", "producer"], name="booth_producer_once_per_event",
                                    violation_error_message=_("This producer already has a booth at this event.")),
            models.UniqueConstraint(
                fields=["event", "label"], condition=~models.Q(label=""), name="booth_label_unique_per_event",
                violation_error_message=_("Another exhibitor already has this booth at this event."),
            ),
        ]

    def __str__(self):
        return f"{self.label or '—'} · {self.producer}"

    def save(self, *args, **kwargs):
        self.label = self.label.strip()
        self.label_sort = label_sort_key(self.label)
        super().save(*args, **kwargs)


def check_featured_products(producer, products) -> None:
    """Raise ValidationError unless every product in ``products`` is made by ``producer``."""
    strangers = [p for p in products if p.producer_id != getattr(producer, "pk", producer)]
    if strangers:
        raise ValidationError(
            _("Featured products must be made by the exhibiting producer: %(products)s.")
            % {"products": ", ".join(p.name_vi for p in strangers)},
            code="foreign_product",
        )


@receiver(m2m_changed, sender=Booth.featured_products.through)
def _guard_featured_products(sender, instance, action, reverse, model, pk_set, **kwargs):
    """The last line of defence behind form validation: a booth features only its producer's goods."""
    if action != "pre_add" or not pk_set:
        return
    if not reverse:
        check_featured_products(instance.producer_id, Product.objects.filter(pk__in=pk_set))
    else:  # product.booths.add(booth, …)
        for booth in Booth.objects.filter(pk__in=pk_set):
            check_featured_products(booth.producer_id, [instance])
