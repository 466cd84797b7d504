"""Matching the names people write in a register to the catalogue's villages and producers.

Registers write "Làng gốm Bát Tràng" for the village the catalogue calls "Bát Tràng", and
"HTX Sen Tây Hồ" for "Hợp tác xã Sen Tây Hồ". A name is compared in its *core* form: accent-free
and lower case (``catalogue.text.normalize_search``, the site's one folding), without the generic
words in front ("làng nghề truyền thống", "làng", the village's craft; a producer's legal form).
A name whose core matches nothing may still be a misspelling of one that exists: ``close_names``
finds those by edit distance on the core, so the import can ask "did you mean …?" instead of
creating a duplicate.

Pure Python over names read once per import (1,350 villages, 17,000 producers), with RapidFuzz
doing the edit distances in C: the same result on SQLite and PostgreSQL.
"""

import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .format import normalized

# What people put before a village's own name, longest first.
VILLAGE_PREFIXES = ("lang nghe truyen thong", "lang nghe", "lang")

# Words of the crafts that follow "làng" ("làng gốm", "làng lụa", "làng nghề khảm trai"), beside
# the words of the village's own main_craft. Only dropped after a generic prefix and only when
# what remains names an existing village (or, for a new name, to compare it with the others).
CRAFT_WORDS = frozenset("""
    gom su lua to tam det com kham trai son mai may tre dan non la huong theu ren tuong mien bun
    banh chung cuon day gio cha xoi moc go cham khac tac tuong dong duc bac kim hoan thoc che tra
    sen ruou nep dau phu keo mat ong hoa cay canh rau gao tranh giay do quat thung ngoc thuoc nam
    muoi nuoc mam dua vai
""".split())

# A producer's legal form or kind of establishment, as registers write it, with its family and
# its specific form. Names match with or without it; two different specific forms of one
# family (TNHH vs cổ phần) or two families (company vs cooperative) are different businesses.
_LEGAL_FORMS = {
    "cong ty trach nhiem huu han mot thanh vien": ("company", "tnhh"),
    "cong ty trach nhiem huu han": ("company", "tnhh"),
    "cong ty tnhh mot thanh vien": ("company", "tnhh"),
    "cong ty tnhh mtv": ("company", "tnhh"),
    "cong ty tnhh": ("company", "tnhh"),
    "cty tnhh mtv": ("company", "tnhh"),
    "cty tnhh": ("company", "tnhh"),
    "cong ty co phan": ("company", "cp"),
    "cong ty cp": ("company", "cp"),
    "cty co phan": ("company", "cp"),
    "cty cp": ("company", "cp"),
    "cong ty": ("company", ""),
    "cty": ("company", ""),
    "hop tac xa": ("cooperative", ""),
    "htx": ("cooperative", ""),
    "to hop tac": ("cooperative group", ""),
    "doanh nghiep tu nhan": ("private enterprise", ""),
    "dntn": ("private enterprise", ""),
    "ho kinh doanh": ("household", ""),
    "hkd": ("household", ""),
    "ho san xuat": ("household", ""),
    "ho gia dinh": ("household", ""),
    "co so san xuat": ("household", ""),
    "co so": ("household", ""),
    "xuong san xuat": ("household", ""),
    "xuong": ("household", ""),
}
_LEGAL_FORMS_LONGEST_FIRST = sorted(_LEGAL_FORMS, key=len, reverse=True)

MAX_SUGGESTIONS = 3


def _strip_prefix(key: str, prefixes) -> tuple[str, str]:
    """('lang gom bat trang', prefixes) -> ('lang', 'gom bat trang'); ('', key) when none fits
    (a prefix alone is not stripped: a village may be called "Làng")."""
    for prefix in prefixes:
        if key.startswith(prefix + " "):
            return prefix, key[len(prefix) + 1:]
    return "", key


def village_forms(name: str):
    """The cores a village name may mean, longest first, each with the craft words dropped to
    reach it: 'Làng nghề khảm trai Chuôn Ngọ' -> ('kham trai chuon ngo', ()),
    ('trai chuon ngo', ('kham',)), ('chuon ngo', ('kham', 'trai'))."""
    prefix, rest = _strip_prefix(normalized(name), VILLAGE_PREFIXES)
    words = rest.split()
    if not prefix:
        return [(rest, ())]
    return [(" ".join(words[k:]), tuple(words[:k])) for k in range(len(words))]


def village_cores(name: str, craft=CRAFT_WORDS) -> list:
    """Every core a village name may be known by, dropping only ``craft`` words after the
    generic prefix: 'Làng gốm Bát Tràng' -> ['gom bat trang', 'bat trang']; 'Làng Tranh Khúc' ->
    ['tranh khuc', 'khuc'] ("tranh" is a craft too: both are kept, the longest matched first)."""
    return [core for core, dropped in village_forms(name) if all(word in craft for word in dropped)]


def producer_core(name: str, *, key: str = "") -> tuple[str, tuple[str, str] | None]:
    """('Công ty TNHH Lụa Mỹ Đức') -> ('lua my duc', ('company', 'tnhh')). ``key``: the name
    already folded (a producer's stored ``search_name``), saving the folding."""
    prefix, rest = _strip_prefix(key or normalized(name), _LEGAL_FORMS_LONGEST_FIRST)
    return rest, _LEGAL_FORMS.get(prefix)


