"""Time search on the current database: the product list with ``q`` (the whole page through the
test client, caching off) for a fixed set of queries, median and worst of N runs each.

    DATABASE_URL=postgres://…/ocop_bench .venv/bin/python bench/search_timing.py [--runs 7]

Seed the database first (``manage.py migrate && manage.py seed_demo --products 20000 --seed 1``).
Numbers on a shared machine are noisy: compare runs made close together.
"""

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.getcwd())  # the checkout to measure: run from its root
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_site.settings.dev")

QUERIES = ["bat trang", "tra", "tra sen", "gom", "lua van phuc", "bat trag", "mat ong", "xyzzy"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    import django
    from django.conf import settings

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # responses keep their context (the number of products found)
    settings.ALLOWED_HOSTS = ["*"]
    settings.PAGE_CACHE_SECONDS = 0
    settings.FACET_CACHE_SECONDS = 0
    from django.test import Client
    from catalogue.models import Product

    client = Client()
    print(f"products: {Product.objects.count()}, listed: {Product.objects.listed().count()}")
    print("| query | median ms | max ms | products found |")
    print("|---|---|---|---|")
    for query in QUERIES:
        timings = []
        for _ in range(args.runs):
            start = time.perf_counter()
            response = client.get("/products/", {"q": query})
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
        found = response.context["page_obj"].paginator.count
        print(f"| `{query}` | {statistics.median(timings):.0f} | {max(timings):.0f} | {found} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
