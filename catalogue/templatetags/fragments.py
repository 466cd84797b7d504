"""``{% fragment "name" key … %}…{% endfragment %}``: the enclosed template rendered once and
kept in the worker's memory (``catalogue.fragments``) under the content version, the date, the
language, the name and the key values given, which must name everything the piece shows that
is not the catalogue's content (e.g. ``request.path`` if it prints the URL).

    {% load fragments %}
    {% fragment "product-body" product.pk %} … {% endfragment %}

``{% site_fragment "name" key … %}…{% endsite_fragment %}`` is the same for pieces that show
nothing of the content (the navigation, the footer): kept whatever the content version, so
read without the database (404 pages may be drawn while it is unreachable), under the URL
configuration and the key values given (dicts are keyed by their items).
"""

from django import template
from django.conf import settings
from django.urls import get_urlconf
from django.utils.safestring import mark_safe

from catalogue.filters import CatalogueLookups
from catalogue.fragments import Fragments

register = template.Library()

SITE_FRAGMENTS = Fragments(max_chars=1024 * 1024)


def _hashable(value):
    return tuple(sorted(value.items())) if isinstance(value, dict) else value


class FragmentNode(template.Node):
    def __init__(self, name, key, nodelist, *, site=False):
        self.name, self.key, self.nodelist, self.site = name, key, nodelist, site

    def render(self, context):
        key = tuple(_hashable(value.resolve(context)) for value in self.key)
        if self.site:
            store, key = SITE_FRAGMENTS, (get_urlconf() or settings.ROOT_URLCONF, *key)
        else:
            store = CatalogueLookups.shared().fragments
        return mark_safe(store.get_or_render(  # noqa: S308 -- rendered by the engine
            self.name, key, lambda: self.nodelist.render(context)))


def _parse(parser, token, end, **kwargs):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError(f"{{% {bits[0]} %}} takes a quoted name, then its key values")
    nodelist = parser.parse((end,))
    parser.delete_first_token()
    return FragmentNode(bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]], nodelist, **kwargs)


@register.tag
def fragment(parser, token):
    return _parse(parser, token, "endfragment")


@register.tag
def site_fragment(parser, token):
    return _parse(parser, token, "endsite_fragment", site=True)
