"""The search relevance set: a catalogue made for it and 45 queries with the products expected at
the top, in order. It runs on SQLite and on PostgreSQL (``DATABASE_URL``), both giving the same
lists, in Vietnamese and English pages alike. Precision@3 over the set is in the README.

The first queries are the failures reported in issue 13: "trà" led with *Bánh chưng Tranh
Khúc* ("tra" inside "tranh") and the teas came 7th-9th; "bat trang" brought Nhị Khê's wooden
bowls ("bát … trang trí"); "bat trag" found nothing on SQLite.
"""

from types import SimpleNamespace

import pytest

from catalogue.models import Producer
from tests.factories import CraftVillageFactory, ProducerFactory, area, certified_product, leaf_category

pytestmark = pytest.mark.django_db

# key: (name_vi, name_en, category, village key, (producer name, producer's ward/commune), stars, extra fields)
VILLAGES = {
    "bat_trang": ("Bát Tràng", "xa-bat-trang", "Làng gốm cổ bên sông Hồng."),
    "nhi_khe": ("Nhị Khê", "xa-thuong-tin", "Làng nghề tiện gỗ."),
    "van_phuc": ("Vạn Phúc", "phuong-ha-dong", "Làng lụa nghìn năm."),
    "tranh_khuc": ("Tranh Khúc", "xa-thanh-tri", "Làng bánh chưng."),
    "cu_da": ("Cự Đà", "xa-thanh-oai", "Làng tương và miến."),
    "chuong": ("Làng Chuông", "xa-thanh-oai", "Làng nón lá."),
    "phu_vinh": ("Phú Vinh", "xa-phu-nghia", "Làng mây tre đan."),
    "duong_lam": ("Đường Lâm", "phuong-son-tay", "Làng cổ xứ Đoài."),
    "uoc_le": ("Ước Lễ", "xa-thanh-oai", "Làng giò chả."),
    "ha_thai": ("Hạ Thái", "xa-thuong-tin", "Làng sơn mài."),
}

