"""`manage.py seed_demo --products N --seed S`: deterministic synthetic data for benchmarks."""

import time

from django.core.management.base import BaseCommand, CommandError

from catalogue.demo.seed import MAX_PRODUCTS, SeedClash, seed_catalogue


class Command(BaseCommand):
    help = ("Add N synthetic products (with producers, craft villages and certifications) generated "
            "deterministically from a seed, with bulk inserts. For benchmarks; codes start HN-S<seed>-.")

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=20_000, help="how many products (default 20000)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")

    def handle(self, *args, products, seed, **options):
        if not 1 <= products <= MAX_PRODUCTS:
            raise CommandError(f"--products must be between 1 and {MAX_PRODUCTS}.")
        if seed < 0:
            raise CommandError("--seed must not be negative.")
        started = time.perf_counter()
        try:
            report = seed_catalogue(products=products, seed=seed)
        except SeedClash as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"{report} ({time.perf_counter() - started:.1f} s)"))
