"""Deterministic synthetic catalogue at scale (``manage.py seed_demo``), for benchmarks.

Same ``seed`` and same day -> the same rows. Everything is computed in Python and written with
``bulk_create`` (no per-row ``save()``, signals or history), so the columns ``save()`` would
derive are filled here the same way: ``search_name``/``search_text``/``sort_name`` through the
models' own helpers, and the denormalised rating through the current-rating rule (the newest
active certification, if it is still valid), including ``current_certification``: product ids
are reserved first, so certifications and products are each inserted once.
"""

import datetime
import functools
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from catalogue.models import Area, Category, Certification, CraftVillage, Producer, Product
from catalogue.models.certifications import add_months, default_valid_until
from catalogue.search import SearchTextSources, learn_words
from catalogue.text import normalize_code, normalize_search, slugify_vi, vietnamese_sort_key

# What a product in each assignable category is called: (Vietnamese, English).
PRODUCT_NOUNS = {
    "1.1.a": [("Bưởi Diễn", "Diễn pomelo"), ("Cam Canh", "Canh orange"), ("Chuối tiêu hồng", "pink banana"),
              ("Rau an toàn", "safe vegetables"), ("Nhãn chín muộn", "late longan")],
    "1.1.b": [("Sữa tươi", "fresh milk"), ("Trứng gà ta", "free-range eggs"), ("Cá rô đồng", "climbing perch")],
    "1.2.a": [("Gạo nếp cái hoa vàng", "golden-flower glutinous rice"), ("Gạo tám thơm", "fragrant rice")],
    "1.2.b": [("Mật ong hoa nhãn", "longan-blossom honey"), ("Mật ong rừng", "wild honey"),
              ("Lạc nhân", "shelled peanuts")],
    "1.3.a": [("Xôi vò", "sticky rice with mung bean"), ("Bánh chưng", "square sticky rice cake"),
              ("Bánh cuốn", "steamed rice rolls")],
    "1.3.b": [("Cốm", "green rice flakes"), ("Miến dong", "arrowroot noodles"), ("Bún khô", "dried vermicelli"),
              ("Chè lam", "ginger rice cake"), ("Bánh tẻ", "rice and pork cake")],
    "1.3.c": [("Ô mai mơ", "apricot ô mai"), ("Mơ muối", "salted apricots"), ("Kẹo lạc", "peanut candy"),
              ("Bột sắn dây", "kudzu starch")],
    "1.3.d": [("Giò lụa", "lean pork roll"), ("Chả quế", "cinnamon pork roll"), ("Sữa chua", "yoghurt"),
              ("Bánh sữa", "milk cake"), ("Ruốc thịt", "pork floss")],
    "1.4.a": [("Tương nếp", "glutinous rice soy sauce"), ("Nước mắm", "fish sauce"), ("Giấm bỗng", "rice vinegar")],
    "1.4.b": [("Muối vừng", "sesame salt"), ("Tương ớt", "chilli sauce")],
    "1.5.a": [("Chè xanh", "green tea"), ("Chè búp", "tea buds")],
    "1.5.b": [("Trà sen", "lotus tea"), ("Trà hoa vàng", "golden camellia tea"), ("Trà nhài", "jasmine tea")],
    "1.6": [("Cà phê rang xay", "ground roasted coffee"), ("Ca cao nguyên chất", "pure cocoa")],
    "2.1.a": [("Rượu nếp cái hoa vàng", "golden-flower rice spirit"), ("Rượu ngô men lá", "leaf-yeast corn spirit")],
    "2.1.b": [("Rượu mơ", "apricot liqueur"), ("Rượu sim", "rose-myrtle wine")],
    "2.2.a": [("Nước uống đóng chai", "bottled water")],
    "2.2.b": [("Nước ép bưởi", "pomelo juice"), ("Nước mơ", "apricot drink")],
    "3.1": [("Cao xương khớp", "herbal joint balm"), ("Trà đinh lăng", "Polyscias tea"), ("Cao ích mẫu", "motherwort extract")],
    "3.2": [("Dầu gội bồ kết", "soapberry shampoo"), ("Xà phòng thảo mộc", "herbal soap")],
    "3.3": [("Thuốc tắm người Dao", "Dao herbal bath"), ("Tinh dầu bưởi", "pomelo oil"), ("Tinh dầu sả", "lemongrass oil")],
    "4.1": [("Bình gốm men lam", "blue-glaze vase"), ("Bộ ấm chén", "tea set"), ("Tranh khảm trai", "mother-of-pearl picture"),
            ("Nón lá", "conical hat"), ("Giỏ mây", "rattan basket"), ("Tượng gỗ", "wooden statue"),
            ("Tranh sơn mài", "lacquer painting"), ("Bát gỗ tiện", "turned wooden bowl"), ("Quạt giấy", "paper fan"),
            ("Hương trầm", "agarwood incense")],
    "4.2": [("Lụa tơ tằm", "silk"), ("Khăn lụa", "silk scarf"), ("Áo dài thêu", "embroidered áo dài"),
            ("Chăn lụa", "silk quilt")],
    "5.1": [("Hoa hồng", "roses"), ("Lan hồ điệp", "moth orchids"), ("Hoa cúc", "chrysanthemums")],
    "5.2": [("Đào cảnh", "ornamental peach"), ("Quất cảnh", "ornamental kumquat"), ("Bonsai", "bonsai")],
    "5.3": [("Cá Koi", "koi carp"), ("Chim cảnh", "songbirds")],
    "6": [("Du lịch làng nghề", "craft village tour"), ("Trải nghiệm nông trại", "farm experience"),
          ("Homestay làng cổ", "old village homestay")],
}
# Codes are HN-S<seed>-<6 digits>: their normalised keys (normalize_code drops the dashes) stay
# unique across seeds only while the number has a fixed width.
MAX_PRODUCTS = 999_999
# Roughly Hanoi's real mix: mostly food, then handicrafts.
GROUP_WEIGHTS = {"1": 52, "2": 8, "3": 7, "4": 23, "5": 6, "6": 4}
CRAFTS = ["Gốm sứ", "Dệt lụa", "Khảm trai", "Mây tre đan", "Sơn mài", "Thêu ren", "Làm tương", "Làm bún",
          "Làm hương", "Tiện gỗ", "Làm nón", "Trồng hoa", "Làm cốm", "Giò chả"]
