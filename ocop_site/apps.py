"""App configurations: the project's own, and packages' that need a setting of ours."""

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OcopSiteConfig(AppConfig):
    """The project's own settings-level setup. Listed first in INSTALLED_APPS: its ``ready()``
    runs before the admin's autodiscovery imports the forms whose fields it concerns."""

    name = "ocop_site"
    verbose_name = "OCOP Hà Nội"

    def ready(self):
        from ocop_site.formats import explain_date_errors

        explain_date_errors()


class AxesConfig(AxesAppConfig):
    """django-axes under a translated name: it has none, so the admin index showed "Axes"."""

    verbose_name = _("Sign-in lockouts")
