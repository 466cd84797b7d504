"""OCOP products and their images."""

from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import F
from django.db.models.sql.where import WhereNode
from simple_history.models import HistoricalRecords
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from catalogue import search
from catalogue.search import SearchQuery, search_words  # noqa: F401 -- search_words: events use it
from catalogue.text import normalize_code, vietnamese_sort_key
from catalogue.barcodes import normalize_gtin, validate_gtin
from ocop_site.plain_text import PlainTextModel
from ocop_site.uploads import SafeImageField

from .base import SluggedModel
from .producers import CraftVillage, Producer
from .taxonomy import Category


# Where a product is, for the place filter and its counts: its producer's ward/commune. OCOP
# products are proposed and rated through the commune where the producer (the "OCOP subject")
# is registered, so that is the place people mean by "products of xã Bát Tràng". When the
# producer's area is not on record, the craft village's area stands in, so an incomplete
# producer record does not drop its products from every place filter. One place per product,
# so the counts of the place options add up to the total. Stored on the product as
# ``place_area`` (see ``Product.derived_places``; kept current like ``search_text``).
PRODUCT_AREA = F("place_area_id")

# What the list searches and ranks by lives in catalogue/search.py.


# Columns a product card never shows (see ProductQuerySet.for_cards).
CARD_DEFERRED = (
    "description", "description_vi", "description_en", "story", "story_vi", "story_en",
    "search_text", "search_name", "search_accented",
    "producer__description", "producer__search_name", "producer__address", "producer__phone",
    "producer__email", "producer__website", "producer__description_vi", "producer__description_en",
    "village__description", "village__description_vi", "village__description_en",
    "village__visitor_info", "village__visitor_info_vi", "village__visitor_info_en", "village__search_name",
)


# The columns a product card shows (catalogue/templatetags/cards.py), for a few cards
# beside a page's main content (see ProductQuerySet.as_cards). modeltranslation widens "name"
# to its _vi/_en columns on the product only, not across a join.
CARD_COLUMNS = (
    "slug", "name", "sort_name", "category", "producer", "village", "current_certification",
    "rating_stars", "rating_potential_five_star", "rating_valid_until",
    "category__name_vi", "category__name_en", "producer__name", "village__name_vi", "village__name_en",
)


# Product.get_absolute_url's reversed pattern per (language, script prefix, URLconf).
_PRODUCT_URL_PATTERNS: dict[tuple, str] = {}
_SLUG_PLACEHOLDER = "--slug--"


