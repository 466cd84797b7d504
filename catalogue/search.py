"""Vietnamese search: what a query finds, in which order, and how typos are corrected.

Vietnamese writes one syllable per word, so a query word must match a *whole* word of the text,
accent-free: "tra" finds "trà", "trá" and "tra", never "tranh" or "trang". The product's
``search_text`` is its searchable text folded by ``catalogue.text.fold_vietnamese`` and padded
with a space at each end (" tra sen ho tay "), so every whole-word test is the same plain
``LIKE '% tra %'`` on SQLite and PostgreSQL, with the same results; on PostgreSQL the GIN
trigram index on the column (migration 0002) answers it (the spaces become part of the word's
trigrams, which makes the index more selective, not less).

Typos are corrected against the catalogue's own vocabulary (``SearchWord``): a word found in no
product text is replaced by the known word one edit away (a letter missing, extra, wrong or two
letters swapped) that gives results together with the other words, preferring the one that
forms the query as a phrase, then the most frequent.

Ranking (``ProductQuerySet.ordered_by_relevance``), most important first: the query as a phrase
in the product's own name; as a phrase in its producer's or village's name; every word in its own
name; every word in its own, producer's or village's names; the query as a phrase anywhere; the
words typed with accents found with exactly those accents; then stars and name as the list
sorts. A phrase outranks scattered words at each level, so "bat trang" ranks the products of
the Bát Tràng village before a "Bát gỗ … trang trí" named with both words apart.
"""

import functools
import itertools
import operator
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models.functions import Concat

from catalogue.text import fold_vietnamese, strip_accents

# Enough for any real query; it bounds the SQL a pasted paragraph would build.
MAX_SEARCH_WORDS = 8
# Vocabulary words: longer "words" are codes, URLs or pasted junk, not worth correcting to.
MAX_VOCABULARY_WORD = 40
# Candidates tried per misspelt word, and query spellings checked against the catalogue.
CANDIDATES_PER_WORD = 4
MAX_CORRECTIONS_CHECKED = 6
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def padded(folded: str) -> str:
    """' tra sen ' for 'tra sen': whole words are then '% word %' to LIKE."""
    return f" {folded} " if folded else ""


def whole_words(column: str, words) -> models.Q:
    """Every word of ``words`` is a whole word of the padded ``column``."""
    condition = models.Q()
    for word in words:
        condition &= models.Q(**{f"{column}__contains": f" {word} "})
    return condition


def as_phrase(column: str, words) -> models.Q:
    """``words`` adjacent and in order in the padded ``column``."""
    return models.Q(**{f"{column}__contains": f" {' '.join(words)} "})


@functools.cache
def padded_expression(*columns) -> Concat:
    """' a | b ' from columns that are not stored padded (a NULL one counts as empty); the bar
    keeps a phrase from running from one name into the next. Built once per set of columns (an
    expression is copied, never changed, when a query uses it): building the ~20 expressions
    and fields for each kind on every search cost the related pages ~3 ms."""
    def text(value):
        return models.Value(value, output_field=models.TextField())

    parts = [text(" ")]
    for column in columns:
        parts += [models.functions.Coalesce(models.functions.Cast(column, models.TextField()), text(""),
                                            output_field=models.TextField()), text(" | ")]
    parts[-1] = text(" ")
    return Concat(*parts, output_field=models.TextField())


# --- the text a product is found by -----------------------------------------------------------

@dataclass
class SearchTextSources:
    """Categories and places by id, read once for a batch of products (imports, seeding,
    refreshes) so building each product's text costs no query."""

    categories: dict = field(default_factory=dict)
    areas: dict = field(default_factory=dict)

    @classmethod
    def load(cls) -> "SearchTextSources":
        from catalogue.models import Area, Category

        return cls(categories={c.pk: c for c in Category.objects.all()},
                   areas={a.pk: a for a in Area.objects.all()})

    def category_path(self, product):
        if self.categories:
            category = self.categories.get(product.category_id)
            while category is not None:
                yield category
                category = self.categories.get(category.parent_id)
        elif product.category_id:
            category = product.category
            while category is not None:
                yield category
                category = category.parent

    def area(self, owner):
        if owner is None or not owner.area_id:
            return None
        return self.areas.get(owner.area_id) if self.areas else owner.area


