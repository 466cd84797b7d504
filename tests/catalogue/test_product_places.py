"""The place and producer kind the product list filters and counts by are copied onto each
product; every way a producer's or village's ward or a producer's kind changes keeps them
current, so the filters never show a product under its old place."""

import pytest

from catalogue.importing import import_file
from catalogue.models import Producer, Product
from tests.data.helpers import csv_bytes, row
from tests.factories import CraftVillageFactory, ProducerFactory, area, certified_product

pytestmark = pytest.mark.django_db


def listed_in(client, place_slug: str) -> list[str]:
    response = client.get("/en/products/", {"area": place_slug})
    return [product.code for product in response.context["products"]]


def test_moving_a_producer_to_another_ward_moves_its_products_in_the_place_filter(client):
    producer = ProducerFactory(area=area("xa-bat-trang"), kind=Producer.Kind.HOUSEHOLD)
    vase = certified_product(5, producer=producer)
    assert listed_in(client, "xa-bat-trang") == [vase.code]

    producer.area = area("phuong-tay-ho")
    producer.save()
    assert listed_in(client, "xa-bat-trang") == []
    assert listed_in(client, "phuong-tay-ho") == [vase.code]


def test_a_producer_without_a_ward_lists_its_products_in_the_village_ward_which_can_change(client):
    village = CraftVillageFactory(area=area("xa-thanh-oai"))
    sauce = certified_product(4, producer=ProducerFactory(area=None), village=village)
    assert listed_in(client, "xa-thanh-oai") == [sauce.code]

    village.area = area("xa-bat-trang")
    village.save()
    assert listed_in(client, "xa-thanh-oai") == []
    assert listed_in(client, "xa-bat-trang") == [sauce.code]


def test_changing_a_producers_kind_changes_the_producer_filter_and_its_counts(client):
    producer = ProducerFactory(kind=Producer.Kind.HOUSEHOLD)
    certified_product(4, producer=producer)
    producer.kind = Producer.Kind.COOPERATIVE
    producer.save()
    response = client.get("/en/products/", {"producer_kind": "cooperative"})
    assert len(response.context["products"]) == 1
    kinds = {option.value: option.count for option in response.context["facets"]["producer_kind"].options}
    assert kinds == {"enterprise": 0, "cooperative": 1, "household": 0}


def test_an_import_that_moves_a_producer_moves_its_products_the_file_did_not_list(client):
    import_file(csv_bytes([row(1), row(2)]), "first.csv", dry_run=False)
    assert sorted(listed_in(client, "xa-thanh-oai")) == ["HN-T-0001", "HN-T-0002"]

    # The second file lists one product only, with its producer now in Bát Tràng.
    report = import_file(csv_bytes([row(1, area="Xã Bát Tràng", former_district="Gia Lâm")]), "second.csv",
                         dry_run=False)
    assert not report.problems
    assert sorted(listed_in(client, "xa-bat-trang")) == ["HN-T-0001", "HN-T-0002"]
    assert set(Product.objects.values_list("place_area__slug", flat=True)) == {"xa-bat-trang"}
