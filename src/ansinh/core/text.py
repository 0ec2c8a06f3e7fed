"""Vietnamese text folding for accent-insensitive search."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_TRANSLATE = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower-case, strip tone and vowel marks, đ→d, collapse spaces: 'Nguyễn  Văn Ân' → 'nguyen van an'."""
    text = unicodedata.normalize("NFD", text.translate(_TRANSLATE))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", text).strip().lower()


def normalise_name(text: str) -> str:
    """A person's or unit's name as stored: NFC, single spaces, trimmed (the marks are kept)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()
