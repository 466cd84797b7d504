"""App configurations of packages that need a setting of ours."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    """django-axes under a translated name: it has none, so the admin index showed "Axes"."""

    verbose_name = _("Sign-in lockouts")
