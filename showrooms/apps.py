from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShowroomsConfig(AppConfig):
    name = "showrooms"
    verbose_name = _("Showrooms")

    def ready(self):
        from catalogue.search import RelatedKind, register_related
        from showrooms.models import Showroom

        # Showrooms whose name or address matches are listed above the product search results.
        register_related(RelatedKind(
            kind="showroom", label=_("Showrooms"), public=lambda: Showroom.objects.filter(is_active=True),
            text_fields=("search_text",), url_name="showrooms:showroom_detail",
        ))
