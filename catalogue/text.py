"""Vietnamese text helpers: slugs, accent-free search keys and alphabetical sort keys.

Django's ``slugify`` drops ``đ``/``Đ`` (it has no Unicode decomposition), turning
"Đường Lâm" into "ng-lam"; everything here maps it to ``d`` first.
"""

import re
import unicodedata

from django.utils.text import slugify

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})


def strip_accents(value: str) -> str:
    """'Bát Tràng Đường' -> 'Bat Trang Duong' (tone marks and diacritics removed, đ -> d)."""
    value = unicodedata.normalize("NFD", str(value).translate(_D_MAP))
    return "".join(ch for ch in value if unicodedata.category(ch) != "Mn")


# Tone marks (huyền, hỏi, ngã, sắc, nặng) as combining characters, as NFD writes them.
_TONE_MARKS = "\u0300\u0309\u0303\u0301\u0323"
# A syllable ending in the glide+vowel "oa", "oe" or "uy" (hoa, khoe, thuy; not quy, whose
# "u" belongs to the "qu"): the old spelling puts the tone on the first vowel (hòa, thủy), the
# 1980s school spelling on the second (hoà, thuỷ). Both are in everyday use.
_GLIDE_ENDING = re.compile(r"(?<![qQ])([oOuU])([aAeEyY])([\u0300\u0309\u0303\u0301\u0323])(?!\w)")


def normalize_tone_marks(value: str) -> str:
    """Write every tone mark in one place, so "hoà"/"hòa", "thuỷ"/"thủy", "khoẻ"/"khỏe" are the
    same string: composed (NFC), tone on the first vowel of a final "oa"/"oe"/"uy". Also turns
    decomposed text (as macOS and some PDFs give it) into the composed form."""
    decomposed = unicodedata.normalize("NFD", str(value or ""))
    return unicodedata.normalize("NFC", _GLIDE_ENDING.sub(r"\1\3\2", decomposed))


def fold_vietnamese(value: str, *, keep_accents: bool = False) -> str:
    """The one folding of text for comparing words, shared by search and the import's name
    matching: lower case, tone marks in one position, punctuation as word breaks, single
    spaces; accent-free unless ``keep_accents`` ("Hoà  Bình!" -> "hoa binh", or "hòa bình")."""
    value = normalize_tone_marks(value).lower()
    if not keep_accents:
        value = strip_accents(value)
    value = re.sub(r"[^\w]+", " ", value)
    return " ".join(value.split())


def normalize_search(value: str) -> str:
    """The form used to compare text in search: accent-free, lower case, single spaces."""
    return fold_vietnamese(value)


def slugify_vi(value: str) -> str:
    """'Đường Lâm' -> 'duong-lam'."""
    return slugify(strip_accents(value or ""))


# Vietnamese alphabetical order: base letters first (a ă â b c d đ e ê ...), then tones
# (none, huyền, hỏi, ngã, sắc, nặng) only when the letters are equal -- as dictionaries sort.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Marks that make a distinct letter (ă, â, ê, ô, ơ, ư) as opposed to tone marks.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}


def _letters_and_tones(word: str):
    decomposed = unicodedata.normalize("NFD", word.lower())
    letters, tones = [], []
    for ch in decomposed:
        if ch in _TONES:
            if tones:
                tones[-1] = _TONES[ch]
        elif ch in _LETTER_MARKS and letters:
            letters[-1] = unicodedata.normalize("NFC", letters[-1] + ch)
        elif unicodedata.category(ch) == "Mn":
            continue
        else:
            letters.append(ch)
            tones.append(0)
    return letters, tones


def vietnamese_sort_key(value: str) -> str:
    """A plain ASCII string whose byte order is Vietnamese alphabetical order.

    Stored in a column, it sorts the same on SQLite and PostgreSQL without an ICU collation:
    "Dương" < "Đa" < "Ê-đê", "Bánh" < "Bát".
    """
    letters, tones = _letters_and_tones(value or "")
    primary = []
    for ch in letters:
        if ch in _LETTER_RANK:
            primary.append(chr(ord("A") + _LETTER_RANK[ch]))
        elif ch.isdigit():
            primary.append("0" + ch)  # digits sort before letters ("0" < "A")
        elif ch.isspace() or not ch.isalnum():
            primary.append("!")
        else:
            primary.append("~")
    # "!" between words and " " before the tones: both sort below every letter, so
    # "Ba" < "Ba Vì" < "Bác" (word by word, as a dictionary does).
    collapsed = re.sub("!+", "!", "".join(primary)).strip("!")
    secondary = "".join(str(t) for t in tones)
    return f"{collapsed} {secondary}"[:255]


def normalize_code(value: str) -> str:
    """The form product codes and certificate numbers are compared in: accent-free, upper case,
    letters and digits only, so ' hn-ocop 0001 ' finds 'HN-OCOP-0001' and '1201/qđ-ubnd' finds
    '1201/QĐ-UBND' (people type labels with any spacing, case and separators)."""
    return re.sub(r"[^0-9A-Z]+", "", strip_accents(value or "").upper())


# Characters XML 1.0 cannot carry: C0 controls other than tab and line breaks, and U+FFFE/FFFF.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value) -> str:
    """``value`` without the characters XML cannot carry (e.g. a vertical tab pasted from a word
    processor), for feeds: Django's feed writer refuses them, failing the whole feed."""
    return _NOT_IN_XML.sub("", str(value))
