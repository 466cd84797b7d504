from django.urls import path

from . import views

app_name = "catalogue"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("products/", views.ProductListView.as_view(), name="product_list"),
    path("products/<slug:slug>/", views.ProductDetailView.as_view(), name="product_detail"),
    path("villages/", views.VillageListView.as_view(), name="village_list"),
    path("villages/<slug:slug>/", views.VillageDetailView.as_view(), name="village_detail"),
    path("producers/<slug:slug>/", views.ProducerDetailView.as_view(), name="producer_detail"),
]
