"""Template helpers for showrooms: distances, and the product page's "Where to buy" block
(``{% include "showrooms/includes/where_to_buy.html" %}`` with ``product`` in the context)."""

from django import forms, template
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from showrooms.filters import parse_point
from showrooms.models import Showroom

register = template.Library()

WHERE_TO_BUY_LIMIT = 5


@register.simple_tag
def map_tiles():
    """The map background's tile URL and credit, for maps on any app's pages."""
    return {"url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION}


@register.filter
def distance(km):
    """0.25 → '250 m', 1.234 → '1.2 km' ('1,2 km' in Vietnamese), 38.3 → '38 km'."""
    if km is None or km == "":
        return ""
    km = float(km)
    if km < 1:
        return _("%(m)s m") % {"m": number_format(max(10, int(round(km * 1000, -1))), decimal_pos=0)}
    # number_format() truncates; round first so 3.38 km reads 3.4 km.
    if km < 9.95:
        return _("%(km)s km") % {"km": number_format(round(km, 1), decimal_pos=1)}
    return _("%(km)s km") % {"km": number_format(int(round(km)), decimal_pos=0)}


def near_from_request(request):
    """(lat, lon) from ?near=, or None; a malformed value is (None, message)."""
    value = (request.GET.get("near") or "").strip() if request is not None else ""
    if not value:
        return None, None
    try:
        return parse_point(value), None
    except forms.ValidationError as error:
        return None, error.messages[0]


@register.simple_tag(takes_context=True)
def where_to_buy(context, product, limit=WHERE_TO_BUY_LIMIT):
    """What showrooms/includes/where_to_buy.html shows: the active showrooms selling ``product``
    (chosen one by one or through its producer), nearest first when the page has
    ``?near=<lat>,<lon>``. One query, whatever the number of showrooms."""
    request = context.get("request")
    near, near_error = near_from_request(request)
    # Only what the list shows (a link, the name, the address): no area, no descriptions or
    # hours; the full rows were most of this block's time on every product page.
    showrooms = (Showroom.objects.active().carrying_product(product)
                 .only("slug", "name", "address", "sort_name"))
    if near:
        showrooms = showrooms.with_distance(*near).order_by("distance_km", "sort_name", "pk")
    rows = list(showrooms[: limit + 1])
    return {
        "showrooms": rows[:limit],
        "more": len(rows) > limit,
        "near": near,
        "near_param": f"{near[0]:.5f},{near[1]:.5f}" if near else "",
        "near_error": near_error,
    }


NEAREST_LIMIT = 5
NEAREST_WITHIN_KM = 30


@register.simple_tag
def nearest_showrooms(latitude, longitude, limit=NEAREST_LIMIT, km=NEAREST_WITHIN_KM):
    """The active showrooms nearest to a point (a craft village's), within ``km``, nearest first,
    each with ``distance_km``. One query; none when the point is unknown."""
    if latitude in (None, "") or longitude in (None, ""):
        return []
    return list(Showroom.objects.active().within(float(latitude), float(longitude), km)
                .select_related("area")[:limit])
