#!/usr/bin/env python
"""Time `import_catalogue` on a generated 20,000-row register (the issue's target: < 2 minutes
on PostgreSQL). Not a test: run it by hand against a scratch database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ocop_scratch \\
        .venv/bin/python bench/import_catalogue.py --rows 20000 --reset

Three timings: the first import (every row creates a product, a certification and, for some rows,
a producer and a village), the same file again (every row unchanged: nothing written) and a file
where 10% of rows change a column and 5% add a new certification.
`--reset` deletes every product, certification, producer and village (and their history) first:
only use it on a scratch database.
"""

import argparse
import csv
import io
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_site.settings.dev")


def generate(rows: int, seed: int = 2025) -> list[dict]:
    from catalogue.models import Area, Category

    rng = random.Random(seed)
    leaves = [c.code for c in Category.objects.filter(children__isnull=True)]
    areas = list(Area.objects.prefetch_related("former_districts"))
    producers = [
        (f"Cơ sở sản xuất thử {n}", rng.choice(["household", "cooperative", "enterprise"]), rng.choice(areas))
        for n in range(rows // 8)
    ]
    villages = [f"Làng nghề thử {n}" for n in range(rows // 60)]
    out = []
    for n in range(rows):
        name, kind, area = producers[n % len(producers)]
        stars = rng.choice([3, 3, 4, 4, 4, 5])
        districts = list(area.former_districts.all())
        out.append({
            "code": f"BENCH-{n:06d}",
            "name_vi": f"Sản phẩm thử nghiệm số {n}",
            "name_en": f"Benchmark product {n}",
            "category": rng.choice(leaves),
            "stars": str(stars),
            "potential_five_star": "yes" if stars == 4 and rng.random() < 0.1 else "no",
            "certificate_no": f"{n}/QĐ-BENCH",
            "issued_on": f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.choice([2023, 2024, 2025])}",
            "valid_until": "",
            "certificate_status": "revoked" if rng.random() < 0.02 else "active",
            "producer": name,
            "producer_kind": kind,
            "village": rng.choice(villages) if rng.random() < 0.4 else "",
            "area": area.official_name,
            "former_district": districts[0].name if districts else "",
            "address": f"Số {n % len(producers)}, {area.official_name}, Hà Nội",
            "description_vi": "Sản phẩm làm thủ công theo phương pháp truyền thống. " * 3,
            "description_en": "Hand-made the traditional way. " * 3,
        })
    return out


def as_csv(rows: list[dict]) -> bytes:
    from catalogue.importing import COLUMNS

    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def timed(label, data, profile=False):
    from catalogue.importing import import_file

    started = time.perf_counter()
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        report = profiler.runcall(import_file, data, "bench.csv", dry_run=False)
        pstats.Stats(profiler).sort_stats("cumtime").print_stats(40)
    else:
        report = import_file(data, "bench.csv", dry_run=False)
    seconds = time.perf_counter() - started
    assert report.ok, report.problems[:5]
    print(f"{label:<42} {seconds:6.1f} s   new {report.created:>6}  changed {report.updated:>6}  "
          f"unchanged {report.unchanged:>6}  new certifications {report.certifications_created}")
    return seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--profile", action="store_true", help="cProfile the first import")
    parser.add_argument("--reset", action="store_true", help="empty the catalogue first (scratch DB only)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from catalogue.models import Certification, CraftVillage, Producer, Product

    call_command("migrate", verbosity=0)
    if args.reset:
        models = (Certification, Product, CraftVillage, Producer)
        tables = [m._meta.db_table for m in models] + [m.history.model._meta.db_table for m in models]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
            else:
                Product.objects.update(current_certification=None)
                for table in tables:
                    cursor.execute(f"DELETE FROM {table}")
    elif Product.objects.exists():
        sys.exit("The database already has products; use a scratch database and --reset.")

    print(f"{connection.vendor}, {args.rows:,} rows")
    rows = generate(args.rows)
    first = as_csv(rows)
    print(f"file: {len(first) / 1e6:.1f} MB")
    timed("first import (all new)", first, profile=args.profile)
    timed("same file again (nothing written)", first)
    rng = random.Random(7)
    for row in rng.sample(rows, len(rows) // 10):
        row["name_en"] += " (revised)"
        row["stars"] = "5" if row["stars"] != "5" else "4"
        row["potential_five_star"] = "no"
    for row in rng.sample(rows, len(rows) // 20):
        row["certificate_no"] = "R-" + row["certificate_no"]
        row["issued_on"] = "01/09/2025"
    timed("10% changed, 5% re-certified", as_csv(rows))


if __name__ == "__main__":
    main()
