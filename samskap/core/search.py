"""Full-text search behind one function, on PostgreSQL and SQLite alike.

Models that can be searched keep two text columns, filled by their services through
`search_columns()`: `search_text` (the words) and `search_stems` (the words' Norwegian stems).
On PostgreSQL the table also has a stored `search_vector` column that the database computes
from `search_text` with the `norwegian` configuration, with a GIN index (added by the
migration operation `AddSearchVectorOnPostgres`); `search()` matches and ranks on it. On SQLite
it matches the query's stems against `search_stems` with the same Snowball stemmer. Callers
never know which.

Both widen a word with the forms the stemmer cannot join to it (`alternatives()`): nouns whose
plural changes the vowel ("bok" finds "bøker") and verbal nouns in -ing, matched by their verb
root as the beginning of a word, so compounds are found ("strikking" finds "strikkekafé").
(SQLite matches every query word as the beginning of a stem; PostgreSQL matches whole words
except verb roots, which keeps its index fast for broad words such as "bibliotek".)
"""

import re
from functools import lru_cache
from typing import Any

import snowballstemmer
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Expression, F, Model, Q, QuerySet

CONFIG = "norwegian"
VECTOR_COLUMN = "search_vector"
WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(CONFIG)


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Norwegian stem of one lower-case word (cached: imports stem the same words often)."""
    return str(_stemmer().stemWord(word))


def stems(text: str) -> str:
    """The Norwegian stems of the words in `text`, each preceded by a space."""
    return "".join(f" {stem(word)}" for word in words(text))


# Norwegian nouns whose plural changes the vowel: Snowball stems "bøker" to "bøk", never "bok".
VOWEL_CHANGE_GROUPS: tuple[tuple[str, ...], ...] = (
    ("bok", "bøker"),
    ("fot", "føtter"),
    ("rot", "røtter"),
    ("bot", "bøter"),
    ("mann", "menn"),
    ("hånd", "hender"),
    ("tann", "tenner"),
    ("natt", "netter"),
    ("strand", "strender"),
    ("stang", "stenger"),
    ("tang", "tenger"),
    ("bonde", "bønder"),
    ("kraft", "krefter"),
    ("far", "fedre"),
    ("mor", "mødre"),
    ("bror", "brødre"),
    ("datter", "døtre"),
    ("kne", "knær"),
    ("tå", "tær"),
    ("ku", "kyr"),
    ("gås", "gjess"),
)
VERBAL_NOUN = re.compile(r"^(?P<root>\w{3,})ing(?:a|en|er|ene)?$")


@lru_cache(maxsize=1)
def _vowel_change_index() -> dict[str, tuple[str, ...]]:
    index: dict[str, tuple[str, ...]] = {}
    for group in VOWEL_CHANGE_GROUPS:
        for word in group:
            index[stem(word)] = group
    return index


def alternatives(word: str) -> list[tuple[str, bool]]:
    """`word` and the other words a search for it should also find, first `word` itself, each
    with whether it is matched as the beginning of a word (a verb root, to find compounds)
    rather than as a whole word."""
    found = [(word, False)]
    group = _vowel_change_index().get(stem(word))
    if group:
        found.extend((w, False) for w in group if w != word)
    match = VERBAL_NOUN.match(word)
    if match and len(word) >= 6:
        found.append((match["root"], True))
    return found


def search_columns(*parts: str | None) -> dict[str, str]:
    """Values for `search_text` and `search_stems` built from the given pieces of text."""
    text = " ".join(p for p in parts if p)
    return {"search_text": text, "search_stems": stems(text)}


class StoredVector(Expression):
    """The PostgreSQL-only stored vector column of the queryset's own table, under whatever
    alias the table has when the query is compiled (`U0` inside a subquery, say)."""

    output_field = SearchVectorField()

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        alias = compiler.query.get_initial_alias()
        return (
            f"{compiler.quote_name(alias)}.{connection.ops.quote_name(VECTOR_COLUMN)}",
            (),
        )


def search[M: Model](queryset: QuerySet[M], query: str) -> QuerySet[M]:
    """Rows of `queryset` matching every word of `query`, best matches first on PostgreSQL.

    The caller's ordering is kept as the tie-breaker.
    """
    query_words = words(query)
    if not query_words:
        return queryset
    if connection.vendor == "postgresql":
        # Every word or one of its alternatives; the words' letters and digits only (`WORD`),
        # quoted, so nothing in the query is read as tsquery syntax. Whole words match whole
        # lexemes, which the GIN index finds fast; only verb roots match as prefixes.
        raw = " & ".join(
            "("
            + " | ".join(f"'{w}':*" if prefix else f"'{w}'" for w, prefix in alternatives(word))
            + ")"
            for word in query_words
        )
        search_query = SearchQuery(raw, config=CONFIG, search_type="raw")
        ordering = list(queryset.query.order_by or queryset.model._meta.ordering or ["pk"])
        return (
            queryset.annotate(_search=StoredVector())
            .filter(_search=search_query)
            .annotate(search_rank=SearchRank(F("_search"), search_query))
            .order_by("-search_rank", *ordering)
        )
    condition = Q()
    for word in query_words:
        either = Q()
        for alternative, _prefix in alternatives(word):
            either |= Q(search_stems__contains=f" {stem(alternative)}")
        condition &= either
    return queryset.filter(condition)
