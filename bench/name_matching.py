#!/usr/bin/env python
"""Time the import's name matching at the size of the national register: 1,350 craft villages
and 17,000 producers with made-up names, 200 unknown names each looked up and compared with all
of them for "did you mean …?". Not a test (speed targets live in benchmarks): run it by hand.

    .venv/bin/python bench/name_matching.py

About a second on an idle machine (2 cores); it prints the time per unknown name.
"""

import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_site.settings.dev")


def main() -> int:
    import django

    django.setup()
    from catalogue.importing.matching import ProducerIndex, VillageIndex
    from catalogue.models import CraftVillage, Producer
    from catalogue.text import normalize_search

    rng = random.Random(12)
    syllables = ("an bắc cẩm đào đức gia hải hòa hưng khánh lâm linh long minh nam ngọc phú phúc "
                 "quang sơn tân thanh thịnh trung vân vĩnh xuân yên").split()

    def made_up():
        return " ".join(rng.choice(syllables).capitalize() for _ in range(rng.randint(2, 4)))

    # Unsaved instances: only the matching is timed, not the database.
    villages = [CraftVillage(name=f"Làng {made_up()}", main_craft="Gốm sứ") for _ in range(1350)]
    producers = [Producer(name=f"Cơ sở sản xuất {made_up()}") for _ in range(17000)]
    for producer in producers:
        producer.search_name = normalize_search(producer.name)
    lookups = 200
    start = time.perf_counter()
    village_index = VillageIndex([])
    for village in villages:
        village_index.add(village, village.name)
    producer_index = ProducerIndex(producers)
    for _ in range(lookups):
        producer_index.find(f"HTX {made_up()} Mới")
        producer_index.close_names(f"Hợp tác xã {made_up()}")
        village_index.close_names(f"Làng gốm {made_up()}")
    elapsed = time.perf_counter() - start
    print(f"name matching: 1,350 villages, 17,000 producers, {lookups} unknown names: "
          f"{elapsed:.2f} s ({elapsed / lookups * 1000:.1f} ms per name)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