class ProductQuerySet(models.QuerySet):
    def listed(self, *, on=None):
        """Products shown to the public: their current certification is active and unexpired.

        Expiry follows from the date alone (no nightly job): ``rating_valid_until`` is copied
        from the current certification, and compared with today in Vietnam.
        """
        today = on or timezone.localdate()
        return self.filter(current_certification__isnull=False, rating_valid_until__gte=today)

    def with_code(self, text: str):
        """Products whose code reads as ``text`` ignoring spacing, case and accents."""
        return self.filter(code_key=normalize_code(text))

    def for_cards(self):
        """What a product card shows, in a fixed number of queries whatever the page size.
        The long texts (descriptions, stories, search text) stay in the database: a page of
        cards never shows them, and reading them was a fifth of the list page's time."""
        return self.select_related("category", "producer", "village").defer(*CARD_DEFERRED).prefetch_related(
            models.Prefetch("images", queryset=ProductImage.objects.order_by("position", "pk"))
        )

    def as_cards(self):
        """``for_cards()`` reading only the columns a card shows: for the cards of another
        page (the product page's same-village products), whose objects are used for nothing
        else. Building the full rows was a quarter of that block's time."""
        return self.for_cards().only(*CARD_COLUMNS)

    def for_detail(self):
        """What the product page shows: producer, village, current certificate, images, and
        what other apps annotate (``catalogue.extensions``). The search columns stay in the
        database. The category path and the places come from the shared lookups instead of
        joins (``CatalogueLookups.fill_product``); read without them, they load lazily."""
        from catalogue import extensions

        return self.select_related("producer", "village", "current_certification").defer(
            "search_text", "search_name", "search_accented",
        ).prefetch_related(
            models.Prefetch("images", queryset=ProductImage.objects.order_by("position", "pk")),
        ).annotate(**extensions.detail_annotations())

    def in_category(self, *categories: Category):
        """Products in any of ``categories`` or a category below one (groups and sub-groups)."""
        if not categories:
            return self.none()
        condition = models.Q()
        for category in categories:
            condition |= models.Q(category__code=category.code) | models.Q(
                category__code__startswith=category.code + "."
            )
        return self.filter(condition)

    def located_in(self, area_ids):
        """Products whose place (see ``PRODUCT_AREA``) is one of the Area ids ``area_ids``."""
        return self.alias(place_id=PRODUCT_AREA).filter(place_id__in=list(area_ids))

    def count_by_village(self) -> dict[int, int]:
        """How many products per craft village id, in one GROUP BY over the product table
        (a per-village COUNT subquery costs a scan per village: ~6x slower at 20,000 products)."""
        rows = self.filter(village__isnull=False).order_by().values_list("village_id")
        return dict(rows.annotate(n=models.Count("pk")))


    def joined_after_slicing(self):
        """This ordered slice (a page) with its rows chosen from the product table alone, and
        only those rows then joined for ``select_related``: PostgreSQL joins every matching row
        before it sorts and cuts, which for a search ranked by relevance (an order worked out
        per row, so no index gives it) meant the producers and villages of thousands of
        matches. The order must need no join (``search.relevance`` needs none)."""
        if not self.query.is_sliced or not self.query.select_related or self.query.is_empty():
            return self
        chosen = self.values("pk")
        rows = self._chain()
        rows.query.clear_limits()
        rows.query.where = WhereNode()
        return rows.filter(pk__in=chosen)

    def interpret_search(self, query: "str | SearchQuery", *, correct: bool = True) -> SearchQuery:
        """``query`` read as a search within these products: its words, with typos corrected
        against the catalogue's vocabulary unless ``correct`` is False (catalogue/search.py)."""
        if isinstance(query, SearchQuery):
            return query
        return search.interpret(query, self, correct=correct)

    def search(self, query: "str | SearchQuery"):
        """Products with every word of ``query`` as a whole word of their text, ignoring case,
        accents and where the tone mark sits: 'bat trang', 'BÁT TRÀNG' and 'bát tráng' all find
        Bát Tràng; 'tra' finds 'trà' but not 'tranh'. A misspelt word is corrected first."""
        return self.filter(self.search_condition(query))

    def search_condition(self, query: "str | SearchQuery") -> models.Q:
        """The filter ``search(query)`` applies, to reuse on several querysets (the list page
        applies it to its page and to each facet count) while interpreting the query once."""
        query = self.interpret_search(query)
        return search.whole_words("search_text", query.words)

    def ordered_by_relevance(self, query: "str | SearchQuery"):
        """Best matches of ``query`` first (the order is explained in catalogue/search.py),
        then the most stars, then by name."""
        query = self.interpret_search(query)
        if not query:
            return self
        return self.order_by(*search.relevance(query), "-rating_stars", "-rating_potential_five_star",
                             "sort_name", "pk")