SYLLABLES = ["An", "Bình", "Cổ", "Đông", "Hạ", "Hòa", "Kim", "Lạc", "Mỹ", "Ngọc", "Phú", "Phúc", "Quang",
             "Tân", "Thanh", "Thượng", "Trung", "Vân", "Văn", "Xuân", "Yên", "Đại", "Hưng", "Khê", "Lộc",
             "Long", "Nhân", "Sơn", "Thái", "Thịnh", "Vĩnh", "Đồng", "Hà", "Liên", "Ninh", "Tiên"]
KIND_PREFIX = {
    Producer.Kind.HOUSEHOLD: "Cơ sở",
    Producer.Kind.COOPERATIVE: "Hợp tác xã",
    Producer.Kind.ENTERPRISE: "Công ty TNHH",
}
DECISIONS = "QĐ-UBND"


@dataclass
class SeedReport:
    villages: int
    producers: int
    products: int
    certifications: int
    listed: int

    def __str__(self):
        return (f"Created {self.villages} villages, {self.producers} producers, {self.products} products "
                f"({self.listed} listed), {self.certifications} certifications.")


class SeedClash(Exception):
    pass


def code_prefix(seed: int) -> str:
    return f"HN-S{seed}-"


@functools.lru_cache(maxsize=100_000)
def _normalize_word(word: str) -> str:
    return normalize_search(word)


