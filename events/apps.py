from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Fairs and events")

    def ready(self):
        from catalogue.search import RelatedKind, register_related
        from events.models import Event

        # Published events whose name or venue matches are listed above the product search
        # results, the latest first.
        register_related(RelatedKind(
            kind="event", label=_("Fairs and events"), public=lambda: Event.objects.published(),
            text_fields=("search_text",), url_name="events:event_detail", order_by=("-start_date", "pk"),
            name_field="name_vi", name_en_field="name_en",
        ))
