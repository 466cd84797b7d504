"""Facet <option> lists rendered in Python.

A place or craft-village select lists hundreds of options; rendered through template loops
they cost ~30,000 template node evaluations per product list page, a third of its time at
national scale. The output is the same markup, escaped by ``format_html``.
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


def _options(options) -> str:
    # The standard library's escape (what Django's own escape() wraps), once per value: with
    # 500 options, format_html's per-argument machinery alone cost ~10 ms a page.
    return "".join(
        f'<option value="{escape(str(option.value))}"{" selected" if option.selected else ""}>'
        f"{escape(str(option.label))} ({int(option.count)})</option>"
        for option in options
    )


@register.simple_tag
def facet_options(facet):
    """``<option>``s of a Facet; with option groups, an ``<optgroup>`` per non-empty group.
    Every value and label is escaped here."""
    if facet.option_groups:
        return mark_safe("".join(  # noqa: S308 -- built from escaped parts only
            f'<optgroup label="{escape(str(label))}">{_options(options)}</optgroup>'
            for label, options in facet.option_groups if options
        ))
    return mark_safe(_options(facet.options))  # noqa: S308 -- built from escaped parts only


def _category_list(options, narrower: str) -> str:
    # The markup (whitespace included) the recursive include that it replaces gave: 13
    # template renders per product list page.
    items = []
    for option in options:
        label, value = escape(str(option.label)), escape(str(option.value))
        checked = " checked" if option.selected else ""
        item = (
            f'\n    <li>\n      <label><input type="checkbox" name="category" value="{value}"{checked}>'
            f'\n        {label} <span class="count">({int(option.count)})</span></label>\n      '
        )
        if option.children:
            item += (
                f'\n        <details{" open" if option.open else ""}>\n          <summary>{narrower}'
                f'<span class="visually-hidden">: {label}</span></summary>\n          '
                f"{_category_list(option.children, narrower)}\n        </details>\n      "
            )
        items.append(item + "\n    </li>\n  ")
    return f'\n<ul class="category-options">\n  {"".join(items)}\n</ul>\n'


@register.simple_tag
def category_options(options):
    """The category checkboxes as a tree (``Facet.options`` of the category facet, each with
    its ``children``), nested lists folded under "Narrower". Every value and label is escaped
    here."""
    return mark_safe(_category_list(options, escape(gettext("Narrower"))))  # noqa: S308 -- escaped parts only
