"""TABARI / PETRARCH verb dictionary import: parsing, CAMEO -> PLOVER, layering, coding."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.test_events_cases import code

from eventwire.analyze.events.lexicon import load_lexicon, override_lexicon
from eventwire.analyze.events.patterns import inflections, parse_pattern
from eventwire.analyze.events.tabari import (
    discarded,
    load_discards,
    load_verbs,
    parse_verbs,
    plover_type,
    with_verb_layer,
)
from eventwire.analyze.nlp import get_nlp
from eventwire.errors import InvalidKnowledgeBase
from paths import PETRARCH

VERBS = PETRARCH / "dictionaries" / "PETR.Validate.verbs.txt"

# excerpts in the TABARI format of PETR.Validate.verbs.txt
SAMPLE = """\
&CURRENCY
+DOLLARS
+SWISS FRANCS
+YEN
--- CONTRIBUTE [070]  ---
CONTRIBUTE   # tony  3/12/91
DONATE {DONATED DONATING} [071]
- * &CURRENCY [903] #  -PAS 12.01.12
- * RUPEES  [071]
- NOT * AID  [054]
--- ABANDON  [345]  ---
ABANDON    # pas 15 Jul 2003
- * FULL DIPLOMATIC TIES WITH + [901]
- * OVER EFFORTS  [121]
--- CLOSE  [---] ---
CLOSE
- * EMBASSY  [195]  # tony  4/26/91
- * DOWN NEWS  [203]
--- ACCORD  [---] ---
ACCORD
- TO *  [073]
--- AGREE  [081] ---
AGREE
- * WITH % [031]
- % * [030:030]  # pas 14.09.18
--- COOPERATE  [073] ---
COOPERATE
- * WITH $ [032:032]
WIRE_+TAP {WIRE_+TAPPED  WIRE_+TAPPING }
"""


def _layer():
    return parse_verbs(SAMPLE, fallback="AGREE", base=load_lexicon("en"))


@pytest.mark.parametrize(("lemma", "expected"), [
    # (code, words the pattern checks) in the order they are tried: the most specific
    # pattern first, the bare verb last; in a [---] block the bare verb codes nothing
    ("contribute", [("054", 2), ("903", 1), ("071", 1), ("070", 0)]),
    ("donate", [("054", 2), ("903", 1), ("071", 1), ("071", 0)]),
    ("abandon", [("901", 4), ("121", 2), ("345", 0)]),
    ("close", [("203", 2), ("195", 1), (None, 0)]),
    ("accord", [("073", 1), (None, 0)]),
    ("cooperate", [("032", 1), ("073", 0)]),
    ("agree", [("031", 1), ("030", 0), ("081", 0)]),
    ("tap", [("032", 2), ("073", 1)]),  # WIRE_+TAP: "wire" is checked right before "tap"
])
def test_parse_verb_blocks(lemma, expected) -> None:
    entries = _layer()[lemma]
    assert [(e.cameo, e.pattern.literals if e.pattern else 0) for e in entries] == expected
    assert all(e.literal for e in entries)


@pytest.mark.parametrize(("lemma", "forms"), [
    ("contribute", {"contribute", "contributes", "contributed", "contributing"}),
    ("donate", {"donate", "donates", "donated", "donating"}),
    # listed forms, and both spellings of a short verb ("visited", "tapped")
    ("tap", {"tap", "taps", "tapped", "tapping", "taped", "taping"}),
])
def test_verb_forms(lemma, forms) -> None:
    assert _layer()[lemma][0].forms == forms
    assert "departes" not in _layer()["contribute"][0].forms | inflections("depart")


@pytest.mark.parametrize("word", ["wire", "dollars", "wire_+tap"])
def test_synset_words_and_multiword_parts_are_not_verbs(word) -> None:
    assert word not in _layer()


@pytest.mark.parametrize(("body", "sentence", "verb", "matches"), [
    ("* RUPEES", "Japan contributed 500 million rupees to Nepal.", "contributed", True),
    ("* RUPEES", "Japan contributed 500 million yen to Nepal.", "contributed", False),
    # words may be apart unless joined by _
    ("* OVER EFFORTS", "They clashed over the efforts of Bree.", "clashed", True),
    ("* OVER_EFFORTS", "They clashed over the efforts of Bree.", "clashed", False),
    ("* &CURRENCY", "Arnor will contribute a million swiss francs.", "contribute", True),
    ("* &CURRENCY", "Arnor will contribute a million swiss florins.", "contribute", False),
    # words before the verb, in order, and the contraction as spaCy splits it
    ("&NEG * OVER EFFORTS", "Bree didn't clash over the efforts of Rohan.", "clash", True),
    ("&NEG * OVER EFFORTS", "Bree did clash over the efforts of Rohan.", "clash", False),
    ("RECENTLY_*", "Gollum recently allowed it.", "allowed", True),
    ("RECENTLY_*", "Gollum recently has allowed it.", "allowed", False),
    ("* DIFFICULT_TO_COVER", "It is making the war difficult to cover.", "making", True),
])
def test_pattern_matching(body, sentence, verb, matches) -> None:
    synsets = {"&CURRENCY": ["dollars", "swiss francs"], "&NEG": ["did n't", "will not"]}
    doc = get_nlp("en")(sentence)
    tok = next(t for t in doc if t.text == verb)
    assert parse_pattern(body, synsets).matches(tok) is matches


@pytest.mark.parametrize(("body", "swap", "negative", "compound"), [
    ("+ * MONEY $", True, False, False),  # the subject receives from the source
    ("$ * + HELD", False, False, False),
    ("WILL NOT *", False, True, False),
    ("* WITH %", False, False, False),
    ("% HAVE POSTPONED *", False, False, True),  # a compound subject acts on each other
])
def test_pattern_roles(body, swap, negative, compound) -> None:
    pattern = parse_pattern(body, {})
    assert (pattern.swap, pattern.negative, pattern.compound) == (swap, negative, compound)


@pytest.mark.parametrize(("code", "expected"), [
    ("042", ("CONSULT", "visit")),
    ("0874", ("RETREAT", "withdraw")),  # longest shared prefix: 087
    ("173", ("COERCE", "arrest")),
    ("195", ("ASSAULT", "aerial")),
    ("112", ("ACCUSE", "allege")),
    ("110", ("ACCUSE", None)),  # equal prefixes: the category before its modes
    ("071", ("AID", None)),
    ("020", None),  # appeals and statements have no PLOVER category code
    ("903", None),
])
def test_plover_type(code, expected) -> None:
    assert plover_type(code) == expected


def test_without_fallback_unmapped_codes_are_left_out() -> None:
    layer = parse_verbs(SAMPLE)
    assert [e.cameo for e in layer["contribute"]] == ["054", "071", "070"]
    assert [e.cameo for e in layer["abandon"]] == ["121"]  # 901 and 345 have no PLOVER code


def test_bad_fallback_is_named() -> None:
    with pytest.raises(InvalidKnowledgeBase, match="'FRIENDLY' is not a PLOVER category"):
        parse_verbs(SAMPLE, fallback="FRIENDLY")


def test_layer_goes_first_and_keeps_packaged_recipients() -> None:
    base = load_lexicon("en")
    lex = with_verb_layer(base, parse_verbs("--- MEET [031] ---\nMEET\n", base=base))
    first = lex.verb_entries("meet")[0]
    assert (first.cameo, first.recipient) == ("031", ("after",))
    assert lex.verb_entries("meet")[1:] == base.verb_entries("meet")
    assert base.verb_entries("meet")[0].cameo != "031"  # the packaged lexicon is untouched


def test_only_the_layer_codes() -> None:
    lex = with_verb_layer(load_lexicon("en"), _layer(), only=True)
    assert set(lex.verbs) == set(_layer()) and not lex.nouns


def test_override_is_scoped() -> None:
    base = load_lexicon("en")
    lex = with_verb_layer(base, _layer())
    with override_lexicon(lex):
        assert load_lexicon("en") is lex and load_lexicon("fr") is not lex
    assert load_lexicon("en") is base


def _cameos(text: str) -> set[str]:
    return {e.cameo for e in code(text, "en")}


@pytest.mark.parametrize(("sentence", "default", "imported"), [
    ("Japan contributed 500 million rupees to Nepal.", None, "071"),
    ("Iran closed the Turkish embassy in Tehran.", None, "195"),
    ("Russia cooperated with China on the project.", "060", "032"),
])
def test_imported_dictionary_codes_real_sentences(sentence, default, imported) -> None:
    before = _cameos(sentence)
    with override_lexicon(with_verb_layer(load_lexicon("en"), _layer())):
        assert imported in _cameos(sentence)
    assert imported not in before
    assert default is None or default in before


ROLES = """\
--- RECEIVE  [033]  ---
RECEIVE
- + * MONEY $  [071]
--- ARRIVE  [032:033]  ---
ARRIVE
--- WARN  [160] ---
WARN
- WILL NOT *  [036]
--- DELAY [120] ---
POSTPONE
- % HAVE *  [191]
--- EXCLUDE  [1721] ---
+CORDON_OFF {+CORDONED_OFF +CORDONS_OFF +CORDONING_OFF }
"""


def _dyads(text: str) -> set[tuple[str, str, str]]:
    base = load_lexicon("en")
    with override_lexicon(with_verb_layer(base, parse_verbs(ROLES, base=base), only=True)):
        events = code(text, "en")
    return {(e.actors[0].country, e.recipients[0].country if e.recipients else None, e.cameo)
            for e in events if not e.negated}


@pytest.mark.parametrize(("sentence", "expected"), [
    # "+ * MONEY $": the subject is the target, the one after "money" the source
    ("Egypt received money from Qatar last year.", {("QAT", "EGY", "071")}),
    ("Egypt received a delegation from Qatar.", {("EGY", "QAT", "033")}),
    # [032:033]: the visitor's arrival and the host's reception
    ("The Turkish president arrived in Iran on Monday.",
     {("TUR", "IRN", "032"), ("IRN", "TUR", "033")}),
    # a negation the pattern spells out is the coded act
    ("Russia will not warn Ukraine again.", {("RUS", "UKR", "036")}),
    # "% HAVE *": the two act together, not on the place named after the verb
    ("Armenia and Azerbaijan have postponed their talks in Russia.", {("ARM", None, "191")}),
    # a multi-word verb found by its listed form, whatever the lemmatiser makes of it
    ("Israeli soldiers have cordoned off the border with Lebanon.", {("ISR", "LBN", "1721")}),
])
def test_dictionary_roles_on_real_sentences(sentence, expected) -> None:
    assert _dyads(sentence) == expected


def test_petrarch_validation_dictionary_loads() -> None:
    layer = load_verbs(VERBS, fallback="AGREE")
    assert len(layer) > 200
    # "- DESPITE * FROM $ [122]", "- HEAVILY UNJUSTLY * [123]", ...: two words before one
    assert [e.cameo for e in layer["criticize"]] == ["122", "123", "122", "123", "121"]
    assert [e.cameo for e in layer["clash"]][-1] == "223"  # the bare verb after 7 patterns
    assert {e.reverse_cameo for e in layer["arrive"]} == {"033"}  # ARRIVE [032:033]


DISCARDS = """\
# sports and weather stories are not coded
YEARS LATER
+World Golf Championships   # pas 26-Feb-2014
BASEBALL
+TYPHOON   # ELH 04 Aug 2009
"""


@pytest.mark.parametrize(("sentence", "phrase"), [
    ("Arnor is about to restore the World Golf Championships to Gondor.",
     "world golf championships"),
    ("Arnor will restore baseball competition with Gondor.", "baseball"),
    ("Three years later, a typhoon trashed its embassy.", "years later"),
    ("Arnor is about to restore full diplomatic ties with Gondor.", None),
    ("The Typhoons squadron landed in Gondor.", None),  # whole words only
])
def test_discards(tmp_path: Path, sentence, phrase) -> None:
    path = tmp_path / "discards.txt"
    path.write_text(DISCARDS, encoding="utf-8")
    assert discarded(sentence, load_discards(path)) == phrase


RECORDS = VERBS.parents[1] / "text" / "PETR.UnitTest.records.xml"


@pytest.mark.parametrize("record_id", [
    "DEMO-19",  # "Arnor's foreign minister ... urged": agent words in the actor's noun phrase
    "AGENT-05",  # "... ties with Gondor's government": and in the recipient's
    "SYNSET-09",  # "contribute a million swiss francs" [903]: a synset pattern of the dictionary
    "SYNSET-01",  # "abandon full diplomatic ties" [901]: a noun-phrase pattern, by its head
    "VERB-01",  # "has broken relations with Libya" [17]
])
def test_petrarch_records_coded_with_their_dictionaries(record_id) -> None:
    from eventwire.evaluate import petrarch

    path = RECORDS.resolve()
    record = next(r for r in petrarch.load_records(path) if r["id"] == record_id)
    actors = petrarch._dictionary(path, "PETR.Validate.actors.txt")
    agents = petrarch.tabari.parse_agents(petrarch._dictionary(path, "PETR.Validate.agents.txt"))
    with override_lexicon(petrarch._lexicon(path, verbs=True)):
        events = petrarch.code_sentence(record, actors)
    doc = petrarch._nlp(actors)(record["text"])
    assert petrarch.triples(events, agents, doc) == record["expected"]
