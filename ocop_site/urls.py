from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.i18n import set_language

from ocop_site.health import healthz
from ocop_site.seo import SITEMAPS, robots_txt

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    # Normally answered by HealthCheckMiddleware before routing; here for reverse() and for
    # setups without that middleware. Outside i18n_patterns: one address, no language prefix.
    path("healthz", healthz, name="healthz"),
    # One address for both languages: each sitemap entry lists its vi and en pages.
    path("robots.txt", robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
         name="sitemap_index"),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
]

# Vietnamese pages have no prefix; English ones live under /en/.
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("showrooms/", include("showrooms.urls")),
    path("events/", include("events.urls")),
    path("report/", include("reports.urls")),
    path("", include("catalogue.urls")),
    prefix_default_language=False,
)

if settings.BENCH_MODE:
    from ocop_site import bench

    urlpatterns.append(path("bench/ceiling/", bench.ceiling))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