def both_languages(obj, field: str) -> list[str]:
    """A field's Vietnamese and English texts, whatever the active language: a query gives one
    list in both languages. Plain attributes (a producer's legal name, an older model state in a
    migration) are read as they are."""
    if hasattr(obj, f"{field}_vi"):
        return [getattr(obj, f"{field}_vi") or "", getattr(obj, f"{field}_en", "") or ""]
    return [getattr(obj, field) or ""]


def product_search_parts(product, sources: SearchTextSources | None = None) -> tuple[list[str], list[str]]:
    """(everything a product is found by, its names and its producer's and village's names).

    Everything: its names (Vietnamese and English), code, descriptions and stories, its
    category and the groups above it, its producer's and craft village's names and
    descriptions, and the wards/communes they are in."""
    sources = sources or SearchTextSources()
    producer = product.producer if product.producer_id else None
    village = product.village if product.village_id else None
    names = [product.name_vi, product.name_en]
    owners = [name for owner in (producer, village) if owner is not None for name in both_languages(owner, "name")]
    parts = names + [product.code, product.description_vi, product.description_en,
                     product.story_vi, product.story_en]
    for category in sources.category_path(product):
        parts += [category.name_vi, category.name_en]
    for owner in (producer, village):
        if owner is not None:
            parts += both_languages(owner, "name") + both_languages(owner, "description")
            area = sources.area(owner)
            if area is not None:
                parts.append(area.name)
    return [p for p in parts if p], [p for p in names + owners if p]


@dataclass
class SearchColumns:
    search_name: str  # the product's names, accent-free (not padded: the admin searches it)
    search_text: str  # everything, accent-free, padded
    search_accented: str  # its own, producer's and village's names with accents, padded
    accented_text: str  # everything with accents: the words the vocabulary learns


def search_columns(product, sources: SearchTextSources | None = None) -> SearchColumns:
    parts, names = product_search_parts(product, sources)
    accented = fold_vietnamese(" ".join(parts), keep_accents=True)
    return SearchColumns(
        search_name=fold_vietnamese(f"{product.name_vi} {product.name_en}"),
        search_text=padded(strip_accents(accented)),
        search_accented=padded(fold_vietnamese(" ".join(names), keep_accents=True)),
        accented_text=accented,
    )


# --- the vocabulary typos are corrected against -----------------------------------------------

def vocabulary_of(accented_texts) -> dict[str, Counter]:
    """{accent-free word: Counter of its accented spellings, counted once per text}."""
    spellings = defaultdict(Counter)
    for text in accented_texts:
        for word in set(text.split()):
            if len(word) <= MAX_VOCABULARY_WORD and word.isalpha():
                spellings[strip_accents(word)][word] += 1
    return spellings


def learn_words(accented_texts, *, count: bool = False) -> None:
    """Add the words of ``accented_texts`` to the vocabulary. With ``count`` (new products of
    an import or a seed), known words' frequencies grow too; a single save only adds new words
    (a product saved twice is still one product)."""
    from catalogue.models import SearchWord

    spellings = vocabulary_of(accented_texts)
    if not spellings:
        return
    if count:
        known = {w.word: w for w in SearchWord.objects.filter(word__in=list(spellings))}
        for word, row in known.items():
            row.frequency += sum(spellings[word].values())
        SearchWord.objects.bulk_update(list(known.values()), ["frequency"], batch_size=500)
        spellings = {w: s for w, s in spellings.items() if w not in known}
    SearchWord.objects.bulk_create(
        [SearchWord(word=word, spelling=seen.most_common(1)[0][0], frequency=sum(seen.values()))
         for word, seen in spellings.items()],
        ignore_conflicts=True, batch_size=500,
    )


