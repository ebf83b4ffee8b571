"""Tables of en/es/fr news sentences for context-dependent actors: indefinite phrases, French
inverted and attributed pronouns, left-out subjects (``implicit_subject``), headline titles."""

from __future__ import annotations

import pytest

from eventwire.analyze.nlp import get_nlp
from paths import SAMPLES
from test_actors_cases import resolve

SAMPLE_004 = SAMPLES / "004_1d7981e0e1efbe65.txt"


def token(text: str, lang: str, word: str, nth: int = 0):
    """The ``nth`` token spelled ``word`` in the parse of ``text``."""
    found = [t for t in get_nlp(lang)(text) if t.text == word]
    assert len(found) > nth, f"no {word!r} #{nth} in {text!r}"
    return found[nth]


def codes(refs) -> list[str]:
    return [r.code for r in refs]


# (language, text, head word of the indefinite phrase, codes it resolves to)
INDEFINITE = [
    (
        "en",
        "Israeli Prime Minister Benjamin Netanyahu said the war would go on. "
        "A senior Hamas official told AFP that talks had stalled.",
        "official",
        ["PSEREB"],
    ),
    (
        "en",
        "Netanyahu vowed to press on in Gaza. A senior Iranian official told Reuters that "
        "Tehran would respond to any attack.",
        "official",
        ["IRNGOV"],
    ),
    (
        "en",
        "Netanyahu said the offensive would continue. An official, speaking on condition "
        "of anonymity, said the talks were over.",
        "official",
        [],
    ),
    (
        "en",
        "Turkish President Recep Tayyip Erdogan met Iraqi leaders on Monday. A Hezbollah "
        "spokesman said the group had fired rockets.",
        "spokesman",
        ["LBNREB"],
    ),
    (
        "es",
        "El primer ministro israelí, Benjamin Netanyahu, dijo que la guerra continuará. "
        "Un alto funcionario de Hamás dijo a la AFP que las negociaciones están estancadas.",
        "funcionario",
        ["PSEREB"],
    ),
    (
        "es",
        "Netanyahu prometió seguir con la ofensiva. Un alto funcionario iraní aseguró que "
        "Teherán responderá a cualquier ataque.",
        "funcionario",
        ["IRNGOV"],
    ),
    (
        "es",
        "Netanyahu habló con la prensa el lunes. Un portavoz, que pidió el anonimato, "
        "dijo que no habrá tregua.",
        "portavoz",
        [],
    ),
    (
        "fr",
        "Le Premier ministre israélien Benjamin Netanyahu a déclaré que la guerre "
        "continuerait. Un haut responsable du Hamas a déclaré à l'AFP que les négociations "
        "étaient bloquées.",
        "responsable",
        ["PSEREB"],
    ),
    (
        "fr",
        "Benjamin Netanyahu a promis de poursuivre l'offensive. Un haut responsable iranien "
        "a affirmé que Téhéran riposterait.",
        "responsable",
        ["IRNGOV"],
    ),
    (
        "fr",
        "Benjamin Netanyahu s'est exprimé lundi. Un porte-parole, qui a requis l'anonymat, "
        "a affirmé qu'aucune trêve n'était prévue.",
        "porte-parole",
        [],
    ),
    (
        "en",
        "Netanyahu vowed to continue. An Israeli military spokesman said troops had entered Rafah.",
        "spokesman",
        ["ISRMIL"],
    ),
    (
        "es",
        "Netanyahu prometió continuar. “Responderemos”, dijo un portavoz de Hezbolá.",
        "portavoz",
        ["LBNREB"],
    ),
    (
        "fr",
        "Netanyahu a promis de continuer. « Nous riposterons », a déclaré un responsable iranien.",
        "responsable",
        ["IRNGOV"],
    ),
]


@pytest.mark.parametrize(("lang", "text", "word", "expected"), INDEFINITE)
def test_indefinite_phrase_is_a_new_referent(
    lang: str, text: str, word: str, expected: list[str]
) -> None:
    actors = resolve(text, lang, "2024-12-02")
    assert codes(actors.for_token(token(text, lang, word))) == expected


# An indefinite title in apposition or after a copula describes the person, not a new one.
PREDICATE = [
    ("en", "Abbas Araghchi, a veteran diplomat, said Iran would respond.", "diplomat"),
    (
        "en",
        "Araghchi met Fidan on Monday. Araghchi is a seasoned diplomat who led nuclear talks.",
        "diplomat",
    ),
    ("es", "Araghchi se reunió con Fidan. Araghchi es un diplomático veterano.", "diplomático"),
]


