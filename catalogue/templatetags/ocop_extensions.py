"""``{% page_sections "product" %}``: the sections other apps registered for a catalogue page
(``catalogue.extensions``), rendered with the page's context plus their own."""

from django import template
from django.utils.safestring import mark_safe

from catalogue import extensions

register = template.Library()


@register.simple_tag(takes_context=True)
def page_sections(context, page):
    html = []
    for section in extensions.sections(page):
        extra = section.context(context.flatten())
        if extra is None:
            continue
        with context.push(**extra):
            html.append(context.template.engine.get_template(section.template_name).render(context))
    return mark_safe("".join(html))  # noqa: S308 -- rendered templates, escaped by the engine
