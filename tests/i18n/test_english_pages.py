"""/en/ reads as English out of the box: every public page of the demo, rendered in English,
holds no Vietnamese words apart from proper names (issue #14)."""

import pytest

from catalogue.demo.loader import load_demo
from catalogue.models import Area, Certification, CraftVillage, FormerDistrict, Producer, Product
from events.demo import load_events_demo
from showrooms.demo import load_showrooms_demo
from showrooms.models import Showroom
from tests.speed.test_query_budget import public_pages

from .vietnamese_text import readable_text, vietnamese_words_in

pytestmark = pytest.mark.django_db


def proper_names() -> set[str]:
    """Names that stay as registered in every language: producers' legal names and postal
    addresses, villages without an English name, wards, communes and former districts, and the
    signing authorities as the import format spells them."""
    names = set(Producer.objects.values_list("name", flat=True))
    names |= set(Producer.objects.values_list("address", flat=True))
    names |= set(CraftVillage.objects.values_list("name_vi", flat=True))
    names |= set(Area.objects.values_list("name", flat=True))
    names |= set(FormerDistrict.objects.values_list("name", flat=True))
    # Spreadsheet columns hold the authority as signed ("e.g. UBND Thành phố Hà Nội" on /open-data/).
    names |= set(Certification.objects.values_list("authority_vi", flat=True))
    return names


def english(url: str) -> str:
    return url if url.startswith("/en/") else "/en" + url


def test_every_demo_page_in_english_has_no_vietnamese_words(client):
    load_demo(images=True)
    load_showrooms_demo()
    load_events_demo()
    pages = public_pages()
    # Pages whose texts the generic list does not reach: a village with visitor information, a
    # revoked certification's reason, a showroom with dated exceptions, the village list.
    pages["village with visitor information"] = CraftVillage.objects.get(slug="bat-trang").get_absolute_url()
    pages["revoked product"] = Product.objects.get(code="HN-OCOP-0057").get_absolute_url()
    pages["revoked verify"] = "/verify/HN-OCOP-0057/"
    pages["promotion centre"] = Showroom.objects.get(
        slug="trung-tam-xuc-tien-san-pham-ocop-ha-noi").get_absolute_url()
    names = proper_names()

    problems = {}
    for label, url in pages.items():
        response = client.get(english(url))
        assert response.status_code == 200, f"{label}: HTTP {response.status_code}"
        found = vietnamese_words_in(readable_text(response.content.decode()), proper_names=names)
        if found:
            problems[f"{label} ({english(url)})"] = found[:5]
    assert not problems, problems


def test_the_check_finds_an_untranslated_text(client):
    """The word list catches what the issue saw: Vietnamese alt texts and prefixes in /en/."""
    text = readable_text('<p>Xã Bát Tràng</p><img alt="Ảnh minh họa: Bình gốm" src="x.webp">')
    words = {word for word, _context in vietnamese_words_in(text, proper_names={"Bát Tràng"})}
    assert {"xã", "ảnh", "minh họa", "gốm"} <= words
    assert vietnamese_words_in("Bát Tràng commune, Illustration: vase", proper_names={"Bát Tràng"}) == []
