"""What search engines and link previews read: canonical URLs, schema.org JSON-LD (products,
the open dataset) and OpenGraph/Twitter tags. ``templatetags/ocop_seo.py`` puts them in pages.

JSON-LD goes in ``<script type="application/ld+json">``: a data block the browser never runs, so
the Content-Security-Policy (no inline scripts) does not apply to it. Its JSON is escaped as
Django's ``json_script`` escapes it (``<``, ``>``, ``&`` as ``\\u003C``…), so no text in it
can close the element.
"""

import json
from urllib.parse import urlencode

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from catalogue.verification import absolute_url

_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
# Query parameters that change how a list is shown, not what it contains.
NOT_CANONICAL_PARAMS = ("page", "sort")
OG_LOCALES = {"vi": "vi_VN", "en": "en_GB"}


def json_ld_script(data) -> str:
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=None).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def _absolute(url: str, request) -> str:
    if url.startswith(("http://", "https://")):
        return url  # media on object storage
    return absolute_url(url, request)


def canonical_url(request, path=None) -> str:
    """The page's canonical address: ``path`` (an object's URL), or this page without the
    parameters that only change the view (``page``, ``sort``) or are empty."""
    if path is None:
        params = [(key, value) for key, values in request.GET.lists() if key not in NOT_CANONICAL_PARAMS
                  for value in values if value]
        path = request.path + (f"?{urlencode(params)}" if params else "")
    return _absolute(path, request)


def _images(product, request) -> list[str]:
    return [_absolute(image.image.url, request) for image in product.images.all() if image.image]


def _rating_text(product) -> str:
    if not product.is_listed:
        return ""
    text = _("OCOP %(stars)d-star %(glyphs)s") % {"stars": product.rating_stars,
                                                  "glyphs": "★" * product.rating_stars}
    if product.rating_potential_five_star:
        text += " " + _("(potential 5-star)")
    return text


def product_json_ld(product, request) -> dict:
    """schema.org/Product for a product page. The OCOP rating is an ``additionalProperty``
    (a certification by the city), not a review or an aggregate rating: nobody reviewed it."""
    producer = product.producer
    organization = {
        "@type": "Organization",
        "name": producer.name,
        "url": _absolute(producer.get_absolute_url(), request),
    }
    if producer.area_id:
        organization["address"] = {
            "@type": "PostalAddress",
            "streetAddress": producer.address or None,
            "addressLocality": producer.area.full_name,
            "addressRegion": "Hà Nội",
            "addressCountry": "VN",
        }
        organization["address"] = {k: v for k, v in organization["address"].items() if v}
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "sku": product.code,
        "productID": product.code,
        "url": _absolute(product.get_absolute_url(), request),
        "category": " > ".join(category.name for category in product.category_path),
        "brand": organization,
        "manufacturer": organization,
        "countryOfOrigin": {"@type": "Country", "name": "VN"},
        "inLanguage": get_language() or settings.LANGUAGE_CODE,
    }
    if product.description:
        data["description"] = product.description
    images = _images(product, request)
    if images:
        data["image"] = images
    if product.is_listed:
        certificate = product.current_certification
        data["additionalProperty"] = [{
            "@type": "PropertyValue",
            "propertyID": "OCOP",
            "name": _("OCOP rating"),
            "value": product.rating_stars,
            "minValue": 3,
            "maxValue": 5,
            "unitText": pgettext("unit of the OCOP rating", "stars"),
            "description": _("Certified by %(authority)s, decision %(number)s, valid until %(date)s.") % {
                "authority": certificate.authority,
                "number": certificate.certificate_no,
                "date": certificate.valid_until.isoformat(),
            },
            "validFrom": certificate.issued_on,
            "validThrough": certificate.valid_until,
        }]
        if product.rating_potential_five_star:
            data["additionalProperty"].append({
                "@type": "PropertyValue",
                "propertyID": "OCOP-potential-5-star",
                "name": _("Potential 5-star OCOP product"),
                "value": True,
            })
    return data


def product_preview(product, request) -> dict:
    """Title, description and image for OpenGraph/Twitter link previews."""
    rating = _rating_text(product)
    title = f"{product.name} · {rating}" if rating else product.name
    if product.description:
        description = Truncator(" ".join(product.description.split())).chars(200)
    else:
        description = _("%(name)s by %(producer)s, in the catalogue of Hanoi's OCOP products.") % {
            "name": product.name, "producer": product.producer.name,
        }
    if rating:
        description = f"{rating} · {description}"
    images = _images(product, request)
    language = get_language() or settings.LANGUAGE_CODE
    return {
        "title": title,
        "description": description,
        "image": images[0] if images else "",
        "image_alt": next((i.alt_text for i in product.images.all() if i.image), ""),
        "url": _absolute(product.get_absolute_url(), request),
        "locale": OG_LOCALES.get(language, language),
        "locale_alternates": [v for k, v in OG_LOCALES.items() if k != language],
    }


def dataset_json_ld(request, *, name, description, licence_url, distributions, updated=None) -> dict:
    """schema.org/Dataset for the open-data page (what dataset search engines index)."""
    data = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": str(name),
        "description": str(description),
        "url": _absolute(request.path, request),
        "license": licence_url,
        "isAccessibleForFree": True,
        "inLanguage": ["vi", "en"],
        "spatialCoverage": {"@type": "Place", "name": "Hà Nội, Việt Nam"},
        "creator": {"@type": "Organization", "name": str(settings.SITE_NAME)},
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": fmt, "contentUrl": _absolute(url, request)}
            for fmt, url in distributions
        ],
    }
    if updated:
        data["dateModified"] = updated
    return data
