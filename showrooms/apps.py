from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShowroomsConfig(AppConfig):
    name = "showrooms"
    verbose_name = _("Showrooms")