def legal_forms_agree(a, b) -> bool:
    """Whether two producers' legal forms may be one business: either name has none, or both are
    of one family and not two different specific forms ("Công ty" fits "Công ty TNHH")."""
    if a is None or b is None:
        return True
    return a[0] == b[0] and (not a[1] or not b[1] or a[1] == b[1])


def edit_allowance(core: str) -> int:
    """How many letters may differ for two cores to count as close: one per five letters, at
    most three; none for names under four letters, where one letter makes another name."""
    if len(core) < 4:
        return 0
    return min(3, max(1, len(core) // 5))


@dataclass
class _Entry:
    record: object
    name: str  # as the catalogue writes it (a village's own name or one of its other names)
    core: str
    extra: object = None  # a village's craft words; a producer's legal form


class VillageIndex:
    """Existing villages by their names and other names (aliases), exact and core forms."""

    def __init__(self, villages):
        self.by_key = defaultdict(list)
        self.by_core = defaultdict(list)
        self.entries = _Entries()
        for village in villages:
            names = [village.name_vi, *(alias.name for alias in village.aliases.all())]
            for name in names:
                self.add(village, name)

    def add(self, village, name, *, existing=True):
        """Index ``name`` of ``village``. A village new in this import (``existing=False``) is
        found by later lines naming it again, but is no "did you mean" for others: only the
        catalogue's names are (close names within one register are different villages)."""
        craft = CRAFT_WORDS | set(normalized(village.main_craft or "").split())
        self.by_key[normalized(name)].append(_Entry(village, name, normalized(name), craft))
        for core in village_cores(name, craft):
            entry = _Entry(village, name, core, craft)
            if existing:
                self.entries.append(entry)
            self.by_core[core].append(entry)

    def find(self, name: str) -> list:
        """The villages ``name`` means: by its exact (folded) form, else by the longest core that
        names a village once the generic words and that village's craft words are dropped."""
        hits = _records(self.by_key.get(normalized(name), []))
        if hits:
            return hits
        for core, dropped in village_forms(name):
            hits = _records(e for e in self.by_core.get(core, []) if all(w in e.extra for w in dropped))
            if hits:
                return hits
        return []

    def close_names(self, name: str) -> list:
        """Names of villages whose core is a few letters from ``name``'s ("Phùng Sá" -> "Phùng Xá")."""
        names = []
        for core in village_cores(name):
            names += [n for n in _close(core, self.entries) if n not in names]
        return names[:MAX_SUGGESTIONS]


class ProducerIndex:
    """Existing producers by their names, exact and without their legal form."""

    def __init__(self, producers):
        self.by_key = defaultdict(list)
        self.by_core = defaultdict(list)
        self.entries = _Entries()
        for producer in producers:
            self.add(producer)

    def add(self, producer, *, existing=True):
        """Index ``producer``; one new in this import (``existing=False``), as for villages, is
        found again but is no "did you mean" for others."""
        key = producer.search_name or normalized(producer.name)  # unsaved new ones have none yet
        core, form = producer_core(producer.name, key=key)
        entry = _Entry(producer, producer.name, core, form)
        if existing:
            self.entries.append(entry)
        self.by_key[key].append(entry)
        self.by_core[core].append(entry)

    def find(self, name: str) -> list:
        hits = _records(self.by_key.get(normalized(name), []))
        if hits:
            return hits
        core, form = producer_core(name)
        return _records(e for e in self.by_core.get(core, []) if legal_forms_agree(form, e.extra))

    def close_names(self, name: str) -> list:
        """Producers a few letters away once legal forms are set aside, and those of the same
        name under another legal form ("HTX Lụa Mỹ Đức" next to "Công ty TNHH Lụa Mỹ Đức")."""
        return _close(producer_core(name)[0], self.entries)


def _records(entries) -> list:
    records = []
    for entry in entries:
        if not any(entry.record is r for r in records):
            records.append(entry.record)
    return records


_DIGITS = re.compile(r"\d+")


def digits_of(core: str) -> tuple:
    """Numbers in a name ("Tổ hợp tác số 2"): names that differ in them are different, however few
    letters apart ("thu 1" and "thu 2" are not a typo of each other)."""
    return tuple(_DIGITS.findall(core))


class _Entries:
    """Cores to compare a new name with, grouped by the numbers they contain and by length: only
    cores within the edit allowance in length can be close, so each name is compared with a
    fraction of the 17,000."""

    def __init__(self):
        self.groups = defaultdict(lambda: ([], []))  # (digits, length) -> (cores, entries)

    def append(self, entry):
        cores, entries = self.groups[(digits_of(entry.core), len(entry.core))]
        cores.append(entry.core)
        entries.append(entry)


def _close(core: str, entries: _Entries) -> list:
    if not core:
        return []
    allowance, digits = edit_allowance(core), digits_of(core)
    hits = []  # (distance, name)
    for length in range(len(core) - allowance, len(core) + allowance + 1):
        group = entries.groups.get((digits, length))
        if not group:
            continue
        cores, group_entries = group
        for _core, distance, index in process.extract(core, cores, scorer=Levenshtein.distance,
                                                      score_cutoff=allowance, limit=MAX_SUGGESTIONS * 4):
            hits.append((distance, group_entries[index].name))
    names = []
    for _distance, name in sorted(hits):
        if name not in names:
            names.append(name)
    return names[:MAX_SUGGESTIONS]
