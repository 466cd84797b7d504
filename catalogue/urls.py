from django.urls import path

from . import views

app_name = "catalogue"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("products/", views.ProductListView.as_view(), name="product_list"),
    # Open data: before "products/<slug>/" (which they could never match, but read in order).
    path("products/export.csv", views.export_csv, name="product_export_csv"),
    path("products/export.xlsx", views.export_xlsx, name="product_export_xlsx"),
    path("open-data/", views.OpenDataView.as_view(), name="open_data"),
    path("products/<slug:slug>/", views.ProductDetailView.as_view(), name="product_detail"),
    path("villages/", views.VillageListView.as_view(), name="village_list"),
    path("villages/<slug:slug>/", views.VillageDetailView.as_view(), name="village_detail"),
    path("producers/<slug:slug>/", views.ProducerDetailView.as_view(), name="producer_detail"),
    # Trust: verify a label (certificate numbers contain slashes, hence <path:code>), QR codes.
    path("verify/", views.verify, name="verify"),
    path("verify/<path:code>.json", views.verify_json, name="verify_json"),
    path("verify/<path:code>/", views.verify_result, name="verify_result"),
    path("products/<slug:slug>/qr.svg", views.product_qr, {"kind": "svg"}, name="product_qr_svg"),
    path("products/<slug:slug>/qr.png", views.product_qr, {"kind": "png"}, name="product_qr_png"),
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    path("search/suggest", views.search_suggest, name="search_suggest"),
]