@pytest.mark.parametrize(("lang", "text", "word"), PREDICATE)
def test_indefinite_predicate_describes_the_person(lang: str, text: str, word: str) -> None:
    refs = resolve(text, lang, "2024-12-02").for_token(token(text, lang, word))
    assert [r.kb_id for r in refs] == ["abbas-araghchi"]


# (language, text, partitive subject word, codes): "one of the X" is some X, asked by its head
PARTITIVE = [
    (
        "en",
        "Netanyahu said the war would go on. One of the Israeli ministers said talks were over.",
        "One",
        ["ISRGOV"],
    ),
    (
        "en",
        "Netanyahu vowed to continue. One of the advisers to the Iranian president said Tehran "
        "would respond.",
        "One",
        ["IRNGOV"],
    ),
    (
        "es",
        "Netanyahu prometió continuar. Uno de los asesores del presidente iraní dijo que "
        "Teherán responderá.",
        "Uno",
        ["IRNGOV"],
    ),
    (
        "fr",
        "Netanyahu a promis de continuer. L'un des conseillers du guide suprême iranien a "
        "affirmé que Téhéran riposterait.",
        "un",
        ["IRNGOV"],
    ),
]


@pytest.mark.parametrize(("lang", "text", "word", "expected"), PARTITIVE)
def test_partitive_subject_is_no_earlier_person(
    lang: str, text: str, word: str, expected: list[str]
) -> None:
    refs = resolve(text, lang, "2024-12-02").for_token(token(text, lang, word))
    assert [(r.code, r.kb_id) for r in refs] == [(code, None) for code in expected]


# A definite title still points back to the person it names (the control of the table above).
DEFINITE = [
    (
        "en",
        "Netanyahu met Hamas mediators in Cairo. The prime minister said talks stalled.",
        "minister",
        "ISRGOV",
    ),
    (
        "es",
        "Netanyahu se reunió con mediadores en El Cairo. El primer ministro dijo que las "
        "negociaciones están estancadas.",
        "ministro",
        "ISRGOV",
    ),
]


@pytest.mark.parametrize(("lang", "text", "word", "code"), DEFINITE)
def test_definite_title_still_corefers(lang: str, text: str, word: str, code: str) -> None:
    refs = resolve(text, lang, "2024-12-02").for_token(token(text, lang, word))
    assert [(r.code, r.kb_id) for r in refs] == [(code, "benjamin-netanyahu")]


# (language, text, pronoun token, n-th, expected kb_id): inverted and attributed pronouns
PRONOUNS = [
    (
        "fr",
        "Le président iranien Massoud Pezeshkian a reçu le ministre turc. "
        "« Nous ne renoncerons pas », a-t-il déclaré.",
        "-il",
        0,
        "masoud-pezeshkian",
    ),
    (
        "fr",
        "Recep Tayyip Erdogan a reçu Massoud Pezeshkian à Ankara. La région, estime-t-il, "
        "doit rester stable.",
        "-il",
        0,
        "recep-tayyip-erdogan",
    ),
    (
        "fr",
        "Sergueï Lavrov a rencontré Maria Zakharova à Moscou. « Les sanctions ne changeront "
        "rien », a-t-elle ajouté.",
        "-elle",
        0,
        "maria-zakharova",
    ),
    (
        "fr",
        "Le président iranien Massoud Pezeshkian a reçu le ministre turc. Selon lui, la "
        "région doit rester stable.",
        "lui",
        0,
        "masoud-pezeshkian",
    ),
    (
        "es",
        "El presidente turco, Recep Tayyip Erdogan, viajó a Bagdad. Según él, la región "
        "necesita estabilidad.",
        "él",
        0,
        "recep-tayyip-erdogan",
    ),
    (
        "en",
        "Turkish President Recep Tayyip Erdogan travelled to Baghdad. According to him, the "
        "region needs stability.",
        "him",
        0,
        "recep-tayyip-erdogan",
    ),
]


@pytest.mark.parametrize(("lang", "text", "word", "nth", "kb_id"), PRONOUNS)
def test_inverted_and_attributed_pronouns(
    lang: str, text: str, word: str, nth: int, kb_id: str
) -> None:
    refs = resolve(text, lang, "2024-12-02").for_token(token(text, lang, word, nth))
    assert [r.kb_id for r in refs] == [kb_id]


