"""Staff data entry for the catalogue (Django admin).

One module per area: ``places`` (areas, former districts, categories: reference data, read
mostly), ``producers`` (producers, craft villages), ``products`` (products with their images
and certifications inline), ``certifications`` (with the revoke / mark-expired bulk actions).
Search is accent-insensitive (``search``); list filters live in ``filters``.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import certifications, places, producers, products  # noqa: F401 -- registers the admins

admin.site.site_header = _("OCOP Hà Nội — administration")
admin.site.site_title = _("OCOP Hà Nội administration")
admin.site.index_title = _("Catalogue maintenance")