class Product(PlainTextModel, SluggedModel):
    slug_source_field = "name_vi"

    code = models.CharField(
        _("product code"), max_length=40, unique=True,
        help_text=_("Printed on the label, e.g. HN-OCOP-0001. Verification looks products up by it."),
    )
    # normalize_code(code): what /verify/ looks codes up by, whatever spacing/case was typed.
    code_key = models.CharField(max_length=40, unique=True, editable=False)
    gtin = models.CharField(
        _("barcode (GTIN)"), max_length=13, blank=True, validators=[validate_gtin],
        help_text=_("The EAN-13 or UPC-A number under the barcode, if the product has one; /verify/ "
                    "accepts it like the product code."),
    )
    # Translated (catalogue/translation.py): name_vi, name_en, description_vi, … are the columns.
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="products", verbose_name=_("category"),
    )
    producer = models.ForeignKey(
        Producer, on_delete=models.PROTECT, related_name="products", verbose_name=_("producer"),
    )
    village = models.ForeignKey(
        CraftVillage, on_delete=models.PROTECT, null=True, blank=True, related_name="products",
        verbose_name=_("craft village"),
    )
    description = models.TextField(_("description"), blank=True)
    story = models.TextField(_("cultural story"), blank=True)

    # Copied from the current certification by Certification.save()/delete() and
    # Product.refresh_rating(), so lists filter and count on indexed columns of one table.
    current_certification = models.OneToOneField(
        "catalogue.Certification", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", editable=False,
    )
    rating_stars = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    rating_potential_five_star = models.BooleanField(default=False, editable=False)
    rating_issued_on = models.DateField(null=True, blank=True, editable=False)
    rating_valid_until = models.DateField(null=True, blank=True, editable=False)

    # Copied from the producer (and its village) like search_text, so the list's place and
    # producer-kind facets count from the product table alone (an index-only scan, no joins).
    place_area = models.ForeignKey(
        "catalogue.Area", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        editable=False, db_index=False,
    )
    producer_kind = models.CharField(max_length=20, editable=False, blank=True)

    # Filled by fill_search_columns() (see catalogue/search.py): padded with spaces, so a whole
    # word is LIKE '% word %'.
    search_text = models.TextField(editable=False, blank=True, help_text="Accent-free text searched by q.")
    search_name = models.CharField(max_length=400, editable=False, blank=True)
    search_accented = models.TextField(editable=False, blank=True)
    sort_name = models.CharField(max_length=255, editable=False, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProductQuerySet.as_manager()

    # Who changed what and when, kept after the object is deleted (staff audit trail).
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_name", "pk"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        indexes = [
            models.Index(fields=["rating_valid_until", "rating_stars"], name="product_listed_stars"),
            models.Index(fields=["rating_issued_on"], name="product_rating_issued"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating_stars__isnull=True) | models.Q(rating_stars__in=[3, 4, 5]),
                name="product_rating_stars_3_to_5",
            ),
            # Unique when present: many products have no barcode.
            models.UniqueConstraint(fields=["gtin"], condition=~models.Q(gtin=""), name="product_gtin_unique"),
        ]

    def __str__(self):
        return f"{self.name_vi} ({self.code})"

    def get_absolute_url(self):
        """The product page. Its URL differs between products only by the slug, so it is
        reversed once per language, script prefix and URLconf and the slug filled in: a list
        page asks for up to 48 of them, and a reverse() each was a tenth of a card's cost.
        Slugs are ASCII letters, digits and hyphens: nothing to quote."""
        key = (get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
        pattern = _PRODUCT_URL_PATTERNS.get(key)
        if pattern is None:
            pattern = _PRODUCT_URL_PATTERNS[key] = reverse(
                "catalogue:product_detail", kwargs={"slug": _SLUG_PLACEHOLDER})
        return pattern.replace(_SLUG_PLACEHOLDER, self.slug)

    @property
    def place(self):
        """The product's ward/commune, as the place filter sees it (``PRODUCT_AREA``)."""
        if self.producer.area_id:
            return self.producer.area
        return self.village.area if self.village_id else None

    @property
    def category_path(self) -> list[Category]:
        """Group, sub-group, category: ['Food', 'Condiments', 'Soy sauce, fish sauce…']."""
        path, category = [], self.category
        while category is not None:
            path.insert(0, category)
            category = category.parent
        return path

    @property
    def is_listed(self) -> bool:
        return bool(
            self.current_certification_id
            and self.rating_valid_until
            and self.rating_valid_until >= timezone.localdate()
        )

    def build_search_text(self) -> str:
        """Everything ``q`` finds this product by, accent-free, lower case and padded (see
        ``catalogue.search.product_search_parts`` for what that is)."""
        return search.search_columns(self).search_text

    def fill_search_columns(self, sources=None) -> str:
        """Set the search columns from the product and what it belongs to; returns its text
        with accents, the words the search vocabulary learns. ``sources`` (a
        ``catalogue.search.SearchTextSources``) saves the category and place queries in bulk."""
        columns = search.search_columns(self, sources)
        self.search_name = columns.search_name
        self.search_text = columns.search_text
        self.search_accented = columns.search_accented
        return columns.accented_text

    def clean_fields(self, exclude=None):
        if self.gtin:
            self.gtin = normalize_gtin(self.gtin)  # before the validators: UPC-A as GTIN-13
        super().clean_fields(exclude)

    def clean(self):
        super().clean()
        if self.gtin:
            clash = Product.objects.filter(gtin=self.gtin).exclude(pk=self.pk).first()
            if clash:
                raise ValidationError({"gtin": _("Product %(code)s already has this barcode.") % {"code": clash.code}})
        if self.code:
            key = normalize_code(self.code)
            if not key:
                raise ValidationError({"code": _("A product code needs letters or digits.")})
            clash = Product.objects.filter(code_key=key).exclude(pk=self.pk).first()
            if clash:
                raise ValidationError({"code": _(
                    "This code reads the same as %(code)s (spacing, case and accents are ignored)."
                ) % {"code": clash.code}})

    def derived_places(self) -> tuple[int | None, str]:
        """(place_area_id, producer_kind) as they should be: the producer's ward/commune, else
        the village's; the producer's kind."""
        area_id = self.producer.area_id or (self.village.area_id if self.village_id else None)
        return area_id, self.producer.kind

    def save(self, *args, **kwargs):
        self.place_area_id, self.producer_kind = self.derived_places()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "place_area", "producer_kind"}
        self.code_key = normalize_code(self.code)
        self.gtin = normalize_gtin(self.gtin)
        accented_text = self.fill_search_columns()
        self.sort_name = vietnamese_sort_key(self.name_vi)
        # Its words first: saving bumps the content version, and workers keep the vocabulary
        # until it changes (``search.known_words``); a word learnt after the bump could be
        # missed until the next change, and "corrected" away meanwhile.
        search.learn_words([accented_text])
        super().save(*args, **kwargs)

    def refresh_rating(self, *, save: bool = True, on=None):
        """Copy the current certification (on ``on``, today by default) onto the rating columns."""
        from .certifications import Certification

        current = Certification.objects.current_for(self, on=on)
        self.current_certification = current
        self.rating_stars = current.stars if current else None
        self.rating_potential_five_star = bool(current and current.potential_five_star)
        self.rating_issued_on = current.issued_on if current else None
        self.rating_valid_until = current.valid_until if current else None
        if save:
            super().save(update_fields=[
                "current_certification", "rating_stars", "rating_potential_five_star",
                "rating_issued_on", "rating_valid_until",
            ])


class ProductImage(PlainTextModel):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images",
                                verbose_name=_("product"))
    # Checked by Pillow, re-encoded without metadata, stored under a random name, with WebP
    # renditions for srcset; the size is stored so pages build those URLs without reading files.
    image = SafeImageField(_("image"), upload_to="products/%Y/%m/",
                           width_field="width", height_field="height")
    width = models.PositiveIntegerField(_("width"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True, editable=False)
    alt_text = models.CharField(_("alt text"), max_length=250,
                                help_text=_("What the photo shows, for people who cannot see it."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    # Photos added, replaced or removed are part of who changed what (staff audit trail).
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("product image")
        verbose_name_plural = _("product images")

    def __str__(self):
        return self.alt_text
