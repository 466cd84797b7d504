"""Public catalogue views, one module per area: browse (products, villages, producers)."""

from .browse import (  # noqa: F401
    HomeView,
    ProducerDetailView,
    ProductDetailView,
    ProductListView,
    VillageDetailView,
    VillageListView,
)
