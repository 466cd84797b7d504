"""/sitemap.xml and /robots.txt for the whole site.

Every sitemap lists each page in both languages, each entry with its hreflang alternates and an
x-default (the Vietnamese page), as Google documents for localized versions. Sections whose
public pages do not exist yet (no URL by that name) list nothing rather than failing.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from catalogue.models import CraftVillage, Producer, Product
from catalogue.verification import absolute_url


class BilingualSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True  # the default language's page (no prefix)
    limit = 5000  # URLs per sitemap page; with two languages and alternates a page stays < 10 MB

    def get_protocol(self, protocol=None):
        # Behind a TLS-terminating proxy the request may look like http; SITE_URL says https.
        if settings.SITE_URL.startswith("https://"):
            return "https"
        return super().get_protocol(protocol)


class ProductSitemap(BilingualSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Product.objects.listed().only("slug", "updated_at").order_by("pk")

    def lastmod(self, product):
        return product.updated_at


class VillageSitemap(BilingualSitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return CraftVillage.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, village):
        return village.updated_at


class ProducerSitemap(BilingualSitemap):
    """Producers with at least one listed product: the others' pages say there is nothing."""

    changefreq = "monthly"
    priority = 0.5

    def items(self):
        listed = Product.objects.listed().filter(producer=OuterRef("pk"))
        return Producer.objects.filter(Exists(listed)).only("slug", "updated_at").order_by("pk")

    def lastmod(self, producer):
        return producer.updated_at


def _url_exists(name: str) -> bool:
    try:
        reverse(name, kwargs={"slug": "x"}) if name.endswith("_detail") else reverse(name)
    except NoReverseMatch:
        return False
    return True


class ShowroomSitemap(BilingualSitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        if not _url_exists("showrooms:showroom_detail"):
            return []
        from showrooms.models import Showroom

        return Showroom.objects.active().only("slug", "updated_at").order_by("pk")

    def lastmod(self, showroom):
        return showroom.updated_at


class EventSitemap(BilingualSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        if not _url_exists("events:event_detail"):
            return []
        from events.models import Event

        return Event.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, event):
        return event.updated_at


class PageSitemap(BilingualSitemap):
    """The fixed pages: home, lists, verification, statistics, open data."""

    changefreq = "daily"
    priority = 0.7
    names = (
        "catalogue:home", "catalogue:product_list", "catalogue:village_list", "catalogue:verify",
        "catalogue:statistics", "catalogue:open_data", "showrooms:showroom_list", "events:event_list",
    )

    def items(self):
        return [name for name in self.names if _url_exists(name)]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "products": ProductSitemap,
    "villages": VillageSitemap,
    "producers": ProducerSitemap,
    "showrooms": ShowroomSitemap,
    "events": EventSitemap,
}

# Exports are files, not pages: crawlers fetching every filter combination would only load the
# database (the open-data page describes them, with schema.org/Dataset markup).
ROBOTS = """User-agent: *
Allow: /
Disallow: /admin/
Disallow: /en/admin/
Disallow: /products/export.
Disallow: /en/products/export.
Disallow: /i18n/

Sitemap: {sitemap}
"""


@require_safe
@cache_control(public=True, max_age=24 * 3600)
def robots_txt(request):
    sitemap = absolute_url(reverse("sitemap_index"), request)
    return HttpResponse(ROBOTS.format(sitemap=sitemap), content_type="text/plain; charset=utf-8")
