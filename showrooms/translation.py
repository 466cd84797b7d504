"""Which showroom texts exist in Vietnamese and English (see catalogue/translation.py)."""

from modeltranslation.translator import TranslationOptions, register

from ocop_site.translation import keep_blank_texts_empty, register_history
from showrooms.models import OpeningException, Showroom, ShowroomPhoto


@register(Showroom)
class ShowroomTranslation(TranslationOptions):
    # The address is read as prose ("Số 2 Trịnh Công Sơn, phường Tây Hồ"), so it is translated too.
    fields = ("name", "address", "description")
    required_languages = {"vi": ("name", "address")}


@register(OpeningException)
class OpeningExceptionTranslation(TranslationOptions):
    fields = ("note",)


@register(ShowroomPhoto)
class ShowroomPhotoTranslation(TranslationOptions):
    fields = ("alt_text",)
    required_languages = {"vi": ("alt_text",)}


register_history(Showroom, OpeningException, ShowroomPhoto)
keep_blank_texts_empty(Showroom, OpeningException, ShowroomPhoto)
