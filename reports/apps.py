from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Visitors report suspicious OCOP labels; certification officers work through the queue."""

    name = "reports"
    verbose_name = _("Reports from the public")
