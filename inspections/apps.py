from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = _("Post-inspections")

    def ready(self):
        from inspections import public  # noqa: F401 -- registers its sections on catalogue pages
