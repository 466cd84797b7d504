"""The list's facet counts without a search come from bitsets kept in the worker
(catalogue.facets.ListedBitsets): they must be exactly the counts the database gives."""

import itertools
import random

import pytest
from django.http import QueryDict

from catalogue.facets import count_options, listed_bitsets
from catalogue.filters import CatalogueLookups, ProductFilter
from catalogue.models import Product
from catalogue.demo.seed import seed_catalogue

pytestmark = pytest.mark.django_db


def filterset(query: str) -> ProductFilter:
    fs = ProductFilter(data=QueryDict(query), queryset=Product.objects.listed().for_cards())
    assert fs.is_valid() or True  # invalid values are left out, as on the page
    fs.qs  # noqa: B018 -- cleans the form
    return fs


def combinations(lookups, rng, n):
    categories = [c.slug for c in lookups.categories]
    villages = [v.slug for v in lookups.villages]
    places = sorted(lookups.place_slugs)
    choices = {
        "stars": [["3"], ["4"], ["5"], ["4", "5"], ["3", "5"]],
        "potential": ["1", "0"],
        "category": [[slug] for slug in categories] + [rng.sample(categories, 2) for _ in range(20)],
        "village": villages,
        "area": places,
        "producer_kind": ["enterprise", "cooperative", "household"],
    }
    for _ in range(n):
        query = QueryDict(mutable=True)
        for name in rng.sample(list(choices), rng.randint(1, 4)):
            value = rng.choice(choices[name])
            if isinstance(value, list):
                query.setlist(name, value)
            else:
                query[name] = value
        yield query.urlencode()


def test_bitset_counts_equal_the_database_counts_for_every_filter_combination():
    seed_catalogue(products=300, seed=11)
    lookups = CatalogueLookups.shared()
    bitsets = listed_bitsets(lookups)
    rng = random.Random(17)
    fixed = ["stars=4&category=food&sort=-certified", "potential=1", "potential=0&stars=4", "stars=9",
             "village=no-such-village&stars=5", "category=food&category=drinks", "exact=1"]
    checked = 0
    for query in itertools.chain(fixed, combinations(lookups, rng, 250)):
        fs = filterset(query)
        expected = {name: {key: n for key, n in counts.items() if n} for name, counts in count_options(fs).items()}
        assert bitsets.count_options(fs) == expected, query
        checked += 1
    assert checked > 250


def test_the_list_shows_the_database_counts(client, shop):
    from catalogue.facets import product_facets

    response = client.get("/en/products/?stars=4&stars=5&area=xa-bat-trang")
    fs = response.context["filter"]
    expected = product_facets(fs, count_options(fs))
    shown = response.context["facets"]
    assert {name: [(o.value, o.count) for o in facet.options] for name, facet in shown.items()} == \
        {name: [(o.value, o.count) for o in facet.options] for name, facet in expected.items()}
    assert response.context["paginator"].count == sum(o.count for o in shown["stars"].options if o.selected)


@pytest.mark.parametrize("sorted_below", [2000, 0])  # few matches sorted; or the order walked
def test_pages_picked_from_the_bitsets_are_the_database_pages(monkeypatch, sorted_below):
    from catalogue import facets
    from catalogue.facets import ListedPage, matching_count
    from catalogue.filters import Sort

    monkeypatch.setattr(facets, "SORT_MATCHES_BELOW", sorted_below)
    seed_catalogue(products=300, seed=12)
    lookups = CatalogueLookups.shared()
    bitsets = listed_bitsets(lookups)
    rng = random.Random(23)
    for query in itertools.chain(["", "stars=4", "village=bat-trang", "potential=1&stars=4"],
                                 combinations(lookups, rng, 60)):
        for sort in Sort.order_by:
            fs = filterset(query + f"&sort={sort}")
            expected = list(fs.qs.values_list("pk", flat=True))
            count = matching_count(fs, bitsets.count_options(fs))
            assert count == len(expected), query
            page = ListedPage(bitsets, fs, sort, count)
            for start, size in ((0, 24), (24, 24), (5, 7), (max(0, count - 3), 24), (count, 24)):
                assert [p.pk for p in page[start:start + size]] == expected[start:start + size], (query, sort, start)
