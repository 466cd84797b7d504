"""Public catalogue pages. Query logic lives on the QuerySets; views stay thin."""

from django.views.generic import DetailView, ListView, TemplateView

from catalogue.models import CraftVillage, Producer, Product


class HomeView(TemplateView):
    template_name = "catalogue/home.html"


class ProductListView(ListView):
    template_name = "catalogue/product_list.html"
    paginate_by = 24

    def get_queryset(self):
        return Product.objects.listed().for_cards()


class ProductDetailView(DetailView):
    template_name = "catalogue/product_detail.html"

    def get_queryset(self):
        return Product.objects.for_cards()


class VillageListView(ListView):
    template_name = "catalogue/village_list.html"
    queryset = CraftVillage.objects.select_related("area")


class VillageDetailView(DetailView):
    template_name = "catalogue/village_detail.html"
    queryset = CraftVillage.objects.select_related("area")


class ProducerDetailView(DetailView):
    template_name = "catalogue/producer_detail.html"
    queryset = Producer.objects.select_related("area")
