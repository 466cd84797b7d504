"""Public catalogue views, one module per area: browse (products, villages, producers), trust
(verification, QR codes, statistics)."""

from .browse import (  # noqa: F401
    HomeView,
    ProducerDetailView,
    ProductDetailView,
    ProductListView,
    VillageDetailView,
    VillageListView,
)
from .trust import StatisticsView, product_qr, verify, verify_json, verify_result  # noqa: F401
