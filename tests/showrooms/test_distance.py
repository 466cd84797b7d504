"""The locator's great-circle distance, computed by the database."""

import pytest

from showrooms.models import Showroom
from showrooms.querysets import bounding_box, haversine_km
from tests.factories import ShowroomFactory

pytestmark = pytest.mark.django_db

HOAN_KIEM_LAKE = (21.0285, 105.8542)
# Distances from the lake, worked out independently (chord between unit vectors, R = 6371 km).
PLACES = {
    "Giảng Võ": ((21.0262, 105.8217), 3.3829),
    "Trịnh Công Sơn": ((21.0737, 105.8262), 5.8055),
    "Bát Tràng": ((20.9772, 105.9129), 8.3468),
    "Sơn Tây": ((21.1404, 105.5055), 38.2577),
    "Chùa Hương": ((20.6171, 105.7468), 47.0877),
}


@pytest.fixture
def places():
    # Created out of distance order, so ordering is the database's doing.
    for name in ["Sơn Tây", "Giảng Võ", "Chùa Hương", "Bát Tràng", "Trịnh Công Sơn"]:
        (lat, lon), _ = PLACES[name]
        ShowroomFactory(name=name, latitude=lat, longitude=lon)


def test_python_haversine_matches_the_hand_computed_values():
    for (lat, lon), km in PLACES.values():
        assert haversine_km(*HOAN_KIEM_LAKE, lat, lon) == pytest.approx(km, abs=0.0005)


def test_database_distance_orders_nearest_first_with_correct_values(places):
    rows = list(Showroom.objects.within(*HOAN_KIEM_LAKE, km=100))
    assert [r.name for r in rows] == ["Giảng Võ", "Trịnh Công Sơn", "Bát Tràng", "Sơn Tây", "Chùa Hương"]
    for row in rows:
        assert row.distance_km == pytest.approx(PLACES[row.name][1], abs=0.0005)


def test_radius_cuts_off_farther_showrooms_exactly_not_by_the_box(places):
    assert [r.name for r in Showroom.objects.within(*HOAN_KIEM_LAKE, km=8.34)] == ["Giảng Võ", "Trịnh Công Sơn"]
    assert [r.name for r in Showroom.objects.within(*HOAN_KIEM_LAKE, km=8.35)][-1] == "Bát Tràng"


def test_bounding_box_contains_the_circle():
    min_lat, max_lat, min_lon, max_lon = bounding_box(21.0, 105.8, 10)
    # North and south the circle touches the box; east and west the circle's widest points
    # (a little poleward of the parallel) lie on the box's edges.
    assert haversine_km(21.0, 105.8, max_lat, 105.8) == pytest.approx(10, abs=1e-6)
    assert haversine_km(21.0, 105.8, min_lat, 105.8) == pytest.approx(10, abs=1e-6)
    for lat in [21.0 + k / 1000 for k in range(-90, 91)]:
        assert haversine_km(21.0, 105.8, lat, max_lon) >= 10 - 1e-6
        assert haversine_km(21.0, 105.8, lat, min_lon) >= 10 - 1e-6


def test_far_away_origin_finds_nothing_nearby_but_the_distance_is_right(places):
    hcmc = (10.7769, 106.7009)
    assert not Showroom.objects.within(*hcmc, km=100).exists()
    lake = ShowroomFactory(name="Hồ Gươm", latitude=HOAN_KIEM_LAKE[0], longitude=HOAN_KIEM_LAKE[1])
    row = Showroom.objects.filter(pk=lake.pk).with_distance(*hcmc).get()
    assert row.distance_km == pytest.approx(1143.5044, abs=0.001)
