"""The event grammar on real sentences: trigger, category, and the tokens holding the arguments.

These cases need only spaCy and the lexicons (no actor resolution): the actor and recipient
columns name the head word of the phrase the grammar points at.
"""

from __future__ import annotations

import pytest

from eventwire.analyze.events.frames import find_frames
from eventwire.analyze.events.lexicon import load_lexicon, load_ontology
from eventwire.analyze.nlp import get_nlp
from eventwire.errors import InvalidKnowledgeBase
from paths import GSR


def frames(lang: str, text: str):
    doc = get_nlp(lang)(text)
    lex = load_lexicon(lang)
    return [f for sent in doc.sents for f in find_frames(sent, lex)]


def first_head(tokens) -> str | None:
    return tokens[0].text if tokens else None


# (lang, sentence, type, mode, actor head word, first recipient-slot word)
CASES = [
    ("en", "Iranian Foreign Minister Abbas Araghchi met Turkish President Recep Tayyip Erdogan "
     "in Ankara.",
     "CONSULT", None, "Araghchi", "Erdogan"),
    ("en", "Araghchi and Turkish Foreign Minister Hakan Fidan held talks on Monday.",
     "CONSULT", None, "Araghchi", None),
    ("en", "Pezeshkian made the comment in a phone conversation with Iraqi Prime Minister "
     "Al Sudani.",
     "CONSULT", "phone", "Pezeshkian", "Sudani"),
    ("en", "Around 320 terrorists had been killed by the government forces in Aleppo.",
     "ASSAULT", None, "forces", "terrorists"),
    ("en", "Israeli soldiers arrested more than 100 Palestinians on Saturday in Hebron.",
     "COERCE", "arrest", "soldiers", "Palestinians"),
    ("en", "France condemned the attack on the embassy.",
     "ACCUSE", "disapprove", "France", "attack"),
    ("en", "The minister urged Iran to release the detained sailors.",
     "REQUEST", "yield", "minister", "Iran"),
    ("en", "Pezeshkian announced Iran's readiness to host the upcoming meeting.", "AGREE", None,
     "Pezeshkian", "meeting"),
    ("en", "Russia deployed thousands of troops to the border.",
     "MOBILIZE", "troops", "Russia", "border"),
    ("en", "The United States imposed sanctions on Iranian oil exports.", "SANCTION", None,
     "States", "exports"),
    ("en", "Thousands of workers protested against the pension reform in Paris.", "PROTEST", "demo",
     "Thousands", "reform"),
    ("en", "Israel withdrew its troops from southern Lebanon.",
     "RETREAT", "withdraw", "Israel", "Lebanon"),
    ("en", "Japan pledged 50 million dollars in humanitarian aid to Sudan.",
     "AGREE", None, "Japan", None),
    ("en", "Germany praised Poland for its handling of the crisis.",
     "SUPPORT", None, "Germany", "Poland"),
    ("en", "North Korea threatened to attack South Korea.",
     "THREATEN", "violence", "Korea", "Korea"),
    ("en", "Hungary rejected the European Commission's proposal on migration.", "REJECT", None,
     "Hungary", "proposal"),
    ("en", "Fidan voiced concern over the spread of insecurity in Syria.", "ACCUSE", "disapprove",
     "Fidan", "spread"),
    ("en", "The government pardoned 200 political prisoners.",
     "CONCEDE", None, "government", "prisoners"),
    ("en", "Kenya and Uganda agreed to share intelligence on militant groups.",
     "AGREE", None, "Kenya", None),
    ("es", "El presidente iraní se reunió con su homólogo turco en Ankara.", "CONSULT", None,
     "presidente", "homólogo"),
    ("es", "La policía detuvo a treinta manifestantes en Caracas.", "COERCE", "arrest", "policía",
     "manifestantes"),
    ("es", "Estados Unidos condenó el ataque contra la embajada.",
     "ACCUSE", "disapprove", "Estados", "ataque"),
    ("es", "El ministro instó a los países islámicos a reforzar la cooperación.",
     "REQUEST", "assist",
     "ministro", "países"),
    ("es", "Miles de personas protestaron contra el gobierno en Madrid.",
     "PROTEST", "demo", "Miles", "gobierno"),
    ("fr", "Le président français a rencontré son homologue allemand à Berlin.", "CONSULT", None,
     "président", "homologue"),
    ("fr", "La police a arrêté trente manifestants à Paris.",
     "COERCE", "arrest", "police", "manifestants"),
    ("fr", "La France a condamné les frappes russes contre l'Ukraine.",
     "ACCUSE", "disapprove", "France", None),
    ("fr", "L'armée israélienne a bombardé la ville de Gaza.",
     "ASSAULT", "aerial", "armée", "ville"),
]


