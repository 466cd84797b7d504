"""What visitors see of post-inspections, hooked into the catalogue's pages
(``catalogue.extensions``): the latest inspection on the product and verify pages, the
``last_inspection`` key of the verify JSON, and inspections per year on the statistics page."""

import datetime

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import ExtractYear, JSONObject

from catalogue import extensions

from .models import InspectedProduct, Inspection

Result = InspectedProduct.Result


# The product page reads its latest check from one JSON column annotated on the product's own
# query (catalogue.extensions.add_detail_annotations): the page is at its query budget, and one
# subquery building an object costs the ORM and PostgreSQL's planner a seventh of seven
# single-column subqueries (~1.5 ms of compiling and ~1.5 ms of planning per request).
_LATEST_FIELDS = {
    "pk": "pk", "on": "inspection__inspected_on", "agency": "inspection__agency", "result": "result",
    "sampled": "sampled", "deadline": "deadline", "follow_up": "follow_up",
}


def _latest_check_annotations() -> dict:
    newest = (InspectedProduct.objects.filter(product=OuterRef("pk"))
              .order_by("-inspection__inspected_on", "-pk"))
    return {"latest_check_data": Subquery(newest.values(data=JSONObject(**_LATEST_FIELDS))[:1])}


def _json_date(value):
    return datetime.date.fromisoformat(value) if value else None


def latest_inspection(product):
    """The product's latest check with its inspection (unsaved copies when the product came
    annotated from ``for_detail()``), or None; at most one query."""
    if product is None or product.pk is None:
        return None
    if hasattr(product, "latest_check_data"):
        data = product.latest_check_data
        if data is None:
            return None
        return InspectedProduct(
            pk=data["pk"], product=product,
            inspection=Inspection(inspected_on=_json_date(data["on"]), agency=data["agency"]),
            # JSON has no dates, and SQLite's json_object() writes booleans as 0/1.
            result=data["result"], sampled=bool(data["sampled"]),
            deadline=_json_date(data["deadline"]), follow_up=data["follow_up"],
        )
    return InspectedProduct.objects.latest_for(product)


def _product_section(context):
    check = latest_inspection(context.get("product"))
    return {"latest_check": check} if check else None


def _verify_section(context):
    result = context.get("result")
    check = latest_inspection(getattr(result, "product", None))
    return {"latest_check": check} if check else None


def last_inspection_json(product) -> dict:
    check = latest_inspection(product)
    if check is None:
        return {"last_inspection": None}
    return {"last_inspection": {"date": check.inspection.inspected_on.isoformat(), "result": check.result}}


def inspections_per_year() -> list[dict]:
    """Per year: inspections, products checked and their results (one query)."""
    rows = (
        InspectedProduct.objects.order_by()
        .values(year=ExtractYear("inspection__inspected_on"))
        .annotate(
            inspections=Count("inspection", distinct=True),
            checked=Count("pk"),
            passed=Count("pk", filter=Q(result=Result.PASSED)),
            failed=Count("pk", filter=Q(result=Result.FAILED)),
            follow_up=Count("pk", filter=Q(result=Result.FOLLOW_UP)),
        )
        .order_by("-year")
    )
    return list(rows)


def _statistics_section(context):
    return {"inspection_years": inspections_per_year()}


extensions.add_section("product", "inspections/includes/latest_inspection.html", _product_section)
extensions.add_section("verify", "inspections/includes/latest_inspection.html", _verify_section)
extensions.add_section("statistics", "inspections/includes/statistics.html", _statistics_section)
extensions.add_verify_json(last_inspection_json)
extensions.add_detail_annotations(_latest_check_annotations)