def rebuild_vocabulary() -> int:
    """The vocabulary from every product's text, with exact frequencies; returns its size."""
    from catalogue.models import Product, SearchWord
    from ocop_site import page_cache

    sources = SearchTextSources.load()
    products = Product.objects.select_related("producer", "village").order_by("pk")
    spellings = vocabulary_of(
        search_columns(p, sources).accented_text for p in products.iterator(chunk_size=2000)
    )
    with transaction.atomic():
        SearchWord.objects.all().delete()
        SearchWord.objects.bulk_create(
            [SearchWord(word=word, spelling=seen.most_common(1)[0][0], frequency=sum(seen.values()))
             for word, seen in spellings.items()],
            batch_size=1000,
        )
        # Workers keep the vocabulary until the content version changes (``known_words``).
        page_cache.invalidate()
    return len(spellings)


def known_words() -> dict[str, tuple[str, int]]:
    """The whole vocabulary, {accent-free word: (usual spelling, frequency)}, read in one query
    and kept in the worker with the shared lookups (``CatalogueLookups``: until the content
    version changes, at most a day). A few thousand short rows; looking up the ~500 words one
    edit from a query's words in the database instead cost every search a query and ~2 ms.
    Writers bump the content version after the words they add are in (``Product.save``
    learns its words before saving; ``rebuild_vocabulary`` bumps it itself)."""
    from catalogue.filters import CatalogueLookups
    from catalogue.models import SearchWord

    return CatalogueLookups.shared().for_today("search-vocabulary", lambda: {
        word: (spelling, frequency)
        for word, spelling, frequency in SearchWord.objects.order_by().values_list("word", "spelling", "frequency")
    })


