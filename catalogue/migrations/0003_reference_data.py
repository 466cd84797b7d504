"""Reference data every database needs: Hà Nội's 126 wards/communes with their former districts,
and the OCOP classification of Decision 148/QĐ-TTg. A fresh production database gets them from
`migrate` alone. The data files are copied into the app; the migration does not read ../shared.
"""

import csv
import json
from pathlib import Path

from django.db import migrations

from catalogue.text import normalize_search, slugify_vi, vietnamese_sort_key

DATA = Path(__file__).resolve().parent.parent / "data"
PREFIX = {"quan": "quan", "huyen": "huyen", "thi_xa": "thi-xa", "phuong": "phuong", "xa": "xa"}


def load(apps, schema_editor):
    FormerDistrict = apps.get_model("catalogue", "FormerDistrict")
    Area = apps.get_model("catalogue", "Area")
    Category = apps.get_model("catalogue", "Category")

    places = json.loads((DATA / "hanoi-areas.json").read_text(encoding="utf-8"))
    districts = {}
    for row in places["former_districts"]:
        districts[row["name"]], _ = FormerDistrict.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "kind": row["kind"],
                "slug": f"{PREFIX[row['kind']]}-{slugify_vi(row['name'])}",
                "sort_name": vietnamese_sort_key(row["name"]),
            },
        )
    for row in places["areas"]:
        area, _ = Area.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "kind": row["kind"],
                "slug": f"{PREFIX[row['kind']]}-{slugify_vi(row['name'])}",
                "search_name": normalize_search(row["name"]),
                "sort_name": vietnamese_sort_key(row["name"]),
            },
        )
        area.former_districts.set([districts[name] for name in row["former_districts"]])

    with open(DATA / "ocop-categories.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    by_code = {}
    for row in rows:  # parents come before children in the file
        by_code[row["code"]], _ = Category.objects.update_or_create(
            code=row["code"],
            defaults={
                "parent": by_code.get(row["parent"]) if row["parent"] else None,
                "name_vi": row["name_vi"],
                "name_en": row["name_en"],
                "slug": row["slug"],
                "group_code": row["code"].split(".")[0],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_postgres_search")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
