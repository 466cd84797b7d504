"""Staff-typed text is plain text: no invisible control characters.

Text pasted from word processors and PDFs can carry control characters (U+0007 bell, U+000B
vertical tab, U+0085 next line…). Nobody sees them in the admin, but XML cannot hold them and
spreadsheets, feeds and calendar files break or silently lose them. So they are refused when the
text is saved, with a message naming the character, rather than stored and corrupted later.

- Multi-line text (``TextField``: descriptions, stories) may hold tabs and line breaks
  (``\\t``, ``\\n``, ``\\r``: browsers send a textarea's lines as ``\\r\\n``).
- Single-line text (``CharField``: names, codes, certificate numbers, addresses) may hold tabs but
  no line break.

``PlainTextModel`` applies this to every staff-edited text field of a model (editable
``CharField``/``TextField`` without choices) in ``clean_fields()``, so the admin and every
ModelForm show it as a form error on the field, and a field added later is covered without
anyone remembering a validator. ``check_single_line``/``check_multi_line`` are the same rules for
other input (the spreadsheet import).
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# C0 and C1 controls (Unicode category Cc: U+0000–U+001F, U+007F–U+009F) and the two
# noncharacters XML also refuses (U+FFFE, U+FFFF). Tab and line breaks are allowed per field kind.
_MULTI_LINE_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_SINGLE_LINE_REFUSED = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ufffe\uffff]")
_LINE_BREAKS = "\n\r"


def _check(value, refused):
    if not isinstance(value, str):
        return
    match = refused.search(value)
    if match is None:
        return
    char = match.group()
    codepoint = f"U+{ord(char):04X}"
    if char in _LINE_BREAKS:
        raise ValidationError(
            _("This must be a single line: it contains a line break (%(codepoint)s); remove it."),
            code="line_break", params={"codepoint": codepoint},
        )
    raise ValidationError(
        _("This contains an invisible control character (%(codepoint)s); retype it or paste it as "
          "plain text."),
        code="control_character", params={"codepoint": codepoint},
    )


def check_multi_line(value):
    """Refuse control characters other than tab and line breaks (a validator)."""
    _check(value, _MULTI_LINE_REFUSED)


def check_single_line(value):
    """Refuse control characters other than tab, line breaks included (a validator)."""
    _check(value, _SINGLE_LINE_REFUSED)


def text_check_for(field):
    """The check for a model field staff type into, or None for other fields."""
    if not field.editable or field.choices or isinstance(field, models.SlugField):
        return None
    if isinstance(field, models.TextField):
        return check_multi_line
    if isinstance(field, models.CharField):
        return check_single_line
    return None


class PlainTextModel(models.Model):
    """Refuse invisible control characters in every staff-edited text field (see module doc)."""

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        exclude = set(exclude or ())
        for field in self._meta.concrete_fields:
            check = text_check_for(field)
            if check is None or field.name in exclude or field.name in errors:
                continue
            try:
                check(getattr(self, field.attname))
            except ValidationError as exc:
                errors[field.name] = exc.error_list
        if errors:
            raise ValidationError(errors)
