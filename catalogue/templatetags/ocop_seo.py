"""{% load ocop_seo %}: canonical links, JSON-LD and link-preview data (see catalogue/seo.py)."""

from django import template

from catalogue import seo

register = template.Library()


@register.simple_tag(takes_context=True)
def canonical_url(context, path=None):
    """``{% canonical_url product.get_absolute_url %}``, or ``{% canonical_url %}`` for a list."""
    return seo.canonical_url(context["request"], path)


@register.simple_tag(takes_context=True)
def product_json_ld(context, product):
    """``<script type="application/ld+json">`` with the product's schema.org/Product."""
    return seo.json_ld_script(seo.product_json_ld(product, context["request"]))


@register.simple_tag(takes_context=True)
def product_preview(context, product):
    """``{% product_preview product as preview %}``: OpenGraph/Twitter title, description, image."""
    return seo.product_preview(product, context["request"])


@register.filter
def json_ld(data):
    """``{{ data|json_ld }}``: a dict as a JSON-LD script element."""
    return seo.json_ld_script(data)
