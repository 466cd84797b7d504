"""Template helpers for the trust pieces (verification state, star glyphs)."""

import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format

from catalogue import verification
from catalogue.models import Product

register = template.Library()


@register.simple_tag
def product_verification(product):
    """``{% product_verification product as trust %}``: the product's state today, as /verify/
    would answer it (one query: its newest certification)."""
    return verification.verify_product(product)


@register.filter
def star_glyphs(stars):
    """4 -> '★★★★' (decorative: pair it with the number in words)."""
    try:
        return "★" * int(stars)
    except (TypeError, ValueError):
        return ""


@register.simple_tag(takes_context=True)
def verify_label_url(context, product):
    """The absolute URL a product's QR label encodes."""
    return verification.label_url(product, context.get("request"))


@register.filter
def day(value):
    """A date in a sentence, in the one style of both languages: '03/11/2026'
    (``SHORT_DATE_FORMAT`` of ocop_site/formats/; the same as ``|date:"SHORT_DATE_FORMAT"``)."""
    if not value:
        return ""
    return date_format(value, "SHORT_DATE_FORMAT")


EXPIRING_DAYS = 90
EXPIRING_ROWS = 15


@register.simple_tag
def expiring_products(days=EXPIRING_DAYS, limit=EXPIRING_ROWS):
    """Listed products whose current certificate ends within ``days``, soonest first, for the
    admin dashboard: two queries (the first rows and the count), whatever the catalogue size."""
    today = timezone.localdate()
    products = (Product.objects.listed(on=today)
                .filter(rating_valid_until__lte=today + datetime.timedelta(days=days))
                .select_related("producer", "current_certification")
                .order_by("rating_valid_until", "sort_name", "pk"))
    rows = list(products[:limit])
    for product in rows:
        product.days_left = (product.rating_valid_until - today).days
    count = len(rows) if len(rows) < limit else products.count()
    return {"rows": rows, "count": count, "days": days, "more": count > len(rows)}
