"""Name normalisation for indexing and searching, Latin and Khmer.

The same Khmer name can be typed in different code-point orders (a vowel sign
before or after a subscript consonant, a register shifter before or after the
vowel) and with invisible joiners. We bring every orthographic cluster to one
order before indexing and before searching, so a prefix search finds the
member whichever way the name was typed:

    base  (coeng + consonant)*  register shifter  robat  vowel  other signs

Latin names are upper-cased ASCII with accents removed and spaces collapsed.
"""

from __future__ import annotations

import unicodedata

_COENG = "\u17d2"
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def _mark_rank(ch: str) -> int | None:
    """Order of a Khmer dependent mark within a cluster, or None for a base character."""
    cp = ord(ch)
    if cp in (0x17C9, 0x17CA):  # register shifters (muusikatoan, triisap)
        return 1
    if cp == 0x17CC:  # robat
        return 2
    if 0x17B6 <= cp <= 0x17C5:  # dependent vowels
        return 3
    if 0x17C6 <= cp <= 0x17D1 or cp in (0x17D3, 0x17DD):  # nikahit, reahmuk, signs
        return 4
    return None


def normalise_khmer(text: str) -> str:
    """Canonical Khmer: NFC, no invisible joiners, marks in one order per cluster."""
    text = unicodedata.normalize("NFC", text.translate(_INVISIBLE))
    out: list[str] = []
    cluster_subscripts: list[str] = []
    cluster_marks: list[tuple[int, int, str]] = []

    def flush() -> None:
        out.extend(cluster_subscripts)
        out.extend(ch for _, _, ch in sorted(cluster_marks))
        cluster_subscripts.clear()
        cluster_marks.clear()

    i = 0
    while i < len(text):
        ch = text[i]
        if ch == _COENG and i + 1 < len(text):
            cluster_subscripts.append(ch + text[i + 1])
            i += 2
            continue
        rank = _mark_rank(ch)
        if rank is None:
            flush()
            out.append(ch)
        else:
            cluster_marks.append((rank, len(cluster_marks), ch))
        i += 1
    flush()
    return " ".join("".join(out).split())


def normalise_latin(text: str) -> str:
    """Upper-case ASCII, accents removed, one space between words."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(ascii_only.upper().split())


def has_khmer(text: str) -> bool:
    return any("\u1780" <= ch <= "\u17ff" or "\u19e0" <= ch <= "\u19ff" for ch in text)


def normalise_query(text: str) -> tuple[str, bool]:
    """Normalise a search box's text; returns (normalised, is_khmer)."""
    if has_khmer(text):
        return normalise_khmer(text), True
    return normalise_latin(text), False


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string starting with `prefix` (for a range scan)."""
    return prefix + "\U0010ffff"
