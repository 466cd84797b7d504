"""Which event texts exist in Vietnamese and English (see catalogue/translation.py)."""

from modeltranslation.translator import TranslationOptions, register

from events.models import Event
from ocop_site.translation import keep_blank_texts_empty, register_history


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("name", "venue_name", "venue_address", "organisers", "description", "cover_alt")
    required_languages = {"vi": ("name",)}


register_history(Event)
keep_blank_texts_empty(Event)
