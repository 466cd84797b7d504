"""Public catalogue views, one module per area: browse (products, villages, producers), trust
(verification, QR codes, statistics), data (open-data export)."""

from .browse import (  # noqa: F401
    HomeView,
    ProducerDetailView,
    ProductDetailView,
    ProductListView,
    VillageDetailView,
    VillageListView,
)
from .data import OpenDataView, export_csv, export_xlsx  # noqa: F401
from .trust import StatisticsView, product_qr, verify, verify_json, verify_result  # noqa: F401
from .search import search_suggest  # noqa: F401