def _normalize(text: str) -> str:
    """normalize_search(text), word by word with a cache: the same result (it only ever turns
    whitespace into single spaces), several times faster on text made of a few hundred syllables."""
    return " ".join(filter(None, map(_normalize_word, text.split())))


_sort_key = functools.lru_cache(maxsize=100_000)(vietnamese_sort_key)


def _place_name(rng) -> str:
    first, second = rng.sample(SYLLABLES, 2)
    return f"{first} {second}"


def _certifications_for(rng, today):
    """A plausible rating history, oldest first: list of dicts of Certification fields."""
    def months_ago(low, high):
        return add_months(today, -rng.randint(low, high)) - datetime.timedelta(days=rng.randint(0, 27))

    def stars():
        value = rng.choices([3, 4, 5], weights=[58, 37, 5])[0]
        return value, value == 4 and rng.random() < 0.08

    r = rng.random()
    if r < 0.80:  # one current certification
        s, potential = stars()
        return [dict(stars=s, potential_five_star=potential, issued_on=months_ago(0, 34))]
    if r < 0.88:  # one certification, expired
        return [dict(stars=3 if rng.random() < 0.7 else 4, potential_five_star=False, issued_on=months_ago(37, 60))]
    if r < 0.98:  # re-rated: an expired 3-star, then a current 3 or 4-star
        new = 4 if rng.random() < 0.6 else 3
        return [dict(stars=3, potential_five_star=False, issued_on=months_ago(40, 60)),
                dict(stars=new, potential_five_star=False, issued_on=months_ago(0, 30))]
    if r < 0.995:  # revoked
        issued = months_ago(6, 30)
        revoked_on = min(today, issued + datetime.timedelta(days=rng.randint(60, 400)))
        return [dict(stars=rng.choice([3, 4]), potential_five_star=False, issued_on=issued,
                     status=Certification.Status.REVOKED, revoked_on=revoked_on,
                     revocation_decision_no=f"{rng.randint(100, 9999)}/{DECISIONS}",
                     revocation_reason="Chủ thể không duy trì điều kiện sản xuất như hồ sơ được công nhận.")]
    return []  # never certified (yet)


def _current(cert_rows, today):
    """The current-rating rule of CertificationQuerySet.current_for, on unsaved rows: the newest
    certification decides; it counts if it is active and still valid (a revoked or expired newest
    one is not replaced by the older one it superseded)."""
    if not cert_rows:
        return None
    # Newest by issue date; on a tie the one inserted later (higher pk) wins, as order_by("-pk").
    newest = max(reversed(cert_rows), key=lambda c: c["issued_on"])
    active = newest.get("status", Certification.Status.ACTIVE) == Certification.Status.ACTIVE
    return newest if active and newest["valid_until"] >= today else None


