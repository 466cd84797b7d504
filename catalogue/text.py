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


def normalize_search(value: str) -> str:
    """The form used to compare text in search: accent-free, lower case, single spaces."""
    value = strip_accents(value or "").lower()
    value = re.sub(r"[^\w]+", " ", value)
    return " ".join(value.split())


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