PRODUCTS = {
    "tra_sen": ("Trà sen Tây Hồ", "West Lake lotus tea", "1.5.a", None,
                ("Công ty CP Trà Sen Tây Hồ", "phuong-tay-ho"), 5, {}),
    "tra_nhai": ("Trà hoa nhài", "Jasmine tea", "1.5.b", None, ("HTX Chè Đông Anh", "xa-dong-anh"), 4, {}),
    "tra_shan": ("Trà shan tuyết cổ thụ", "Ancient shan tuyet tea", "1.5.a", None,
                 ("Hộ kinh doanh Lý Văn Sáng", "xa-ba-vi"), 3, {}),
    "banh_chung": ("Bánh chưng Tranh Khúc", "Tranh Khuc sticky rice cake", "1.3.b", "tranh_khuc",
                   ("HTX Bánh chưng Tranh Khúc", "xa-thanh-tri"), 5, {}),
    "ca_tra": ("Chả cá tra", "Pangasius fish cake", "1.3.d", None, ("Cơ sở Thủy sản Yên Sở", "phuong-yen-so"), 5, {}),
    "gom_men_ngoc": ("Gốm Bát Tràng men ngọc", "Bat Trang celadon ware", "4.1", "bat_trang",
                     ("HTX Gốm sứ Bát Tràng", "xa-bat-trang"), 3, {}),
    "binh_gom": ("Bình gốm men lam", "Blue-glazed vase", "4.1", "bat_trang",
                 ("Công ty TNHH Gốm Minh Long", "xa-bat-trang"), 5, {}),
    "am_chen": ("Bộ ấm chén men rạn", "Crackle-glaze tea set", "4.1", "bat_trang",
                ("Hộ kinh doanh Nguyễn Văn Lộc", "xa-bat-trang"), 3, {}),
    # Both words in its own name, far apart: must not beat the Bát Tràng village's products.
    "bat_go": ("Bát gỗ tiện trang trí Nhị Khê", "Nhi Khe decorative turned wooden bowl", "4.1", "nhi_khe",
               ("Cơ sở tiện gỗ Nhị Khê", "xa-thuong-tin"), 5, {}),
    "lua": ("Khăn lụa tơ tằm Vạn Phúc", "Van Phuc silk scarf", "4.2", "van_phuc",
            ("HTX Lụa Vạn Phúc", "phuong-ha-dong"), 5, {}),
    "ao_dai": ("Áo dài lụa", "Silk ao dai", "4.2", "van_phuc", ("Công ty May Hà Đông", "phuong-ha-dong"), 3, {}),
    "tuong": ("Tương Cự Đà", "Cu Da soy sauce", "1.4.a", "cu_da", ("Cơ sở tương Vân Hương", "xa-thanh-oai"), 4, {}),
    # The producer's name is written with the tone mark in the old position (Hoà).
    "mien": ("Miến dong", "Arrowroot noodles", "1.3.b", "cu_da", ("Cơ sở miến Hoà Bình", "xa-thanh-oai"), 3, {}),
    "ruou": ("Rượu nếp cái hoa vàng", "Yellow sticky rice wine", "2.1.a", None,
             ("Cơ sở rượu Tùng Thiện", "phuong-tung-thien"), 3, {}),
    "mat_ong": ("Mật ong hoa nhãn", "Longan honey", "1.2.b", None, ("HTX Ong mật Ba Vì", "xa-ba-vi"), 4, {}),
    "non": ("Nón lá", "Conical hat", "4.1", "chuong", ("Hộ kinh doanh Nón Chuông", "xa-thanh-oai"), 3, {}),
    "may_tre": ("Giỏ mây tre đan", "Rattan and bamboo basket", "4.1", "phu_vinh",
                ("HTX Mây tre Phú Vinh", "xa-phu-nghia"), 4, {}),
    "keo": ("Kẹo dồi lạc", "Peanut sweets", "1.3.b", "duong_lam", ("HTX Kẹo dồi Đường Lâm", "phuong-son-tay"), 4, {}),
    "che_lam": ("Chè lam Thạch Xá", "Thach Xa rice cake", "1.3.b", None,
                ("Cơ sở chè lam Thạch Xá", "xa-thach-that"), 3, {}),
    # Old-position tone mark in the product's name (thuỷ).
    "thuy_tien": ("Hoa thuỷ tiên", "Narcissus flowers", "5.1", None, ("Hộ kinh doanh hoa Tây Tựu", "phuong-tay-tuu"),
                  3, {}),
    "hat_sen": ("Hạt sen sấy", "Dried lotus seeds", "1.3.c", None, ("Công ty CP Trà Sen Tây Hồ", "phuong-tay-ho"),
                4, {}),
    "gio_lua": ("Giò lụa Ước Lễ", "Uoc Le pork roll", "1.3.d", "uoc_le", ("Cơ sở giò chả Ước Lễ", "xa-thanh-oai"),
                4, {}),
    "tranh": ("Tranh sơn mài Hạ Thái", "Ha Thai lacquer painting", "4.1", "ha_thai",
              ("HTX Sơn mài Hạ Thái", "xa-thuong-tin"), 4, {}),
    "banh_com": ("Bánh cốm", "Green rice flake cake", "1.3.b", None, ("Cơ sở Bánh cốm Hàng Than", "phuong-ba-dinh"),
                 3, {"story_vi": "Cốm làng Vòng gói trong lá sen, nhân đậu xanh."}),
}

