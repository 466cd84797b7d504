"""Extension points: other apps add sections to catalogue pages and keys to the verify JSON.

``catalogue`` must not import the apps built on it (``inspections``…), yet its product, verify and
statistics pages show what they know. So those apps register here from their ``AppConfig.ready()``
and the pages render whatever is registered (``{% page_sections "product" %}`` in a template;
``verify_json_extras()`` in the JSON view). Each section costs what its own context function
queries: keep it to one query, the public pages have a budget of 8.
"""

from collections.abc import Callable
from dataclasses import dataclass

PAGES = ("product", "verify", "statistics")


@dataclass(frozen=True)
class Section:
    template_name: str
    # (the page's template context) -> extra context for the section, or None to show nothing.
    context: Callable[[dict], dict | None]


_sections: dict[str, list[Section]] = {page: [] for page in PAGES}
_json_extras: list[Callable] = []
_detail_annotations: list[Callable] = []


def add_section(page: str, template_name: str, context: Callable[[dict], dict | None]) -> None:
    """Show ``template_name`` on ``page`` ("product", "verify", "statistics")."""
    if page not in _sections:
        raise ValueError(f"unknown page {page!r}; one of {PAGES}")
    if all(s.template_name != template_name for s in _sections[page]):
        _sections[page].append(Section(template_name, context))


def sections(page: str) -> list[Section]:
    return list(_sections[page])


def add_detail_annotations(annotations: Callable[[], dict]) -> None:
    """``annotations() -> {name: expression}`` added to ``Product.objects.for_detail()``: a
    section of the product page reads them from the product instead of running its own query
    (the page is at its query budget)."""
    if annotations not in _detail_annotations:
        _detail_annotations.append(annotations)


def detail_annotations() -> dict:
    names = {}
    for annotations in _detail_annotations:
        names.update(annotations())
    return names


def add_verify_json(extra: Callable) -> None:
    """``extra(product or None) -> dict`` of keys added to ``/verify/<code>.json``."""
    if extra not in _json_extras:
        _json_extras.append(extra)


def verify_json_extras(product) -> dict:
    data = {}
    for extra in _json_extras:
        data.update(extra(product))
    return data
