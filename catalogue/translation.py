"""Which catalogue texts exist in Vietnamese and English (django-modeltranslation).

Each field listed here is stored as ``<field>_vi`` and ``<field>_en``; reading ``<field>`` gives
the active language's text, English falling back to Vietnamese (settings:
MODELTRANSLATION_*). Proper names stay single: producers' legal names, areas and former
districts (their "Xã"/"commune" prefixes are translated in code, ``Area.full_name``).
"""

from modeltranslation.translator import TranslationOptions, register

from catalogue.models import Category, Certification, CraftVillage, Producer, Product, ProductImage
from catalogue.authorities import english_authority
from catalogue.models.certifications import DEFAULT_AUTHORITY
from ocop_site.translation import keep_blank_texts_empty, register_history


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("vi", "en")


@register(CraftVillage)
class CraftVillageTranslation(TranslationOptions):
    fields = ("name", "main_craft", "description", "visitor_info")
    required_languages = {"vi": ("name",)}
    # Most villages are known by their Vietnamese name alone ("Bát Tràng"); an English one is
    # for the few with a descriptive name, so its absence is no missing translation.
    english_optional = ("name",)


@register(Producer)
class ProducerTranslation(TranslationOptions):
    fields = ("description",)


@register(Product)
class ProductTranslation(TranslationOptions):
    fields = ("name", "description", "story")
    required_languages = {"vi": ("name",)}


@register(ProductImage)
class ProductImageTranslation(TranslationOptions):
    fields = ("alt_text",)
    required_languages = {"vi": ("alt_text",)}


@register(Certification)
class CertificationTranslation(TranslationOptions):
    fields = ("authority", "revocation_reason")


# modeltranslation gives every language the field's default; the English one is the English name
# (bulk writes such as the import never run Certification.save(), which fills it otherwise).
Certification._meta.get_field("authority_en").default = english_authority(DEFAULT_AUTHORITY)


# The change history keeps both languages (its models are built before modeltranslation runs).
register_history(CraftVillage, Producer, Product, ProductImage, Certification)
keep_blank_texts_empty(Category, CraftVillage, Producer, Product, ProductImage, Certification)