# (query, expected first results in order; a tuple is a group whose inner order is free, products
# never to be found). Every query's top is checked exactly; precision@3 is reported from them.
QUERIES = [
    # The reported failures.
    ("trà", [("tra_sen", "tra_nhai", "tra_shan")], ["banh_chung"]),
    ("bat trang", ["gom_men_ngoc", ("binh_gom", "am_chen")], []),
    ("bat trag", ["gom_men_ngoc", ("binh_gom", "am_chen")], []),
    # Accents, case, tone positions.
    ("bát tràng", ["gom_men_ngoc", ("binh_gom", "am_chen")], []),
    ("BÁT TRÀNG", ["gom_men_ngoc", ("binh_gom", "am_chen")], []),
    ("tra", [("tra_sen", "tra_nhai", "tra_shan", "ca_tra")], ["banh_chung"]),
    ("chả cá tra", ["ca_tra"], []),
    ("hoà bình", ["mien"], []),
    ("hòa bình", ["mien"], []),
    ("thủy tiên", ["thuy_tien"], []),
    ("thuỷ tiên", ["thuy_tien"], []),
    ("gốm", [("binh_gom", "gom_men_ngoc")], []),
    ("gom", [("binh_gom", "gom_men_ngoc")], []),
    # Whole words only.
    ("tranh", [("banh_chung", "tranh")], ["tra_sen"]),
    ("trang", [("gom_men_ngoc", "bat_go"), ("binh_gom", "am_chen")], []),
    # Phrases and where the words are.
    ("tra sen", ["tra_sen", "hat_sen"], []),
    ("trà sen", ["tra_sen", "hat_sen"], []),
    ("lua van phuc", ["lua", "ao_dai"], []),
    ("lụa", [("lua", "ao_dai", "gio_lua")], []),
    ("van phuc", [("lua", "ao_dai")], []),
    ("tuong cu da", ["tuong"], []),
    ("cu da", ["tuong", "mien"], []),
    ("mien dong", ["mien"], []),
    ("nhi khe", ["bat_go"], []),
    ("son mai", ["tranh"], []),
    ("banh chung", ["banh_chung"], []),
    ("keo doi", ["keo"], []),
    ("duong lam", ["keo"], []),
    ("thach xa", ["che_lam"], []),
    ("non la", ["non"], []),
    ("lang chuong", ["non"], []),
    ("may tre", ["may_tre"], []),
    ("phu vinh", ["may_tre"], []),
    ("mat ong", ["mat_ong"], []),
    ("ruou nep", ["ruou"], []),
    # English, on either page language.
    ("lotus tea", ["tra_sen"], ["am_chen"]),
    ("west lake", ["tra_sen"], []),
    ("jasmine tea", ["tra_nhai"], []),
    ("silk", [("lua", "ao_dai")], []),
    ("honey", ["mat_ong"], []),
    ("rice wine", ["ruou"], []),
    # Stories and places.
    ("lang vong", ["banh_com"], []),
    ("ha dong", [("lua", "ao_dai")], []),
    ("tay ho", [("tra_sen", "hat_sen")], []),
    # Typos.
    ("banh chug", ["banh_chung"], []),
    ("mat ogn", ["mat_ong"], []),
]


@pytest.fixture
def relevance_catalogue(db):
    villages = {}
    for key, (name, place, description) in VILLAGES.items():
        villages[key] = CraftVillageFactory(name=name, area=area(place), description=description)
    producers, products = {}, {}
    for key, (name_vi, name_en, category, village, (producer_name, place), stars, extra) in PRODUCTS.items():
        producer = producers.get(producer_name)
        if producer is None:
            producer = producers[producer_name] = ProducerFactory(
                name=producer_name, area=area(place), kind=Producer.Kind.HOUSEHOLD)
        products[key] = certified_product(
            stars, name_vi=name_vi, name_en=name_en, category=leaf_category(category),
            village=villages.get(village), producer=producer, code=f"REL-{len(products) + 1:04d}", **extra)
    return SimpleNamespace(products=products, villages=villages)


def ranked(client, query, prefix=""):
    response = client.get(f"{prefix}/products/", {"q": query})
    assert response.status_code == 200
    return [product.pk for product in response.context["page_obj"].paginator.object_list]


def expected_top(catalogue, expected):
    """[set of pks] per position group."""
    return [{catalogue.products[k].pk for k in (group if isinstance(group, tuple) else (group,))}
            for group in expected]


def matches_expected(results, groups) -> bool:
    position = 0
    for group in groups:
        if set(results[position:position + len(group)]) != group:
            return False
        position += len(group)
    return True


def precision_at_3(results, groups) -> float:
    relevant = set().union(*groups)
    return len(set(results[:3]) & relevant) / min(3, len(relevant))


def test_the_set_has_at_least_thirty_queries():
    assert len(QUERIES) >= 30
    assert all(key in PRODUCTS for _q, expected, absent in QUERIES
               for group in expected for key in (group if isinstance(group, tuple) else (group,)))


@pytest.mark.parametrize("query, expected, absent", QUERIES, ids=[q for q, _e, _a in QUERIES])
def test_expected_products_come_first(client, relevance_catalogue, query, expected, absent):
    results = ranked(client, query)
    names = {p.pk: p.name_vi for p in relevance_catalogue.products.values()}
    assert matches_expected(results, expected_top(relevance_catalogue, expected)), [names[pk] for pk in results]
    for key in absent:
        assert relevance_catalogue.products[key].pk not in results, names[relevance_catalogue.products[key].pk]


def test_precision_at_3_over_the_set_and_the_same_list_in_english(client, relevance_catalogue):
    scores = []
    for query, expected, _absent in QUERIES:
        results = ranked(client, query)
        assert ranked(client, query, prefix="/en") == results, query
        scores.append(precision_at_3(results, expected_top(relevance_catalogue, expected)))
    precision = sum(scores) / len(scores)
    print(f"precision@3 over {len(scores)} queries: {precision:.3f}")
    assert precision == 1.0

