from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = _("Catalogue")

    def ready(self):
        from ocop_site import page_cache

        from catalogue import signals  # noqa: F401 -- connects the search-text receivers

        page_cache.connect_signals()
        register_search_results()


def register_search_results():
    """Craft villages and producers whose names match are listed above the search results."""
    from catalogue.models import CraftVillage, Producer
    from catalogue.search import RelatedKind, register_related

    register_related(RelatedKind(
        kind="village", label=_("Craft villages"), public=CraftVillage.objects.all,
        text_fields=("search_name",), url_name="catalogue:village_detail", limit=4,
        # Most villages have no English name: /en/ shows the Vietnamese one, not an empty link.
        name_field="name_vi", name_en_field="name_en",
    ))
    register_related(RelatedKind(
        kind="producer", label=_("Producers"), public=Producer.objects.all,
        text_fields=("search_name",), url_name="catalogue:producer_detail", limit=4,
    ))
