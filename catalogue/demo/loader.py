"""Load the hand-written demo catalogue (fixtures/demo_catalogue.toml) into the database.

Idempotent: villages and producers are keyed by slug, products by code, certifications by number.
Rows that already exist are left exactly as they are (a staff member or an import may have edited
them), so a second run creates nothing and changes nothing; a demo row that was deleted comes back.
A product gets its placeholder picture only when it is created.
"""

import datetime
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from catalogue.models import (
    Area,
    Category,
    Certification,
    CraftVillage,
    CraftVillageAlias,
    Producer,
    Product,
    ProductImage,
)
from catalogue.authorities import english_authority
from catalogue.models.certifications import DEFAULT_AUTHORITY, default_valid_until

from ocop_site.thumbnails import delete_renditions

from .images import placeholder_card

DEFAULT_PATH = Path(settings.BASE_DIR) / "fixtures" / "demo_catalogue.toml"


class DemoDataError(Exception):
    """The demo file is wrong (unknown area, bad value): says where."""


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=lambda: {
        "villages": 0, "producers": 0, "products": 0, "certifications": 0, "images": 0,
    })
    shift_days: int = 0

    def __str__(self):
        made = ", ".join(f"{n} {what}" for what, n in self.created.items())
        return f"Created {made} (dates moved {self.shift_days} days from the file's reference date)."


def read_demo_file(path: Path = DEFAULT_PATH) -> dict:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def _save(obj, where: str):
    try:
        obj.full_clean()
    except ValidationError as error:
        raise DemoDataError(f"{where}: {error.message_dict}") from None
    obj.save()
    return obj


def _lookup(table: dict, key: str, what: str, where: str):
    try:
        return table[key]
    except KeyError:
        raise DemoDataError(f"{where}: unknown {what} {key!r}") from None


def _both_languages(row: dict, *fields: str) -> dict:
    """``field_vi``/``field_en`` keyword arguments from the file's ``field`` and ``field_en``."""
    values = {}
    for field in fields:
        values[f"{field}_vi"] = row.get(field, "")
        values[f"{field}_en"] = row.get(f"{field}_en", "")
    return values


