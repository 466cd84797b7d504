"""One list whatever the page language: the English and Vietnamese texts of a product's
producer and craft village are searchable on both /products/ and /en/products/ (issue #13)."""

import pytest
from django.utils import translation

from catalogue.models import Product
from tests.factories import CraftVillageFactory, ProducerFactory, certified_product

pytestmark = pytest.mark.django_db


def found(client, url):
    return [product.code for product in client.get(url).context["page_obj"]]


@pytest.mark.parametrize("saved_in", ["vi", "en"])
def test_village_and_producer_texts_are_found_in_both_languages(client, saved_in):
    village = CraftVillageFactory(name_vi="Vạn Phúc", description_vi="Làng dệt lụa bên sông Nhuệ",
                                  description_en="A silk weaving village on the Nhuệ river")
    producer = ProducerFactory(description_vi="Xưởng nhuộm tơ tằm", description_en="A mulberry silk dye works")
    scarf = certified_product(4, name_vi="Khăn lụa", village=village, producer=producer)
    certified_product(4, name_vi="Chè sen")
    with translation.override(saved_in):  # an English admin page saves the same search text
        Product.objects.get(pk=scarf.pk).save()
    for query in ("weaving+village", "lang+det", "mulberry+silk", "nhuom+to+tam"):
        for prefix in ("", "/en"):
            assert found(client, f"{prefix}/products/?q={query}") == [scarf.code], (prefix, query)
