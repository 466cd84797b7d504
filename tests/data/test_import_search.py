"""The import and search share one folding of names (catalogue.text.fold_vietnamese): a tone
mark written in the old or the new position is the same name, and imported products are found,
typos included, as soon as the import is written."""

import pytest

from catalogue.importing import import_file
from catalogue.models import CraftVillage, Producer, Product, SearchWord
from tests.factories import CraftVillageFactory, ProducerFactory, area

from .helpers import csv_bytes, row

pytestmark = pytest.mark.django_db


def run(rows):
    return import_file(csv_bytes(rows), "file.csv", dry_run=False)


def test_hoa_with_the_tone_mark_on_either_vowel_is_the_same_producer_and_village():
    # Two existing records read "hoa binh" without accents; only one is the same name.
    producer = ProducerFactory(name="Cơ sở miến Hoà Bình", area=area("xa-thanh-oai"))
    ProducerFactory(name="Cơ sở miến Hóa Bình", area=area("xa-thanh-oai"))
    village = CraftVillageFactory(name="Làng Thuỷ Hoà", area=area("xa-thanh-oai"))
    CraftVillageFactory(name="Làng Thủy Hóa", area=area("xa-thanh-oai"))
    producers, villages = Producer.objects.count(), CraftVillage.objects.count()

    report = run([row(1, producer="Cơ sở miến Hòa Bình", village="Làng Thủy Hòa")])

    assert not report.problems, [p.message for p in report.problems]
    product = Product.objects.get(code="HN-T-0001")
    assert (product.producer, product.village) == (producer, village)
    assert (Producer.objects.count(), CraftVillage.objects.count()) == (producers, villages)


def test_imported_products_are_searchable_and_their_words_known(client):
    report = run([row(1, name_vi="Miến dong Bắc Kạn", name_en="Arrowroot noodles", village="", producer="Cơ sở miến Minh Đức")])
    assert not report.problems, [p.message for p in report.problems]
    assert SearchWord.objects.filter(word="kan").exists()
    response = client.get("/products/", {"q": "mien dong bac kna"})  # a typo in the last word
    assert [p.name_vi for p in response.context["products"]] == ["Miến dong Bắc Kạn"]
    assert response.context["search"].corrected_to == "miến dong bắc kạn"
