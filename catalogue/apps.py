from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = _("Catalogue")

    def ready(self):
        from ocop_site import page_cache

        from catalogue import signals  # noqa: F401 -- connects the search-text receivers

        page_cache.connect_signals()
