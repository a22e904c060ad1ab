"""Uzbek in the Cyrillic script. The program writes Uzbek in Latin, but letters and tables of some
ministries are still typed in Cyrillic: a status written "Бажарилмоқда" is the "Bajarilmoqda" of
our list. Our Latin words are spelt in Cyrillic here, so that both are understood."""

import re

# Longest first: the letters written with two Latin ones, then the rest.
_PAIRS = (
    ("oʻ", "ў"),
    ("gʻ", "ғ"),
    ("sh", "ш"),
    ("ch", "ч"),
    ("yo", "ё"),
    ("yu", "ю"),
    ("ya", "я"),
    ("ye", "\0"),  # "е" that is not turned into "э" at a word's start
)
_LETTERS = dict(zip("abdefghijklmnopqrstuvxyzʼ", "абдефгҳижклмнопқрстувхйзъ", strict=True))
_WORD_START_E = re.compile(r"(?<![^\W\d_])е")  # "e" begins a word as "э"


def to_cyrillic(text: str) -> str:
    """Uzbek `text` in Latin spelt in Cyrillic ("Toʻxtatib turilgan" → "Тўхтатиб турилган")."""
    lower = text.casefold()
    lower = re.sub(r"([og])[ʻ'‘’`]", r"\1ʻ", lower)  # the usual stand-ins for ʻ
    out = []
    i = 0
    while i < len(lower):
        pair = next((cyr for lat, cyr in _PAIRS if lower.startswith(lat, i)), None)
        if pair is not None:
            out.append(pair)
            i += 2
            continue
        out.append(_LETTERS.get(lower[i], lower[i]))
        i += 1
    return _WORD_START_E.sub("э", "".join(out)).replace("\0", "е").replace("ʻ", "")
