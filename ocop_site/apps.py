from django.apps import AppConfig


class OcopSiteConfig(AppConfig):
    """The project's own settings-level setup. Listed first in INSTALLED_APPS: its ``ready()``
    runs before the admin's autodiscovery imports the forms whose fields it concerns."""

    name = "ocop_site"
    verbose_name = "OCOP Hà Nội"

    def ready(self):
        from ocop_site.formats import explain_date_errors

        explain_date_errors()
