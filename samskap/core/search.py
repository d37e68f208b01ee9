"""Full-text search behind one function, on PostgreSQL and SQLite alike.

Models that can be searched keep two text columns, filled by their services through
`search_columns()`: `search_text` (the words) and `search_stems` (the words' Norwegian stems).
On PostgreSQL `search()` uses full-text search with the `norwegian` configuration over
`search_text` (indexed by a GIN expression index, see `search_index()`); on SQLite it matches the
query's stems against `search_stems` with the same Snowball stemmer. Callers never know which.
"""

import re
from functools import lru_cache

import snowballstemmer
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Model, Q, QuerySet

CONFIG = "norwegian"
WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(CONFIG)


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def stems(text: str) -> str:
    """The Norwegian stems of the words in `text`, each preceded by a space."""
    stemmer = _stemmer()
    return "".join(f" {stemmer.stemWord(word)}" for word in words(text))


def search_columns(*parts: str | None) -> dict[str, str]:
    """Values for `search_text` and `search_stems` built from the given pieces of text."""
    text = " ".join(p for p in parts if p)
    return {"search_text": text, "search_stems": stems(text)}


def search_vector() -> SearchVector:
    return SearchVector("search_text", config=CONFIG)


def search_index(name: str) -> GinIndex:
    """The GIN index that makes `search()` fast on PostgreSQL (created only there)."""
    return GinIndex(search_vector(), name=name)


def search[M: Model](queryset: QuerySet[M], query: str) -> QuerySet[M]:
    """Rows of `queryset` matching every word of `query`, best matches first on PostgreSQL.

    The caller's ordering is kept as the tie-breaker.
    """
    query = query.strip()
    if not words(query):
        return queryset
    if connection.vendor == "postgresql":
        search_query = SearchQuery(query, config=CONFIG, search_type="websearch")
        ordering = list(queryset.query.order_by or queryset.model._meta.ordering or ["pk"])
        return (
            queryset.annotate(_search=search_vector())
            .filter(_search=search_query)
            .annotate(search_rank=SearchRank(F("_search"), search_query))
            .order_by("-search_rank", *ordering)
        )
    condition = Q()
    for stem in stems(query).split():
        condition &= Q(search_stems__contains=f" {stem}")
    return queryset.filter(condition)
