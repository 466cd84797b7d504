"""``{% responsive_image %}``: a stored photo as ``<img srcset>`` of its WebP renditions.

    {% load images %}
    {% responsive_image image.image sizes="(max-width: 34rem) 100vw, 19rem" alt=image.alt_text
                        class="card-image" %}   (one line in a template)

renders ``<img src="….w640.webp" srcset="….w320.webp 320w, ….w640.webp 640w, …" sizes="…"
width="640" height="480" alt="…" class="…" loading="lazy" decoding="async">``. URLs come from the
photo's name and stored size alone (``ocop_site/thumbnails.py``): no query, no file read.
``loading`` is ``lazy`` unless given ``loading="eager"`` (the first, largest photo of a page, with
``fetchpriority="high"``). A photo whose size is not recorded yet (stored before renditions
existed; ``manage.py make_thumbnails`` fixes it) is shown as the original.
"""

from django import template
from django.utils.html import format_html, format_html_join

from ocop_site import thumbnails

register = template.Library()

# Attributes a template may pass through as they are.
PASSED_ATTRIBUTES = ("class", "id", "fetchpriority")


def _size(fieldfile) -> tuple[int | None, int | None]:
    """The stored width and height, read from the row: never ``fieldfile.width`` (opens the file)."""
    field, instance = fieldfile.field, fieldfile.instance
    width = getattr(instance, field.width_field, None) if getattr(field, "width_field", None) else None
    height = getattr(instance, field.height_field, None) if getattr(field, "height_field", None) else None
    return width, height


def renditions(fieldfile) -> list[tuple[str, int, int]]:
    """(url, width, height) of each rendition of ``fieldfile``, smallest first; [] if unknown."""
    if not fieldfile:
        return []
    storage = fieldfile.storage
    return [(storage.url(r.name), r.width, r.height)
            for r in thumbnails.renditions_of(fieldfile.name, *_size(fieldfile))]


def _closest(candidates, width):
    """The smallest candidate at least ``width`` wide, else the largest."""
    return next((c for c in candidates if c[1] >= width), candidates[-1])


@register.simple_tag
def responsive_image(fieldfile, sizes="100vw", alt="", loading="lazy", **attributes):
    if not fieldfile:
        return ""
    extra = [(name, attributes[name]) for name in PASSED_ATTRIBUTES if attributes.get(name)]
    if loading and loading != "eager":
        extra.append(("loading", loading))
    candidates = renditions(fieldfile)
    if not candidates:
        return format_html('<img src="{}" alt="{}"{}>', fieldfile.url, alt,
                           format_html_join("", ' {}="{}"', extra))
    src, width, height = _closest(candidates, thumbnails.DEFAULT_WIDTH)
    srcset = ", ".join(f"{url} {w}w" for url, w, _h in candidates)
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{} decoding="async">',
        src, srcset, sizes, width, height, alt, format_html_join("", ' {}="{}"', extra),
    )


@register.simple_tag
def rendition_url(fieldfile, width=thumbnails.DEFAULT_WIDTH):
    """The URL of the rendition closest to ``width`` (the original's if it has none): for a plain
    ``<img>`` of known size, e.g. the admin's preview."""
    if not fieldfile:
        return ""
    candidates = renditions(fieldfile)
    return _closest(candidates, int(width))[0] if candidates else fieldfile.url