# (language, text, verb, n-th, expected kb_ids): verbs whose subject is left out or inverted
IMPLICIT = [
    (
        "es",
        "El presidente turco, Recep Tayyip Erdogan, recibió al ministro iraquí en Ankara. "
        "Añadió que Turquía apoyará la estabilidad de Irak.",
        "Añadió",
        0,
        ["recep-tayyip-erdogan"],
    ),
    (
        "es",
        "Erdogan recibió al ministro iraquí en Ankara. Después, destacó que la cooperación "
        "ha crecido y ha afirmado que seguirá.",
        "destacó",
        0,
        ["recep-tayyip-erdogan"],
    ),
    (
        "es",
        "Erdogan llegó a Bagdad el lunes y dijo que la visita es histórica.",
        "dijo",
        0,
        ["recep-tayyip-erdogan"],
    ),
    # plural and 1st-person verbs are not a left-out singular subject
    (
        "es",
        "Erdogan recibió a los ministros iraquíes. Añadieron que la cooperación crecerá.",
        "Añadieron",
        0,
        [],
    ),
    (
        "es",
        "Erdogan recibió al ministro iraquí. “Queremos la paz”, dijo Erdogan.",
        "Queremos",
        0,
        [],
    ),
    # impersonal "se": the clause is the subject
    (
        "es",
        "Erdogan viajó a Bagdad. Se informó que la reunión fue un éxito.",
        "informó",
        0,
        [],
    ),
    # a verb with its own subject is for_token's business
    (
        "es",
        "Erdogan recibió al ministro iraquí. Irán afirmó que no intervendrá.",
        "afirmó",
        0,
        [],
    ),
    (
        "fr",
        "Le président iranien Massoud Pezeshkian a reçu le ministre turc. "
        "« Nous ne renoncerons pas », a-t-il déclaré.",
        "déclaré",
        0,
        ["masoud-pezeshkian"],
    ),
    (
        "en",
        "Turkish President Recep Tayyip Erdogan arrived in Baghdad and said the visit was "
        "historic.",
        "said",
        0,
        ["recep-tayyip-erdogan"],
    ),
    # English does not leave subjects out: no guess from the previous sentence
    (
        "en",
        "Erdogan arrived in Baghdad. Said to be the first visit in years.",
        "Said",
        0,
        [],
    ),
]


@pytest.mark.parametrize(("lang", "text", "verb", "nth", "expected"), IMPLICIT)
def test_implicit_subject(lang: str, text: str, verb: str, nth: int, expected: list) -> None:
    actors = resolve(text, lang, "2024-12-02")
    refs = actors.implicit_subject(token(text, lang, verb, nth))
    assert [r.kb_id for r in refs] == expected


SAMPLE_VERBS = [("subrayó", 0), ("Afirmó", 0), ("enfatizó", 0), ("indicó", 1), ("Consideró", 0)]


@pytest.mark.parametrize(("verb", "nth"), SAMPLE_VERBS)
def test_implicit_subject_on_sample_004(verb: str, nth: int) -> None:
    text = SAMPLE_004.read_text(encoding="utf-8")
    actors = resolve(text, "es", "2024-11-30")
    refs = actors.implicit_subject(token(text, "es", verb, nth))
    assert [r.kb_id for r in refs] == ["masoud-pezeshkian"]


# (language, text, title word, expected kb_id): a headline title named by the lede
HEADLINES = [
    (
        "en",
        "Turkey will not abandon Iraq, says president\n\nTurkish President Recep Tayyip "
        "Erdogan said on Monday that Ankara would keep supporting Baghdad.",
        "president",
        "recep-tayyip-erdogan",
    ),
    (
        "es",
        "Irán no abandonará a sus aliados, afirma el presidente\n\nEl presidente iraní, Masud "
        "Pezeshkian, dijo el miércoles que Teherán seguirá apoyando a Siria.",
        "presidente",
        "masoud-pezeshkian",
    ),
    (
        "fr",
        "L'Iran n'abandonnera pas ses alliés, affirme le président\n\nMassoud Pezeshkian a "
        "déclaré mercredi que Téhéran continuerait de soutenir la Syrie.",
        "président",
        "masoud-pezeshkian",
    ),
]


@pytest.mark.parametrize(("lang", "text", "word", "kb_id"), HEADLINES)
def test_headline_title_looks_ahead(lang: str, text: str, word: str, kb_id: str) -> None:
    actors = resolve(text, lang, "2024-12-02")
    mention = actors.mentions[actors.token_index[token(text, lang, word).i]]
    assert mention.actor is not None and mention.actor.kb_id == kb_id
    assert mention.how == "title-ahead"


def test_title_deep_in_an_article_does_not_look_ahead() -> None:
    text = (
        "Iraq hosted talks on regional security. Delegations arrived on Sunday. The meeting "
        "lasted hours. Several ministers spoke. Officials declined to comment. The president "
        "did not attend. Turkish President Recep Tayyip Erdogan arrived later."
    )
    actors = resolve(text, "en", "2024-12-02")
    index = actors.token_index[token(text, "en", "president").i]
    assert actors.mentions[index].actor is None
