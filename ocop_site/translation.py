"""Glue between django-modeltranslation and the rest of the site: the change history, the admin's
"English missing" filter, and the columns a model translates."""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy as _
from modeltranslation.translator import translator


def localized_verbose_name(verbose_name, language: str) -> str:
    """Labels of the per-language fields in the admin: 'tên (tiếng Anh)', 'name (English)', as
    the product's columns were named before (MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME;
    modeltranslation's default is 'name [en]')."""
    if language == "vi":
        return gettext("%(field)s (Vietnamese)") % {"field": verbose_name}
    if language == "en":
        return gettext("%(field)s (English)") % {"field": verbose_name}
    return f"{verbose_name} ({language})"


def translated_fields(model) -> tuple[str, ...]:
    """The fields of ``model`` stored once per language ('name', 'description', …)."""
    return tuple(translator.get_options_for_model(model).all_fields)


def keep_blank_texts_empty(*models) -> None:
    from django.db.models.signals import pre_save

    for model in models:
        pre_save.connect(store_empty_text_as_empty_string, sender=model,
                         dispatch_uid=f"blank-texts-{model._meta.label}")


def register_history(*models) -> None:
    """Give each model's historical model (django-simple-history) the ``<field>_vi``/``_en``
    columns too.

    simple-history copies a model's fields when the model class is created, before
    modeltranslation adds the per-language fields, so without this the history would record
    only the untranslated column. Plain copies (not a modeltranslation registration): history
    rows are read as they were saved, never through the language fallbacks.
    """
    for model in models:
        history_model = model.history.model
        existing = {f.name for f in history_model._meta.get_fields()}
        for translation_fields in translator.get_options_for_model(model).all_fields.values():
            for field in sorted(translation_fields, key=lambda f: f.name):
                if field.name in existing:
                    continue
                copy = field.translated_field.clone()
                copy.null = True
                copy.blank = True
                copy.verbose_name = field.verbose_name
                copy.db_index = False
                history_model.add_to_class(field.name, copy)
        # The history's diffs compare the fields listed when the model was created; add the
        # per-language ones so an edit of name_vi shows as such.
        # The untranslated column behind them is left out: it repeats one of the languages.
        originals = set(translated_fields(model))
        history_model.tracked_fields = [f for f in history_model.tracked_fields if f.name not in originals]
        tracked = {f.name for f in history_model.tracked_fields}
        for name in translated_fields(model):
            for language in ("vi", "en"):
                field = model._meta.get_field(f"{name}_{language}")
                if field.name not in tracked:
                    history_model.tracked_fields.append(field)


def store_empty_text_as_empty_string(sender, instance, **kwargs):
    """pre_save: modeltranslation makes every per-language column nullable, so an English text
    never typed would be NULL; keep it "" like every other blank text (imports and exports
    compare texts, "English missing" looks for both)."""
    for name in translated_fields(sender):
        for language in ("vi", "en"):
            field = sender._meta.get_field(f"{name}_{language}")
            if field.empty_strings_allowed and getattr(instance, field.attname) is None:
                setattr(instance, field.attname, "")


def english_missing(model) -> Q:
    """Rows where any translated text filled in Vietnamese has no English."""
    condition = Q()
    optional = getattr(translator.get_options_for_model(model), "english_optional", ())
    for name in translated_fields(model):
        if name in optional:
            continue
        has_vietnamese = ~Q(**{f"{name}_vi": ""}) & Q(**{f"{name}_vi__isnull": False})
        no_english = Q(**{f"{name}_en": ""}) | Q(**{f"{name}_en__isnull": True})
        condition |= has_vietnamese & no_english
    return condition


class EnglishMissingFilter(admin.SimpleListFilter):
    """Admin list filter: rows whose English translation is incomplete, so the office can
    finish them."""

    title = _("English translation")
    parameter_name = "english"

    def lookups(self, request, model_admin):
        return [("missing", _("English missing")), ("complete", _("English complete"))]

    def queryset(self, request, queryset):
        condition = english_missing(queryset.model)
        if self.value() == "missing":
            return queryset.filter(condition)
        if self.value() == "complete":
            return queryset.exclude(condition)
        return queryset