def one_edit_away(word: str) -> dict[str, int]:
    """{candidate: cost} for every string one edit from ``word``; a missing letter (the most
    common slip: "trag") or two swapped letters cost least."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {}
    for left, right in splits:
        for letter in LETTERS:
            edits.setdefault(left + letter + right, 1)  # a letter was missing
            if right:
                edits.setdefault(left + letter + right[1:], 3)  # a wrong letter
        if len(right) > 1:
            edits.setdefault(left + right[1] + right[0] + right[2:], 1)  # two swapped
        if right:
            edits.setdefault(left + right[1:], 2)  # a letter too many
    edits.pop(word, None)
    return edits


# --- a query --------------------------------------------------------------------------------

@dataclass(frozen=True)
class SearchQuery:
    """What a typed query searches for: its accent-free words (corrected if a word matched
    nothing), the words typed with accents (they rank exact spellings first) and, when corrected,
    the query as searched with its usual accents ("bát tràng" for "bat trag")."""

    typed: str
    words: tuple[str, ...] = ()
    accented: tuple[str, ...] = ()
    corrected_to: str = ""

    def __bool__(self):
        return bool(self.words)


def typed_words(text: str) -> list[tuple[str, str]]:
    """The distinct words of ``text`` as (accent-free, accented) pairs, at most eight.
    A lone "_" (a word character to the folding) is no word to search for."""
    pairs = {}
    for word in fold_vietnamese(text or "", keep_accents=True).split():
        if any(ch.isalnum() for ch in word):
            pairs.setdefault(strip_accents(word), word)
    return list(pairs.items())[:MAX_SEARCH_WORDS]


def search_words(query: str) -> list[str]:
    """The distinct accent-free words of ``query``: 'Bát  TRÀNG bát' -> ['bat', 'trang']."""
    return [plain for plain, _accented in typed_words(query)]


def interpret(text: str, products, *, correct: bool = True) -> SearchQuery:
    """The SearchQuery for ``text`` within ``products`` (a queryset: the listed products);
    ``correct=False`` searches exactly what was typed.

    The query's words and every word one edit from them are looked up in the vocabulary kept
    in the worker (``known_words``); one query, only when a word is unknown, checks which
    corrections find products."""
    pairs = typed_words(text)
    if not pairs:
        return SearchQuery(typed=text or "")
    words = [plain for plain, _accented in pairs]
    accented = tuple(acc for plain, acc in pairs if acc != plain)
    plain_query = SearchQuery(typed=text, words=tuple(words), accented=accented)
    if not correct:
        return plain_query
    correctable = [w for w in words if w.isalpha() and len(w) > 1]
    edits = {w: one_edit_away(w) for w in correctable}
    vocabulary = known_words()
    known = {word: vocabulary[word] for word in set(words).union(*edits.values()) if word in vocabulary}
    unknown = [w for w in correctable if w not in known]
    if not unknown or any(w.isdigit() for w in unknown):
        return plain_query
    options = []
    for word in words:
        if word not in unknown:
            options.append([(word, 0, known.get(word, ("", 0))[1])])
            continue
        candidates = sorted(
            ((c, cost, known[c][1]) for c, cost in edits[word].items() if c in known),
            key=lambda item: (item[1], -item[2], item[0]),
        )[:CANDIDATES_PER_WORD]
        if not candidates:
            return plain_query
        options.append(candidates)
    spellings = sorted(
        itertools.product(*options),
        key=lambda combo: (sum(cost for _w, cost, _f in combo), -sum(freq for _w, _c, freq in combo)),
    )[:MAX_CORRECTIONS_CHECKED]
    checks = {}
    for i, combo in enumerate(spellings):
        combo_words = [w for w, _c, _f in combo]
        # The names (with accents) of a product with the phrase: they show how it is spelt.
        # The phrase has every word, so testing them too finds the same product; it keeps a
        # prepared statement's generic plan (PostgreSQL, after five runs) on the trigram index:
        # planned for unknown patterns, the phrase alone looked common enough to seq-scan for
        # the first row, a whole-table scan (~50 ms) whenever no product has it.
        checks[f"phrase{i}"] = models.Subquery(
            products.filter(whole_words("search_text", combo_words), as_phrase("search_text", combo_words))
            .order_by().values("search_accented")[:1])
        checks[f"words{i}"] = models.Exists(products.filter(whole_words("search_text", combo_words)))
    found = products.model.objects.order_by().annotate(**checks).values(*checks)[:1]
    found = found[0] if found else {}
    chosen = next(((c, found[f"phrase{i}"]) for i, c in enumerate(spellings) if found.get(f"phrase{i}") is not None),
                  None) or next(((c, "") for i, c in enumerate(spellings) if found.get(f"words{i}")), None)
    if chosen is None:
        return plain_query
    corrected = [w for w, _c, _f in chosen[0]]
    spelt = spelling_in(chosen[1], corrected)
    typed_accented = dict(pairs)
    shown = [typed_accented[w] if typed_accented.get(w, w) != w else spelt.get(w) or known[w][0] or w
             for w in corrected]
    return SearchQuery(
        typed=text, words=tuple(corrected),
        # Accents typed on a word that was kept still rank; a corrected word has none typed.
        accented=tuple(typed_accented[w] for w in corrected if w in typed_accented and typed_accented[w] != w),
        corrected_to=" ".join(shown),
    )


def spelling_in(accented: str, words: list[str]) -> dict[str, str]:
    """{accent-free word: its accented form} as ``accented`` writes ``words``, preferring where
    they stand together as a phrase ("đường lâm" in "kẹo dồi đường lâm", not "chè lam")."""
    tokens = accented.split()
    plain = [strip_accents(token) for token in tokens]
    for start in range(len(tokens) - len(words) + 1):
        if plain[start:start + len(words)] == words:
            return dict(zip(words, tokens[start:start + len(words)]))
    return {word: token for word, token in zip(plain, tokens) if word in words}


class PaddedName(models.Func):
    """The product's ``search_name`` (never NULL) padded, ``' name '``: what
    ``padded_expression("search_name")`` gives, without its NULL handling and casts, whose
    expressions were resolved and compiled once for each word of each ranking term."""

    template = "(' ' || %(expressions)s || ' ')"
    output_field = models.TextField()

    def __init__(self):
        super().__init__(models.F("search_name"))


class OneOf(models.lookups.Lookup):
    """``lhs`` is one of the ids ``rhs``: on PostgreSQL ``= ANY(%s)`` with one array parameter,
    elsewhere ``IN (1, 2, …)`` written out (integers only, so nothing to quote; SQLite limits a
    statement's parameters). A common word's producers are hundreds of ids, each a parameter
    to build, send and bind with ``__in``, twice per page query (chosen, then joined)."""

    lookup_name = "one_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        ids = [int(pk) for pk in self.rhs]
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, ids]
        return f"{lhs} IN ({', '.join(map(str, ids))})", lhs_params


def relevance(query: SearchQuery) -> list:
    """ORDER BY terms for ``query`` (best first), before the list's usual stars-then-name.

    The producer's and village's names are not joined: the producers and villages whose names
    have the words (or the phrase) are looked up in the names kept per worker (``named_rows``:
    the related pages list every producer and village), and a product is tested by its
    ``producer_id`` and ``village_id``. Joining both tables to every match to rank it was half
    the page query's time. A name is tested padded (" name "), as it would be in the
    " product | producer | village " text: no word or phrase has a space at its ends or a bar."""
    words = query.words
    names = PaddedName()
    named = named_rows()
    producers, villages = named["producer"], named["village"]

    def flag(condition):
        return models.Case(models.When(condition, then=models.Value(1)), default=models.Value(0),
                           output_field=models.IntegerField())

    def in_name(word_or_phrase):
        return models.Q(models.lookups.Contains(names, f" {word_or_phrase} "))

    def owned_by(producer_pks, village_pks) -> models.Q | None:
        owners = [models.Q(OneOf(models.F(column), pks))
                  for column, pks in (("producer_id", producer_pks), ("village_id", village_pks)) if pks]
        return functools.reduce(operator.or_, owners) if owners else None

    all_words_named = models.Q()
    for word in words:
        condition = in_name(word)
        if (owner := owned_by(producers.pks_with_words([word]), villages.pks_with_words([word]))) is not None:
            condition |= owner
        all_words_named &= condition
    terms = [flag(in_name(" ".join(words)))]
    if (owner_phrase := owned_by(producers.pks_with_phrase(words), villages.pks_with_phrase(words))) is not None:
        terms.append(flag(owner_phrase))  # no owner has it: the same 0 for every product, no order
    terms += [
        flag(functools.reduce(operator.and_, [in_name(word) for word in words])),
        flag(all_words_named),
        flag(as_phrase("search_text", words)),
    ]
    if query.accented:
        terms.append(flag(whole_words("search_accented", query.accented)))
    return [term.desc() for term in terms]


# --- what else matches: villages, producers, showrooms, events, products no longer certified ----

@dataclass(frozen=True)
class RelatedKind:
    """A kind of page the results list above the products when its name matches every word.
    Apps register theirs (``register_related``) so catalogue never imports showrooms or events."""

    kind: str
    label: object  # a lazy translation: the heading
    public: object  # () -> the queryset of rows the public may see
    text_fields: tuple  # accent-free columns the words must be whole words of
    url_name: str  # reversed with the row's slug
    order_by: tuple = ("sort_name", "pk")
    name_field: str = "name"
    name_en_field: str = ""  # the English name, when the model has one
    limit: int = 3


RELATED_KINDS: dict[str, RelatedKind] = {}


def register_related(related: RelatedKind) -> None:
    RELATED_KINDS[related.kind] = related


@dataclass
class RelatedGroup:
    kind: str
    label: str
    links: list  # (name, url)


# Products that matched but are no longer certified, listed when no certified product matches.
FORMER_PRODUCTS = 5


def _named(expression, words) -> models.Q:
    condition = models.Q()
    for word in words:
        condition &= models.Q(models.lookups.Contains(expression, f" {word} "))
    return condition


@dataclass(frozen=True)
class NamedRows:
    """The public rows of one related kind, in its order, as (pk, slug or key, name, English
    name), with the accent-free text each is found by (padded, as ``padded_expression`` builds
    it in SQL) and, per word of those texts, the rows that have it: a whole word is a token
    between two spaces, what ``LIKE '% word %'`` finds, so a lookup answers what that scan did."""

    rows: tuple
    texts: tuple
    rows_with: dict

    @classmethod
    def of(cls, rows) -> "NamedRows":
        """``rows``: (pk, key, name, English name, padded text), in the kind's order."""
        rows_with = defaultdict(list)
        for position, row in enumerate(rows):
            for word in set(row[4].split(" ")):
                rows_with[word].append(position)
        return cls(rows=tuple(row[:4] for row in rows), texts=tuple(row[4] for row in rows),
                   rows_with={word: tuple(found) for word, found in rows_with.items()})

    def having(self, words) -> list[int]:
        """The positions (in order) of the rows whose text has every word of ``words``."""
        found = None
        for word in sorted(words, key=lambda w: len(self.rows_with.get(w, ()))):
            with_word = self.rows_with.get(word, ())
            if found is None:
                found = list(with_word)
            else:
                with_word = set(with_word)
                found = [i for i in found if i in with_word]
            if not found:
                return []
        return found or []

    def pks_with_words(self, words) -> list:
        return sorted(self.rows[i][0] for i in self.having(words))

    def pks_with_phrase(self, words) -> list:
        phrase = f" {' '.join(words)} "
        return sorted(self.rows[i][0] for i in self.having(words) if phrase in self.texts[i])


def named_rows() -> dict[str, NamedRows]:
    """Every related kind's public rows (``NamedRows``), read in one query and kept in the
    worker with the shared lookups (until the content version changes, at most a day), per
    language: a name column can be a translated one (modeltranslation reads ``name`` as the
    active language's). Building and running the related pages' UNION of one filtered
    subquery per kind cost every search ~10 ms of Python and scanned the producers."""
    from django.utils.translation import get_language

    from catalogue.filters import CatalogueLookups

    return CatalogueLookups.shared().for_today(f"search-named-rows:{get_language()}", _read_named_rows)


def _read_named_rows() -> dict[str, NamedRows]:
    parts = []
    for related in RELATED_KINDS.values():
        name_en = (models.F(related.name_en_field) if related.name_en_field
                   else models.Value("", output_field=models.CharField()))
        parts.append(related.public().order_by().annotate(
            result_kind=models.Value(related.kind, output_field=models.CharField()),
            result_pk=models.F("pk"), result_key=models.F("slug"), result_name=models.F(related.name_field),
            result_name_en=name_en, result_text=padded_expression(*related.text_fields),
            result_rank=models.Window(models.functions.RowNumber(), order_by=list(related.order_by)),
        ).values_list("result_kind", "result_pk", "result_key", "result_name", "result_name_en", "result_text",
                      "result_rank"))
    rows = defaultdict(list)
    if parts:
        for kind, *row, rank in parts[0].union(*parts[1:], all=True):
            rows[kind].append((rank, row))
    return {kind: NamedRows.of([row for _rank, row in sorted(rows[kind], key=lambda item: item[0])])
            for kind in RELATED_KINDS}


def related_to(query: SearchQuery, *, former_products: bool = False, language: str = "vi") -> list[RelatedGroup]:
    """The villages, producers, showrooms and events whose names have every word of ``query``
    (a few of each, looked up in ``named_rows``), and with ``former_products`` the products with
    every word that are no longer certified (expired or revoked), each linking to its /verify/
    page (one query)."""
    from django.urls import reverse
    from django.utils import timezone

    from catalogue.models import Product
    from catalogue.text import vietnamese_sort_key

    if not query:
        return []
    rows = []
    named = named_rows()
    for kind, related in RELATED_KINDS.items():
        table = named[kind]
        rows += [(kind, *table.rows[i][1:]) for i in table.having(query.words)[:related.limit]]
    if former_products:
        today = timezone.localdate()
        former = Product.objects.filter(whole_words("search_text", query.words)).exclude(
            current_certification__isnull=False, rating_valid_until__gte=today,
        ).order_by("sort_name", "pk").values_list("code", "name_vi", "name_en")[:FORMER_PRODUCTS]
        rows += [("former", *row) for row in former]
    groups = []
    labels = {kind: related.label for kind, related in RELATED_KINDS.items()}
    for kind in [*RELATED_KINDS, "former"]:
        found = sorted((r for r in rows if r[0] == kind), key=lambda r: vietnamese_sort_key(r[2]))
        if not found:
            continue
        if kind == "former":
            links = [(_shown_name(r, language), reverse("catalogue:verify_result", kwargs={"code": r[1]}))
                     for r in found]
        else:
            links = [(_shown_name(r, language), reverse(RELATED_KINDS[kind].url_name, kwargs={"slug": r[1]}))
                     for r in found]
        groups.append(RelatedGroup(kind=kind, label=str(labels.get(kind, "")), links=links))
    return groups


def _shown_name(row, language: str) -> str:
    return row[3] if language == "en" and row[3] else row[2]


# --- suggestions as you type ------------------------------------------------------------------

MAX_SUGGESTIONS = 8


def suggestions(text: str, *, language: str = "vi") -> list[dict]:
    """At most eight products (listed), craft villages and producers whose names have the
    query's words, the last one as the start of a word ("bat tr" -> Bát Tràng), as
    ``{"kind", "name", "url"}``; products first, then villages, then producers, then as many
    more products as fit. One query (a UNION of a few rows per kind)."""
    from django.urls import reverse

    from catalogue.models import CraftVillage, Producer, Product

    pairs = typed_words(text)
    if not pairs or len(" ".join(p for p, _a in pairs)) < 2:
        return []
    *whole, (last, _accented) = [pair for pair in pairs]
    whole = [plain for plain, _a in whole]

    def part(kind, queryset, name_column, key, name_en=None):
        # The plain substring test first: PostgreSQL's trigram index on the bare column answers
        # it; the padded test then keeps whole words and the start of the last word.
        condition = models.Q(**{f"{name_column}__contains": last})
        padded_name = padded_expression(name_column)
        condition &= _named(padded_name, whole) & models.Q(models.lookups.Contains(padded_name, f" {last}"))
        first = queryset.filter(condition).order_by("sort_name", "pk").values("pk")[:MAX_SUGGESTIONS]
        return queryset.model.objects.filter(pk__in=first).order_by().annotate(
            result_kind=models.Value(kind, output_field=models.CharField()),
            result_key=models.F(key), result_name=models.F("name_vi" if kind == "product" else "name"),
            result_name_en=models.F(name_en) if name_en else models.Value("", output_field=models.CharField()),
            result_order=models.F("sort_name"),
        ).values_list("result_kind", "result_key", "result_name", "result_name_en", "result_order")

    rows = list(part("product", Product.objects.listed(), "search_name", "slug", "name_en").union(
        part("village", CraftVillage.objects.all(), "search_name", "slug"),
        part("producer", Producer.objects.all(), "search_name", "slug"),
        all=True,
    ))
    by_kind = {kind: sorted((r for r in rows if r[0] == kind), key=lambda r: r[4])
               for kind in ("product", "village", "producer")}
    chosen = by_kind["product"][:4] + by_kind["village"][:2] + by_kind["producer"][:2]
    leftovers = by_kind["product"][4:] + by_kind["village"][2:] + by_kind["producer"][2:]
    chosen += leftovers[:MAX_SUGGESTIONS - len(chosen)]
    url_names = {"product": "catalogue:product_detail", "village": "catalogue:village_detail",
                 "producer": "catalogue:producer_detail"}
    return [{"kind": kind, "name": _shown_name((kind, key, name, name_en), language),
             "url": reverse(url_names[kind], kwargs={"slug": key})}
            for kind, key, name, name_en, _order in chosen]
