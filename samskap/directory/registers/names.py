"""Readable names from the register's capitals: "SKIEN RØDE KORS" → "Skien Røde Kors".

Rules, word by word (a word is what lies between spaces):

- Known abbreviations stay in capitals (`ABBREVIATIONS`: IL, FK, 4H, NRK, DNT, KFUM, AS, …),
  some have a fixed form (`SPECIAL_FORMS`: UiO, KrF, …). A word without a vowel ("NMK",
  "BK") and a word with a digit ("4H", "B52") stay as written, and so do roman numerals.
- Small words ("og", "i", "for", "av", "på", …) are lower case inside a name, never as its
  first word; a month after a day number is lower case ("17. mai").
- Every other word is capitalised; each part of a word joined by "-", "/", "." or "&" is
  capitalised on its own ("SØR-VARANGER" → "Sør-Varanger", "ST.HANSHAUGEN" →
  "St.Hanshaugen"); after an apostrophe a short ending stays small ("KARI'S" → "Kari's")
  and a longer one is capitalised ("O'BRIEN" → "O'Brien").
- Punctuation around a word is kept: "(SKIEN)" → "(Skien)".
- A name that already has lower-case letters was written by a person: only its spaces are
  tidied.
"""

import re
from functools import lru_cache

ABBREVIATIONS = frozenset(
    {
        # sports clubs and associations
        "IL", "FK", "BK", "SK", "IF", "IK", "HK", "TIF", "FAU", "UL", "MC", "4H", "BUL",
        "IOGT", "KFUM", "KFUK", "NKS", "NSF", "LHL", "NRK", "DNT", "NAF", "NHO", "NTNU",
        "AUF", "MDG", "FNF", "NMF", "NFF", "NJFF", "DKS", "SFO", "ASVO", "NAV",
        # organisation forms and company suffixes
        "AS", "ASA", "SA", "BA", "DA", "ANS", "KS", "NUF", "ENK", "IKS", "KF", "FKF", "BRL",
        "A/S", "A/L",
    }
)  # fmt: skip
SPECIAL_FORMS = {
    "UIO": "UiO",
    "UIB": "UiB",
    "UIT": "UiT",
    "UIS": "UiS",
    "UIA": "UiA",
    "KRF": "KrF",
    "FRP": "FrP",
    "ST": "St",  # "ST. OLAV" → "St. Olav"
    "DR": "Dr",
}
SMALL_WORDS = frozenset(
    {"og", "i", "for", "av", "på", "til", "med", "under", "fra", "ved", "om", "mot", "over"}
)
MONTHS = frozenset(
    {
        "januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
        "oktober", "november", "desember",
    }
)  # fmt: skip
ROMAN_NUMERALS = frozenset({"II", "III", "IV", "VII", "VIII", "IX", "XI", "XII", "XIII"})

_VOWEL = re.compile(r"[AEIOUYÆØÅÄÖÜÉÈÁÀaeiouyæøåäöüéèáà]")
_DIGIT = re.compile(r"\d")
# Leading punctuation, the word, trailing punctuation.
_AROUND = re.compile(r"^([^\w]*)(.*?)([^\w]*)$", re.DOTALL)
# Separators inside a word, kept in the result.
_INNER = re.compile(r"([-/.&'’])")
_ORDINAL = re.compile(r"^\d+\.$")
_LOWER = re.compile(r"[a-zæøåäöüéèáà]")


def readable_name(register_name: str) -> str:
    """The register's name in the form shown on Samskap (see the module's rules)."""
    words = register_name.split()
    if not words:
        return ""
    if _LOWER.search(register_name):
        return " ".join(words)
    result = [_word(words[0], True, False)]
    previous = words[0]
    for word in words[1:]:
        result.append(_word(word, False, _ORDINAL.match(previous) is not None))
        previous = word
    return " ".join(result)


@lru_cache(maxsize=20_000)
def _word(word: str, first: bool, after_ordinal: bool) -> str:
    """One word (cached: the same words come back in many names)."""
    match = _AROUND.match(word)
    assert match is not None  # the pattern matches every string  # noqa: S101
    before, core, after = match.groups()
    if not core:
        return word
    if core in ABBREVIATIONS or (core + after) in ABBREVIATIONS:
        return word
    special = SPECIAL_FORMS.get(core)
    if special:
        return before + special + after
    lower = core.lower()
    if not first and not before:
        if lower in SMALL_WORDS:
            return lower + after
        if lower in MONTHS and after_ordinal:
            return lower + after
    return before + _compound(core) + after


def _compound(core: str) -> str:
    parts = _INNER.split(core)
    if len(parts) == 1:
        return _part(core)
    out = []
    after_apostrophe = False
    for part in parts:
        if part in ("'", "’"):
            after_apostrophe = True
            out.append(part)
        elif _INNER.fullmatch(part) or not part:
            out.append(part)
        elif after_apostrophe and len(part) <= 2:
            out.append(part.lower())
            after_apostrophe = False
        else:
            out.append(part if part in ABBREVIATIONS else _part(part))
            after_apostrophe = False
    return "".join(out)


def _part(part: str) -> str:
    if part in ABBREVIATIONS or part in ROMAN_NUMERALS:
        return part
    special = SPECIAL_FORMS.get(part)
    if special:
        return special
    if _DIGIT.search(part) or (len(part) > 1 and not _VOWEL.search(part)):
        return part
    return part[:1].upper() + part[1:].lower()