@transaction.atomic
def load_demo(path: Path = DEFAULT_PATH, *, today: datetime.date | None = None, images: bool = True) -> LoadReport:
    data = read_demo_file(path)
    today = today or timezone.localdate()
    shift = today - data["reference_date"]
    report = LoadReport(shift_days=shift.days)
    areas = {a.slug: a for a in Area.objects.all()}
    categories = {c.code: c for c in Category.objects.all()}

    villages = {v.slug: v for v in CraftVillage.objects.filter(slug__in=[r["slug"] for r in data["villages"]])}
    for row in data["villages"]:
        if row["slug"] in villages:
            continue
        where = f"village {row['slug']}"
        villages[row["slug"]] = _save(CraftVillage(
            slug=row["slug"], name_vi=row["name"], name_en=row.get("name_en", ""),
            area=_lookup(areas, row["area"], "area", where),
            is_traditional=row.get("traditional", False), recognised_year=row.get("recognised"),
            **_both_languages(row, "main_craft", "description", "visitor_info"),
            latitude=Decimal(str(row["lat"])) if "lat" in row else None,
            longitude=Decimal(str(row["lon"])) if "lon" in row else None,
        ), where)
        report.created["villages"] += 1
    _add_missing_aliases(villages, data["villages"])

    producers = {p.slug: p for p in Producer.objects.filter(slug__in=[r["slug"] for r in data["producers"]])}
    for row in data["producers"]:
        if row["slug"] in producers:
            continue
        where = f"producer {row['slug']}"
        producers[row["slug"]] = _save(Producer(
            slug=row["slug"], name=row["name"], kind=row["kind"],
            area=_lookup(areas, row["area"], "area", where), address=row.get("address", ""),
            phone=row.get("phone", ""), email=row.get("email", ""), website=row.get("website", ""),
            **_both_languages(row, "description"),
        ), where)
        report.created["producers"] += 1

    rounds = data["rounds"]
    products = {p.code: p for p in Product.objects.filter(code__in=[r["code"] for r in data["products"]])}
    existing_certs = set(Certification.objects.values_list("certificate_no", flat=True))
    for row in data["products"]:
        where = f"product {row['code']}"
        product = products.get(row["code"])
        new_product = product is None
        if new_product:
            product = _save(Product(
                code=row["code"], name_vi=row["name_vi"], name_en=row.get("name_en", ""),
                category=_lookup(categories, row["category"], "category", where),
                producer=_lookup(producers, row["producer"], "producer", where),
                village=_lookup(villages, row["village"], "village", where) if row.get("village") else None,
                description_vi=row.get("description_vi", ""), description_en=row.get("description_en", ""),
                story_vi=row.get("story_vi", ""), story_en=row.get("story_en", ""),
            ), where)
            products[row["code"]] = product
            report.created["products"] += 1

        for cert_row in row["certifications"]:
            decision = _lookup(rounds, cert_row["round"], "round", where)
            number = f"{decision['decision']}-{cert_row['no']:03d}"
            if number in existing_certs:
                continue
            issued = decision["date"] + shift
            authority = decision.get("authority", DEFAULT_AUTHORITY)
            cert = Certification(
                product=product, stars=cert_row["stars"],
                potential_five_star=cert_row.get("potential", False), certificate_no=number,
                authority_vi=authority, authority_en=english_authority(authority),
                # 36 months from the moved issue date: moving the file's validity date by the same
                # days instead ends it a day or two off whenever the months differ in length.
                issued_on=issued, valid_until=default_valid_until(issued),
            )
            revoked = cert_row.get("revoked")
            if revoked:
                cert.status = Certification.Status.REVOKED
                cert.revoked_on = revoked["on"] + shift
                cert.revocation_decision_no = revoked["decision"]
                cert.revocation_reason_vi = revoked["reason"]
                cert.revocation_reason_en = revoked.get("reason_en", "")
            _save(cert, f"{where}, certification {number}")  # also refreshes the product's rating
            existing_certs.add(number)
            report.created["certifications"] += 1

        # Only a product made now gets a picture: staff may have removed one from a product there already.
        if images and new_product:
            product.refresh_from_db()
            # The alt text says in each language that this is illustrative art, not a photo.
            _save(ProductImage(product=product, position=0, image=_drawn_card(product),
                               alt_text_vi=_placeholder_alt(product),
                               alt_text_en=f"Illustration: {product.name_en or product.name_vi}"),
                  f"{where}, image")
            report.created["images"] += 1
    return report


def _placeholder_alt(product) -> str:
    return f"Ảnh minh họa: {product.name_vi}"


def _drawn_card(product):
    # Assigned unsaved to the image field, so the field checks and re-encodes it like any upload.
    return placeholder_card(product.name_vi, product.category.group_code, product.rating_stars)


def redraw_pictures() -> int:
    """Draw the demo's placeholder pictures again with today's drawing (an older demo database
    keeps the pictures it was loaded with). Only pictures that are still the demo's own are
    replaced: the loader's alt text, unchanged by staff; a photo staff uploaded is left alone."""
    redrawn = 0
    images = ProductImage.objects.select_related("product__category")
    for image in images.iterator(chunk_size=200):
        if image.alt_text_vi != _placeholder_alt(image.product):
            continue
        old_name, old_width = image.image.name, image.width
        image.image = _drawn_card(image.product)
        _save(image, f"product {image.product.code}, image")
        delete_renditions(image.image.storage, old_name, old_width)
        image.image.storage.delete(old_name)
        redrawn += 1
    return redrawn


def _add_missing_aliases(villages: dict, rows: list) -> None:
    """Other names the file gives a village ("Chuyên Mỹ" for Chuôn Ngọ) that it does not have."""
    wanted = {(villages[row["slug"]].pk, alias) for row in rows for alias in row.get("aliases", [])}
    have = {(a.village_id, a.name) for a in CraftVillageAlias.objects.filter(village__in=villages.values())}
    for village_id, alias in sorted(wanted - have):
        _save(CraftVillageAlias(village_id=village_id, name=alias), f"other name {alias!r}")