@pytest.mark.parametrize(("lang", "text", "type_", "mode", "actor", "recipient"), CASES)
def test_first_frame(lang, text, type_, mode, actor, recipient) -> None:
    found = frames(lang, text)
    assert found, f"no event found in {text!r}"
    top = [f for f in found if f.type == type_]
    assert top, f"{text!r}: expected {type_}, got {[(f.type, f.rule) for f in found]}"
    frame = top[0]
    assert frame.mode == mode
    assert first_head(frame.actors) == actor
    got = first_head(frame.recipients[0]) if frame.recipients else None
    if recipient is None:
        return
    assert recipient in [t.text for slot in frame.recipients for t in slot], (
        f"{text!r}: recipient {recipient!r} not in "
        f"{[[t.text for t in s] for s in frame.recipients]}"
        f" (first {got!r})"
    )


# (lang, sentence, flag that must be set)
MOODS = [
    ("en", "The army did not attack the village.", "negated"),
    ("es", "El ejército no atacó la ciudad.", "negated"),
    ("fr", "L'armée n'a pas attaqué la ville.", "negated"),
    ("en", "If Iran attacks, Israel would strike its nuclear sites.", "hypothetical"),
    ("en", "The two leaders will meet in Geneva next week.", "future"),
    ("es", "Los dos presidentes se reunirán el lunes.", "future"),
    ("fr", "Les deux présidents se rencontreront lundi.", "future"),
]


@pytest.mark.parametrize(("lang", "text", "flag"), MOODS)
def test_moods(lang, text, flag) -> None:
    found = frames(lang, text)
    assert found and all(getattr(f, flag) for f in found), [(f.type, f.rule) for f in found]


def test_plain_past_is_not_flagged() -> None:
    (frame,) = [f for f in frames("en", "The army attacked the village.") if f.type == "ASSAULT"]
    assert not (frame.negated or frame.future or frame.hypothetical)


def test_governed_event_is_consumed() -> None:
    """'urged X to boost cooperation' is a REQUEST, not also a COOPERATE."""
    found = frames("en", "He urged regional countries to boost cooperation.")
    assert [f.type for f in found] == ["REQUEST"]
    assert found[0].inner is not None and found[0].inner.type == "COOPERATE"


def test_reported_accusation() -> None:
    found = frames("en", "The top Iranian diplomat emphasized that Israel strives to exploit "
                   "the situation.")
    accuse = [f for f in found if f.type == "ACCUSE"]
    assert accuse and first_head(accuse[0].actors) == "diplomat"
    assert first_head(accuse[0].recipients[0]) == "Israel"


def test_lexicons_cover_all_categories() -> None:
    onto = load_ontology()
    for lang in ("en", "es", "fr"):
        lex = load_lexicon(lang)
        types = {e.type for es in list(lex.verbs.values()) + list(lex.nouns.values()) for e in es}
        assert types == set(onto.categories), (lang, set(onto.categories) - types)


def test_unknown_language_is_refused() -> None:
    with pytest.raises(InvalidKnowledgeBase, match="choose from"):
        load_lexicon("de")


def test_scores_and_cameo_follow_modes() -> None:
    onto = load_ontology()
    assert onto.score("CONSULT", "phone") == 1.5
    assert onto.score("CONSULT", None) == 2.5
    assert onto.cameo("COERCE", "arrest") == "173"
    assert onto.score("ACCUSE", None) < 0


def _cameo2plover() -> dict[str, str]:
    """CAMEO code -> PLOVER category, from the published conversion table."""
    table = GSR.parent / "CAMEO2PLOVER-2021.txt"
    out = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        code, sep, rest = line.partition(":")
        if sep and code.strip().isdigit() and len(code.strip()) > 2:
            out[code.strip()] = rest.split(",")[0].strip()
    return out


def test_cameo_codes_agree_with_cameo2plover() -> None:
    """Every exported CAMEO code (category, mode, lexicon entry) maps back to its category."""
    table = _cameo2plover()
    onto = load_ontology()
    codes = []
    for name, cat in onto.categories.items():
        codes.append((name, cat.cameo))
        codes += [(name, m.cameo) for m in cat.modes.values()]
    for lang in ("en", "es", "fr"):
        lex = load_lexicon(lang)
        codes += [(e.type, e.cameo) for es in list(lex.verbs.values()) + list(lex.nouns.values())
                  for e in es if e.cameo and not e.skip]
    wrong = sorted({(t, c, table.get(c)) for t, c in codes if table.get(c) != t})
    assert not wrong, wrong


def test_a_lexicon_key_given_twice_is_an_error_not_silently_dropped() -> None:
    import yaml

    from eventwire.analyze.events.lexicon import _WordLoader

    text = "nouns:\n  law: {type: COERCE}\n  ban: {type: COERCE}\n  law: {type: ACCUSE}\n"
    with pytest.raises(yaml.YAMLError, match="duplicate key 'law'"):
        yaml.load(text, Loader=_WordLoader)  # noqa: S506
    # anchors and merge keys still work
    assert yaml.load("a: &x [1]\nb: *x\n", Loader=_WordLoader) == {"a": [1], "b": [1]}  # noqa: S506