@transaction.atomic
def seed_catalogue(*, products: int, seed: int, today: datetime.date | None = None,
                   batch_size: int = 2000) -> SeedReport:
    today = today or timezone.localdate()
    if not 1 <= products <= MAX_PRODUCTS:
        raise ValueError(f"products must be between 1 and {MAX_PRODUCTS}")
    prefix = code_prefix(seed)
    if Product.objects.filter(code__startswith=prefix).exists():
        raise SeedClash(f"Products with codes {prefix}… already exist: use another --seed or an empty database.")
    rng = random.Random(seed)

    areas = list(Area.objects.order_by("code"))
    area_weights = [3 if a.kind == Area.Kind.COMMUNE else 1 for a in areas]
    categories = {c.code: c for c in Category.objects.filter(code__in=PRODUCT_NOUNS)}
    by_group: dict[str, list[Category]] = {}
    for code in sorted(categories):
        by_group.setdefault(categories[code].group_code, []).append(categories[code])
    groups = sorted(by_group)

    # Villages
    village_count = max(10, min(2000, products // 40))
    villages = []
    for i in range(village_count):
        name = _place_name(rng)
        area = rng.choices(areas, weights=area_weights)[0]
        traditional = rng.random() < 0.7
        villages.append(CraftVillage(
            name=name, slug=f"{slugify_vi(name)}-s{seed}-v{i:05d}", area=area, main_craft=rng.choice(CRAFTS),
            is_traditional=traditional, recognised_year=rng.randint(1998, 2024) if traditional else None,
            description=f"Làng nghề {name}, {area.official_name}.",
            # Somewhere in Hà Nội's rural belt, for maps.
            latitude=Decimal(f"{rng.uniform(20.60, 21.30):.6f}"), longitude=Decimal(f"{rng.uniform(105.30, 106.00):.6f}"),
            search_name=_normalize(name), sort_name=_sort_key(name),
        ))
    villages = _inserted(CraftVillage.objects.bulk_create(villages, batch_size=batch_size))
    villages_by_area: dict[int, list[CraftVillage]] = {}
    for v in villages:
        villages_by_area.setdefault(v.area_id, []).append(v)

    # Producers, each with the group it mostly makes
    producer_count = max(20, products // 4)
    producers, producer_group = [], []
    kinds = list(KIND_PREFIX)
    # Names are unique, as registered business names are: the import matches producers by name,
    # so a seeded catalogue exported and imported again finds each of its producers.
    taken = {_normalize(name) for name in Producer.objects.values_list("name", flat=True)}
    for i in range(producer_count):
        group = rng.choices(groups, weights=[GROUP_WEIGHTS[g] for g in groups])[0]
        kind = rng.choices(kinds, weights=[50, 30, 20])[0]
        place = _place_name(rng)
        noun = rng.choice(PRODUCT_NOUNS[rng.choice(by_group[group]).code])[0]
        area = rng.choices(areas, weights=area_weights)[0]
        name = f"{KIND_PREFIX[kind]} {noun} {place}"
        if _normalize(name) in taken:
            name = f"{name} ({area.name})"
        number = 2
        while _normalize(name) in taken:
            name, number = f"{KIND_PREFIX[kind]} {noun} {place} ({area.name}) {number}", number + 1
        taken.add(_normalize(name))
        producers.append(Producer(
            name=name, slug=f"{slugify_vi(name)[:55]}-s{seed}-p{i:06d}", kind=kind, area=area,
            address=f"Thôn {place}, {area.official_name}, Hà Nội",
            search_name=_normalize(name), sort_name=_sort_key(name),
        ))
        producer_group.append(group)
    producers = _inserted(Producer.objects.bulk_create(producers, batch_size=batch_size))
    producers_by_group: dict[str, list[Producer]] = {}
    for producer, group in zip(producers, producer_group):
        producers_by_group.setdefault(group, []).append(producer)

    # Products with their rating computed here, and their certifications
    product_rows, cert_rows_per_product, search_texts = [], [], []
    sources = SearchTextSources.load()
    for i in range(products):
        group = rng.choices(groups, weights=[GROUP_WEIGHTS[g] for g in groups])[0]
        category = rng.choice(by_group[group])
        producer = rng.choice(producers_by_group.get(group) or producers)
        nearby = villages_by_area.get(producer.area_id)
        village = None
        if nearby and rng.random() < 0.6:
            village = rng.choice(nearby)
        elif rng.random() < 0.15:
            village = rng.choice(villages)
        noun_vi, noun_en = rng.choice(PRODUCT_NOUNS[category.code])
        place = village.name if village else producer.area.name
        code = f"{prefix}{i:06d}"
        name_vi = f"{noun_vi} {place}"
        product = Product(
            code=code, code_key=normalize_code(code), name_vi=name_vi, name_en=f"{place} {noun_en}",
            slug=f"{slugify_vi(name_vi)[:50]}-{code.lower()}", category=category, producer=producer,
            village=village,
            description_vi=f"{noun_vi} do {producer.name} sản xuất tại {producer.area.official_name}.",
            description_en=f"{noun_en.capitalize()} made by {producer.name} in {producer.area.full_name}.",
        )
        certs = _certifications_for(rng, today)
        for k, cert in enumerate(certs):
            cert["certificate_no"] = f"S{seed}-{i:06d}-{k + 1}/{DECISIONS}"
            cert["certificate_key"] = normalize_code(cert["certificate_no"])
            cert["valid_until"] = default_valid_until(cert["issued_on"])
        current = _current(certs, today)  # decided again, by identity, once the rows have ids
        # The same derived columns Product.save() and Product.refresh_rating() write.
        search_texts.append(product.fill_search_columns(sources))
        product.sort_name = _sort_key(product.name_vi)
        product.place_area_id, product.producer_kind = product.derived_places()
        product.rating_stars = current["stars"] if current else None
        product.rating_potential_five_star = bool(current and current["potential_five_star"])
        product.rating_issued_on = current["issued_on"] if current else None
        product.rating_valid_until = current["valid_until"] if current else None
        product_rows.append(product)
        cert_rows_per_product.append(certs)
    # Certifications first, pointing at product ids reserved in advance, so each product is
    # inserted once with its current_certification already set: an UPDATE of every product
    # afterwards would rewrite each row and all its indexes (the trigram ones are costly).
    for product, pk in zip(product_rows, _reserve_ids(Product, len(product_rows))):
        product.pk = pk
    certifications, current_of = [], {}
    for product, rows in zip(product_rows, cert_rows_per_product):
        current = _current(rows, today)
        for row in rows:
            cert = Certification(product_id=product.pk, **row)
            certifications.append(cert)
            if row is current:
                current_of[product.pk] = cert
    _inserted(Certification.objects.bulk_create(certifications, batch_size=batch_size))
    for product in product_rows:
        if product.pk in current_of:
            product.current_certification_id = current_of[product.pk].pk
    Product.objects.bulk_create(product_rows, batch_size=batch_size)
    learn_words(search_texts, count=True)

    _invalidate_page_cache()
    return SeedReport(
        villages=len(villages), producers=len(producers), products=len(product_rows),
        certifications=len(certifications),
        listed=sum(1 for p in product_rows if p.rating_valid_until is not None),
    )


def _reserve_ids(model, count: int) -> list[int]:
    """``count`` primary keys nobody else will be given, for rows inserted with explicit ids."""
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Taken from the identity sequence itself: safe beside concurrent inserts.
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [table, column, count])
            return [row[0] for row in cursor.fetchall()]
        if connection.vendor == "sqlite":
            # Our transaction has already written, so it holds SQLite's single write lock. Start
            # above both the highest id and AUTOINCREMENT's high-water mark (ids are never reused).
            quote = connection.ops.quote_name
            cursor.execute(f"SELECT COALESCE(MAX({quote(column)}), 0) FROM {quote(table)}")
            highest = cursor.fetchone()[0]
            cursor.execute("SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = %s", [table])
            highest = max(highest, cursor.fetchone()[0])
            return list(range(highest + 1, highest + 1 + count))
    raise NotImplementedError(f"seed_demo supports PostgreSQL and SQLite, not {connection.vendor}")


def _inserted(objs):
    # PostgreSQL and SQLite >= 3.35 return the new ids from bulk inserts; the rows that follow
    # point at them, so refuse to go on without.
    if objs and objs[-1].pk is None:
        raise RuntimeError("seed_demo needs a database that returns ids from bulk inserts")
    return objs


def _invalidate_page_cache():
    # Bulk writes send no signals, so cached public pages must be told (see ocop_site.page_cache).
    try:
        from ocop_site import page_cache
    except ImportError:  # pragma: no cover -- the page cache is optional
        return
    page_cache.invalidate()
