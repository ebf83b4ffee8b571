"""The learned event layer (analyze/events/learned.py): verbs in no lexicon, in three languages.

Each case's trigger lemma is checked to be in no lexicon of its language, so the rule path
cannot be what codes it; the event must come from the learned path ("learned:" rule) with the
grammar's actors and recipients. The measured effect is in the held-out and real-text tables
(README, tests/eval_baseline.json); these cases pin the behaviour.
"""

from __future__ import annotations

import numpy as np
import pytest
from tests.test_events_cases import code, countries

from eventwire.analyze.analyzer import Analyzer
from eventwire.analyze.events import learned as ml
from eventwire.analyze.events.lexicon import load_lexicon
from eventwire.models import Article
from eventwire.settings import Settings

# (lang, sentence, trigger lemma, category, actor country, recipient country)
UNLISTED = [
    ("en", "Egyptian police rounded up dozens of students in Cairo.", "round", "COERCE",
     "EGY", "EGY"),
    ("en", "Venezuela ousted the Colombian ambassador on Tuesday.", "oust", "SANCTION",
     "VEN", "COL"),
    ("es", "Venezuela echó del país al embajador de Colombia.", "echar", "SANCTION",
     "VEN", "COL"),
    ("es", "Las tropas rusas abatieron a diez soldados ucranianos.", None, "ASSAULT",
     "RUS", "UKR"),
    ("fr", "Le Venezuela a chassé l'ambassadeur colombien.", "chasser", "SANCTION",
     "VEN", "COL"),
    ("fr", "La police égyptienne a embarqué des dizaines d'étudiants au Caire.", "embarquer",
     "COERCE", "EGY", "EGY"),
]

# (lang, sentence): no event at all, learned or not
NO_EVENT = [
    ("en", "Real Madrid hammered Barcelona 4-0 on Sunday."),
    ("es", "El Real Madrid goleó al Barcelona el domingo."),
    ("en", "Iran and Turkey can play a significant role in this regard."),
]


# A trained layer is scored like the held-out sets, by a floor over the table (measured, only
# goes up), not by pinning each sentence: a retrain may move one case across the threshold
# (the Spanish model lemmatises "abatieron" as "abateír", an unknown word the encoder reads as
# "abate"). Every case found must come from the learned path with the grammar's dyad and its
# evidence.
UNLISTED_FLOOR = 5


def _learned_event(lang, text, lemma, type_, actor, recipient):
    if lemma is not None:
        assert not load_lexicon(lang).verb_entries(lemma), f"{lemma} is in the {lang} lexicon"
    for event in code(text, lang):
        if event.type == type_ and actor in countries(event.actors) \
                and recipient in countries(event.recipients):
            return event
    return None


def test_verbs_in_no_lexicon_are_typed_by_the_learned_layer() -> None:
    found = {case[1]: _learned_event(*case) for case in UNLISTED}
    for text, event in found.items():
        if event is None:
            continue
        assert event.rule.startswith("learned:"), (text, event.rule)
        # evidence: the trigger's offsets point at its words, the confidence is the probability
        assert text[event.trigger_start:event.trigger_end] == event.trigger
        assert 0.4 <= event.confidence <= 1.0
    missed = [text for text, event in found.items() if event is None]
    assert len(UNLISTED) - len(missed) >= UNLISTED_FLOOR, missed


@pytest.mark.parametrize(("lang", "text"), NO_EVENT)
def test_sports_and_ability_give_no_event(lang, text) -> None:
    assert [(e.type, e.rule) for e in code(text, lang)
            if not (e.negated or e.hypothetical)] == []


def test_the_setting_turns_the_layer_off() -> None:
    text = "Venezuela ousted the Colombian ambassador on Tuesday."
    article = Article(id="t", source="t", raw_text=text, text=text, content_hash="t",
                      language="en")
    on = Analyzer(Settings()).analyze(article).events
    off = Analyzer(Settings(learned_events=False)).analyze(article).events
    assert [e.rule.split(":")[0] for e in on] == ["learned"]
    assert off == []


@pytest.mark.parametrize("bad", [0, 1, 1.5, -0.1])
def test_the_threshold_must_be_a_probability(bad) -> None:
    with pytest.raises(ValueError, match="learned_threshold"):
        Settings(learned_threshold=bad)


# (word, nearer, further): the shared space carries meaning across languages
NEIGHBOURS = [
    ("expulsar", "expel", "praise"),
    ("expulser", "expel", "negotiate"),
    ("detener", "arrest", "welcome"),
    ("bombarder", "bomb", "sign"),
]


@pytest.mark.parametrize(("word", "near", "far"), NEIGHBOURS)
def test_lemma_vectors_are_cross_lingual(word, near, far) -> None:
    vecs = ml.get_learned(0.4).vectors.lookup([word, near, far])
    vecs = vecs / np.linalg.norm(vecs, axis=1, keepdims=True)
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2]


def test_the_model_types_are_plover_categories() -> None:
    net = ml.get_learned(0.4).net
    onto = load_lexicon("en").ontology
    assert net.types[0] == "NONE"
    assert set(net.types[1:]) == set(onto.categories)
    for mode in net.modes:
        type_, _, name = mode.partition("/")
        assert not name or name in onto.categories[type_].modes
