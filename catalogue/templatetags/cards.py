"""``{% product_card product %}`` and ``{% star_badge stars potential %}``: a product card
for grids (``<li>{% product_card product %}</li>``) and an OCOP star rating, the only place
their markup lives.

Why not templates: a page shows up to 48 cards, and each card as an include with a nested
star-badge include cost 150-240 µs (24 cards: 3.7 ms; built here, 1.1 ms). Escaping follows
the templates they replaced: names and other values are escaped, translations of
``{% translate %}`` too, those of ``{% blocktranslate %}`` not.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from catalogue.fragments import PRODUCT_CARD, KeptCard, fragments_if_version_read
from catalogue.templatetags.images import responsive_image

register = template.Library()

STAR_GLYPHS = {5: "★★★★★", 4: "★★★★☆"}
OTHER_STAR_GLYPHS = "★★★☆☆"
CARD_IMAGE_SIZES = "(max-width: 22rem) 100vw, (max-width: 66rem) 50vw, 19rem"


def star_badge_html(stars, potential=False) -> str:
    if not stars:
        return ""
    count = ngettext("%(stars)s star", "%(stars)s stars", stars) % {"stars": conditional_escape(stars)}
    glyphs = STAR_GLYPHS.get(stars, OTHER_STAR_GLYPHS)
    html = (f'<span class="stars"><span aria-hidden="true">{glyphs}</span> '
            f'<span class="star-count">{count}</span></span>')
    if potential:
        html += f' <span class="badge">{conditional_escape(gettext("Potential 5-star"))}</span>'
    return html


@register.simple_tag
def star_badge(stars, potential=False):
    """An OCOP star rating: ``stars`` 3, 4 or 5 (nothing without it); ``potential`` adds the
    "potential 5-star" badge."""
    return mark_safe(star_badge_html(stars, potential))


@register.simple_tag
def product_card(product):
    """One product as a card, from ``Product.objects.for_cards()`` (producer, village,
    category and images loaded: no query). Kept per product in the worker's memory
    (``catalogue.fragments``: language, day and content version) on pages that read the
    version anyway: a card shows only the content."""
    if isinstance(product, KeptCard):  # a list page's product whose card was kept
        return mark_safe(product.html)  # noqa: S308 -- escaped in product_card_html
    fragments = fragments_if_version_read()
    if fragments is None or product.pk is None:
        return product_card_html(product)
    return mark_safe(fragments.get_or_render(  # noqa: S308 -- escaped in product_card_html
        PRODUCT_CARD, (product.pk,), lambda: product_card_html(product)))


def product_card_html(product):
    images = product.images.all()
    if images:
        image = images[0]
        picture = responsive_image(image.image, sizes=CARD_IMAGE_SIZES, alt=image.alt_text,
                                   **{"class": "card-image"})
    else:
        picture = '<div class="card-image card-image-empty" aria-hidden="true"></div>'
    if product.is_listed:
        # The newline the star badge's include used to leave: the same bytes as before.
        rating = star_badge_html(product.rating_stars, product.rating_potential_five_star) + "\n"
    else:
        not_certified = conditional_escape(gettext("Not currently certified"))
        rating = f'<span class="badge badge-bad">{not_certified}</span>'
    made_by = conditional_escape(product.producer.name)
    if product.village_id:
        made_by += " · " + conditional_escape(product.village.name)
    return mark_safe(
        f'<article class="card product-card">\n  {picture}\n  <div class="card-body">\n'
        f'    <h3 class="card-title"><a href="{conditional_escape(product.get_absolute_url())}">'
        f'{conditional_escape(product.name)}</a></h3>\n'
        f'    <p class="card-meta">{rating}</p>\n'
        f'    <p class="card-meta">{made_by}</p>\n'
        f'    <p class="card-meta">{conditional_escape(product.category.name)}</p>\n'
        f'  </div>\n</article>'
    )
