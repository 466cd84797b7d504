"""The staff dashboard's post-inspection panel (admin index)."""

from django import template

from catalogue.models import Product
from inspections.models import InspectedProduct

register = template.Library()

ROWS = 10


@register.simple_tag
def inspection_dashboard():
    """Certified products never inspected, and failed checks past their deadline with nothing
    done (a few rows each, with the totals)."""
    never = (Product.objects.listed().filter(inspection_checks__isnull=True)
             .select_related("producer").only("pk", "code", "name_vi", "rating_valid_until", "producer__name")
             .order_by("rating_issued_on", "pk"))
    overdue = (InspectedProduct.objects.awaiting_follow_up().select_related("product", "inspection")
               .order_by("deadline", "pk"))
    return {
        "never_inspected": list(never[:ROWS]),
        "never_inspected_count": never.count(),
        "overdue": list(overdue[:ROWS]),
        "overdue_count": overdue.count(),
    }
