"""A small catalogue with real Hà Nội names, for the browsing and search tests."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from catalogue.models import Certification, Producer
from tests.factories import (
    CertificationFactory,
    CraftVillageFactory,
    ProducerFactory,
    ProductFactory,
    area,
    certified_product,
    leaf_category,
)


@pytest.fixture
def shop(db):
    """Eight listed products over three craft villages, four places and three producer kinds,
    plus one expired and one revoked product (never listed).

    | product         | stars | category | village    | place (how)                         | producer kind |
    | vase            | 5     | 4.1      | Bát Tràng  | xa-bat-trang (producer)             | cooperative   |
    | tea_set         | 4 pot.| 4.1      | Bát Tràng  | xa-bat-trang (producer)             | enterprise    |
    | bowl            | 3     | 4.1      | Bát Tràng  | xa-bat-trang (producer)             | household     |
    | soy_sauce       | 3     | 1.4.a    | Cự Đà      | xa-thanh-oai (producer)             | household     |
    | soy_sauce_jar   | 4     | 1.4.a    | Cự Đà      | xa-thanh-oai (village: no producer area) | household |
    | lotus_tea       | 5     | 1.5.a    | —          | phuong-tay-ho (producer)            | enterprise    |
    | sweets          | 4     | 1.3.b    | Đường Lâm  | phuong-son-tay (producer)           | cooperative   |
    | rice_wine       | 3     | 2.1.a    | —          | phuong-tung-thien (producer)        | household     |
    """
    bat_trang = CraftVillageFactory(name="Bát Tràng", area=area("xa-bat-trang"), main_craft="Gốm sứ",
                                    description="Làng gốm hơn 700 năm bên sông Hồng.")
    cu_da = CraftVillageFactory(name="Cự Đà", area=area("xa-thanh-oai"), main_craft="Tương, miến")
    duong_lam = CraftVillageFactory(name="Đường Lâm", area=area("phuong-son-tay"), main_craft="Kẹo, chè lam")

    gom_coop = ProducerFactory(name="HTX Gốm sứ Bát Tràng", kind=Producer.Kind.COOPERATIVE,
                               area=area("xa-bat-trang"))
    gom_company = ProducerFactory(name="Công ty TNHH Gốm Minh Long Hà Nội", kind=Producer.Kind.ENTERPRISE,
                                  area=area("xa-bat-trang"))
    gom_family = ProducerFactory(name="Hộ kinh doanh Nguyễn Văn Lộc", kind=Producer.Kind.HOUSEHOLD,
                                 area=area("xa-bat-trang"))
    tuong_family = ProducerFactory(name="Cơ sở tương Vân Hương", kind=Producer.Kind.HOUSEHOLD,
                                   area=area("xa-thanh-oai"))
    tuong_unknown_place = ProducerFactory(name="Cơ sở tương Bà Tỵ", kind=Producer.Kind.HOUSEHOLD, area=None)
    tea_company = ProducerFactory(name="Công ty CP Trà Sen Tây Hồ", kind=Producer.Kind.ENTERPRISE,
                                  area=area("phuong-tay-ho"))
    sweets_coop = ProducerFactory(name="HTX Kẹo dồi Đường Lâm", kind=Producer.Kind.COOPERATIVE,
                                  area=area("phuong-son-tay"))
    wine_family = ProducerFactory(name="Cơ sở rượu Tùng Thiện", kind=Producer.Kind.HOUSEHOLD,
                                  area=area("phuong-tung-thien"))

    products = SimpleNamespace(
        vase=certified_product(5, name_vi="Bình gốm men lam", name_en="Blue-glazed vase",
                               category=leaf_category("4.1"), village=bat_trang, producer=gom_coop),
        tea_set=_potential_five_star(name_vi="Bộ ấm chén men rạn", name_en="Crackle-glaze tea set",
                                     category=leaf_category("4.1"), village=bat_trang, producer=gom_company),
        bowl=certified_product(3, name_vi="Bát ăn cơm vẽ tay", name_en="Hand-painted rice bowl",
                               category=leaf_category("4.1"), village=bat_trang, producer=gom_family),
        soy_sauce=certified_product(3, name_vi="Tương Cự Đà", name_en="Cự Đà soy sauce",
                                    category=leaf_category("1.4.a"), village=cu_da, producer=tuong_family),
        soy_sauce_jar=certified_product(4, name_vi="Tương bần hũ sành", name_en="Soy sauce in a clay jar",
                                        category=leaf_category("1.4.a"), village=cu_da,
                                        producer=tuong_unknown_place),
        lotus_tea=certified_product(5, name_vi="Chè sen Tây Hồ", name_en="West Lake lotus tea",
                                    category=leaf_category("1.5.a"), producer=tea_company,
                                    description_vi="Chè ướp hoa sen Bách Diệp."),
        sweets=certified_product(4, name_vi="Kẹo dồi lạc", name_en="Peanut sweets",
                                 category=leaf_category("1.3.b"), village=duong_lam, producer=sweets_coop),
        rice_wine=certified_product(3, name_vi="Rượu nếp cái hoa vàng", name_en="Yellow sticky rice wine",
                                    category=leaf_category("2.1.a"), producer=wine_family),
    )
    expired = ProductFactory(name_vi="Gốm Bát Tràng đời cũ", category=leaf_category("4.1"),
                             village=bat_trang, producer=gom_coop)
    CertificationFactory(product=expired, stars=5,
                         issued_on=timezone.localdate() - datetime.timedelta(days=1200))
    revoked = ProductFactory(name_vi="Tương Cự Đà thu hồi", category=leaf_category("1.4.a"), village=cu_da,
                             producer=tuong_family)
    CertificationFactory(product=revoked, stars=4, status=Certification.Status.REVOKED,
                         revoked_on=timezone.localdate() - datetime.timedelta(days=5),
                         revocation_reason="Không đạt kiểm tra chất lượng.")
    return SimpleNamespace(
        products=products,
        listed=list(vars(products).values()),
        expired=expired,
        revoked=revoked,
        villages=SimpleNamespace(bat_trang=bat_trang, cu_da=cu_da, duong_lam=duong_lam),
        producers=SimpleNamespace(gom_coop=gom_coop, tuong_family=tuong_family,
                                  tuong_unknown_place=tuong_unknown_place, tea_company=tea_company),
    )


def _potential_five_star(**fields):
    product = ProductFactory(**fields)
    CertificationFactory(product=product, stars=4, potential_five_star=True)
    product.refresh_from_db()
    return product
