"""Table of real-style sentences in en/es/fr: (language, sentence, article date, span, code)."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.analyze.actors.resolve import ArticleActors, resolve_actors
from eventwire.analyze.nlp import get_nlp
from eventwire.knowledge import build_kb, load_kb
from eventwire.models import Article


def resolve(text: str, lang: str = "en", day: str | None = None, kb=None) -> ArticleActors:
    published = dt.date.fromisoformat(day) if day else None
    article = Article(
        id="t",
        source="t",
        raw_text=text,
        text=text,
        content_hash="",
        published=published,
        language=lang,
    )
    return resolve_actors(get_nlp(lang)(text), article, kb or load_kb())


def code_of(actors: ArticleActors, span: str) -> str | None:
    found = [m for m in actors.mentions if m.text == span]
    assert found, f"no mention {span!r} in {[m.text for m in actors.mentions]}"
    return found[0].actor.code if found[0].actor else None


CASES = [
    # English
    (
        "en",
        "Iranian Foreign Minister Abbas Araghchi arrived in Ankara.",
        "2024-12-02",
        "Abbas Araghchi",
        "IRNGOV",
    ),
    (
        "en",
        "Syrian President Bashar al-Assad met the UN envoy in Damascus.",
        "2024-11-01",
        "Bashar al-Assad",
        "SYRGOV",
    ),
    (
        "en",
        "Bashar al-Assad fled to Moscow with his family.",
        "2024-12-20",
        "Bashar al-Assad",
        "SYR",
    ),
    (
        "en",
        "Tehran said the attack was a violation of international law.",
        "2024-06-01",
        "Tehran",
        "IRNGOV",
    ),
    ("en", "Ankara condemned the move on Friday.", "2024-06-01", "Ankara", "TURGOV"),
    ("en", "The Zionist regime bombed a school in Gaza.", "2024-06-01", "Zionist regime", "ISR"),
    ("en", "Hezbollah fired rockets at northern Israel.", "2024-06-01", "Hezbollah", "LBNREB"),
    ("en", "Ebrahim Raisi visited Beijing for talks.", "2023-02-14", "Ebrahim Raisi", "IRNGOV"),
    ("en", "Crowds mourned Ebrahim Raisi in Mashhad.", "2024-05-23", "Ebrahim Raisi", "IRN"),
    ("en", "Israeli troops entered Jenin overnight.", "2024-06-01", "Israeli troops", "ISRMIL"),
    ("en", "Russian forces shelled Kharkiv again.", "2024-06-01", "Russian forces", "RUSMIL"),
    (
        "en",
        "The Turkish president spoke to reporters.",
        "2024-12-01",
        "Turkish president",
        "TURGOV",
    ),
    ("en", "The IAEA said Iran had enriched more uranium.", "2024-06-01", "IAEA", "IGOIAEA"),
    ("en", "Kenyan police arrested dozens of protesters.", "2024-06-25", "Kenyan police", "KENCOP"),
    (
        "en",
        "The Saudi foreign minister called for calm.",
        "2024-10-01",
        "Saudi foreign minister",
        "SAUGOV",
    ),
    (
        "en",
        "Egyptian President Abdel Fattah el-Sisi received the delegation.",
        "2024-02-06",
        "Abdel Fattah el-Sisi",
        "EGYGOV",
    ),
    (
        "en",
        "Houthi rebels attacked a ship in the Red Sea.",
        "2024-01-10",
        "Houthi rebels",
        "YEMREB",
    ),
    ("en", "NATO allies pledged more air defence.", "2024-07-10", "NATO", "IGONAT"),
    ("en", "The Kremlin rejected the proposal.", "2024-07-10", "Kremlin", "RUSGOV"),
    ("en", "Hassan Rouhani criticised the negotiators.", "2022-01-01", "Hassan Rouhani", "IRN"),
    (
        "en",
        "Ahmed al-Sharaa met the delegation in Damascus.",
        "2025-03-01",
        "Ahmed al-Sharaa",
        "SYRGOV",
    ),
    (
        "en",
        "Abu Mohammed al-Jolani addressed his fighters.",
        "2023-03-01",
        "Abu Mohammed al-Jolani",
        "SYRREB",
    ),
    (
        "en",
        "Mevlut Cavusoglu met his Greek counterpart.",
        "2022-06-01",
        "Mevlut Cavusoglu",
        "TURGOV",
    ),
    # Spanish
    (
        "es",
        "El canciller iraní, Abbas Araqchi, llegó a Damasco.",
        "2024-12-01",
        "Abbas Araqchi",
        "IRNGOV",
    ),
    (
        "es",
        "El presidente turco, Recep Tayyip Erdoğan, recibió a Putin.",
        "2024-12-01",
        "Recep Tayyip Erdoğan",
        "TURGOV",
    ),
    ("es", "Teherán rechazó las acusaciones de Washington.", "2024-06-01", "Teherán", "IRNGOV"),
    ("es", "El régimen sionista atacó el sur del Líbano.", "2024-06-01", "régimen sionista", "ISR"),
    ("es", "Las fuerzas israelíes bombardearon Gaza.", "2024-06-01", "fuerzas israelíes", "ISRMIL"),
    ("es", "Hezbolá lanzó cohetes contra Israel.", "2024-06-01", "Hezbolá", "LBNREB"),
    (
        "es",
        "El primer ministro iraquí recibió al enviado.",
        "2024-12-01",
        "primer ministro iraquí",
        "IRQGOV",
    ),
    ("es", "Los rebeldes sirios tomaron Alepo.", "2024-11-30", "rebeldes sirios", "SYRREB"),
    # French
    (
        "fr",
        "Le président syrien Bachar al-Assad a reçu l'émissaire.",
        "2024-11-01",
        "Bachar al-Assad",
        "SYRGOV",
    ),
    ("fr", "Téhéran a dénoncé une agression.", "2024-06-01", "Téhéran", "IRNGOV"),
    ("fr", "L'armée israélienne a frappé Beyrouth.", "2024-06-01", "armée israélienne", "ISRMIL"),
    ("fr", "Les rebelles syriens ont pris Alep.", "2024-11-30", "rebelles syriens", "SYRREB"),
    ("fr", "Moscou a condamné les frappes.", "2024-06-01", "Moscou", "RUSGOV"),
    (
        "fr",
        "Le chef de la diplomatie turque Hakan Fidan est arrivé.",
        "2024-01-01",
        "Hakan Fidan",
        "TURGOV",
    ),
    ("fr", "Le régime sioniste a bombardé Gaza.", "2024-06-01", "régime sioniste", "ISR"),
]


@pytest.mark.parametrize(
    ("lang", "text", "day", "span", "code"), CASES, ids=[f"{c[0]}-{c[3]}" for c in CASES]
)
def test_resolves(lang: str, text: str, day: str, span: str, code: str) -> None:
    assert code_of(resolve(text, lang, day), span) == code


ASSAD = [
    ("2024-12-07", "SYRGOV"),
    ("2024-12-08", "SYR"),
    ("2025-02-01", "SYR"),
    ("2010-01-01", "SYRGOV"),
]


@pytest.mark.parametrize(("day", "code"), ASSAD)
def test_assad_is_government_only_until_2024_12_08(day: str, code: str) -> None:
    assert (
        code_of(resolve("Bashar al-Assad spoke on television.", "en", day), "Bashar al-Assad")
        == code
    )


ROLE_HOLDERS = [
    (
        "The Iranian president arrived in Baku.",
        "2024-06-01",
        "Iranian president",
        "mohammad-mokhber",
    ),
    (
        "The Iranian president arrived in Baku.",
        "2024-09-01",
        "Iranian president",
        "masoud-pezeshkian",
    ),
    ("The Iranian president arrived in Baku.", "2023-09-01", "Iranian president", "ebrahim-raisi"),
    (
        "The Israeli foreign minister arrived.",
        "2024-12-01",
        "Israeli foreign minister",
        "gideon-saar",
    ),
    (
        "The Syrian foreign minister arrived.",
        "2024-10-01",
        "Syrian foreign minister",
        "bassam-al-sabbagh",
    ),
    (
        "The Syrian foreign minister arrived.",
        "2024-06-01",
        "Syrian foreign minister",
        "faisal-mekdad",
    ),
]


@pytest.mark.parametrize(("text", "day", "span", "kb_id"), ROLE_HOLDERS)
def test_titles_resolve_to_the_office_holder_on_the_article_date(text, day, span, kb_id) -> None:
    found = [m for m in resolve(text, "en", day).mentions if m.text == span]
    assert found and found[0].actor.kb_id == kb_id


def test_for_token_expands_conjunctions() -> None:
    actors = resolve("Iran, Russia and Turkey condemned the attack.", "en", "2024-11-30")
    subject = actors.mentions[0]
    doc = get_nlp("en")("Iran, Russia and Turkey condemned the attack.")
    token = doc.char_span(subject.start, subject.end)[0]
    assert [r.code for r in actors.for_token(token)] == ["IRN", "RUS", "TUR"]


def test_for_token_of_an_event_noun_gives_its_possessor() -> None:
    text = "Officials condemned Israel's attacks on Syria."
    doc = get_nlp("en")(text)
    actors = resolve(text, "en", "2024-12-10")
    attacks = next(t for t in doc if t.text == "attacks")
    assert [r.code for r in actors.for_token(attacks)] == ["ISR"]


def test_for_span_returns_the_actors_inside() -> None:
    text = "Iranian Foreign Minister Abbas Araghchi met Hakan Fidan in Ankara."
    actors = resolve(text, "en", "2024-12-02")
    assert [r.kb_id for r in actors.for_span(0, text.index(" met"))] == ["abbas-araghchi"]


def test_unknown_titled_person_is_learned_and_reused() -> None:
    kb = build_kb()  # a private KB: learning must not leak into other tests
    first = resolve(
        "Kenyan Foreign Minister Musalia Mudavadi said talks would resume. "
        "Mudavadi added that Nairobi was ready.",
        "en",
        "2024-11-01",
        kb=kb,
    )
    learned = first.learned
    assert [e.kb_id for e in learned] == ["learned:musalia-mudavadi"]
    assert learned[0].evidence["text"] == "Kenyan Foreign Minister Musalia Mudavadi"
    mentions = [m for m in first.mentions if "Mudavadi" in m.text]
    assert {m.actor.kb_id for m in mentions} == {"learned:musalia-mudavadi"}
    assert {m.actor.code for m in mentions} == {"KENGOV"}
    assert load_kb().get("learned:musalia-mudavadi") is None
    kb.add_learned(learned[0])
    later = resolve("Musalia Mudavadi met the envoy.", "en", "2024-11-05", kb=kb)
    assert code_of(later, "Musalia Mudavadi") == "KENGOV"
    assert later.mentions[0].actor.kb_id == "learned:musalia-mudavadi"


MORE = [
    (
        "fr",
        "Le ministre kényan des Affaires étrangères est arrivé à Paris.",
        "2024-12-01",
        "ministre kényan des Affaires étrangères",
        "KENGOV",
    ),
    (
        "en",
        "Kenyan Trade Minister Salim Mvurya spoke to reporters.",
        "2024-12-01",
        "Salim Mvurya",
        "KENGOV",
    ),
    (
        "es",
        "El ministro de Exteriores de Kenia, Musalia Mudavadi, llegó a Nairobi.",
        "2024-12-01",
        "Musalia Mudavadi",
        "KENGOV",
    ),
    (
        "en",
        "Iranian Foreign Ministry spokesman Esmaeil Baghaei spoke on Monday.",
        "2024-12-01",
        "Esmaeil Baghaei",
        "IRNGOV",
    ),
    ("en", "The Iranian side said it was ready.", "2024-12-01", "Iranian side", "IRNGOV"),
    ("en", "Russian jets struck Idlib overnight.", "2024-12-01", "Russian jets", "RUSMIL"),
    (
        "fr",
        "Le porte-parole de la diplomatie iranienne, Esmaïl Baghaï, a dénoncé une ingérence.",
        "2024-12-01",
        "Esmaïl Baghaï",
        "IRNGOV",
    ),
    (
        "es",
        "Las autoridades iraníes convocaron al embajador británico.",
        "2024-12-01",
        "embajador británico",
        "GBRGOV",
    ),
    ("en", "President Bush said no.", "2003-01-01", "Bush", "USA"),
]


@pytest.mark.parametrize(
    ("lang", "text", "day", "span", "code"), MORE, ids=[f"{c[0]}-{c[3]}" for c in MORE]
)
def test_titles_portfolios_and_appositions(lang, text, day, span, code) -> None:
    assert (code_of(resolve(text, lang, day), span) or "").startswith(code)


def test_capital_inside_a_newspaper_name_is_not_an_actor() -> None:
    actors = resolve(
        "He told the Washington Post that Washington would respond.", "en", "2024-12-01"
    )
    assert [m.actor.code for m in actors.mentions if m.text == "Washington"] == ["USAGOV"]
    assert not any(m.text == "Washington" and m.start < 20 for m in actors.mentions)


GROUPS = [
    (
        "en",
        "The foreign ministers of Iran, Russia and Turkey met in Doha.",
        "2024-12-01",
        "foreign ministers of Iran, Russia and Turkey",
        {"abbas-araghchi", "sergey-lavrov", "hakan-fidan"},
    ),
    (
        "es",
        "Los cancilleres de Irán y Turquía se reunieron en Ankara.",
        None,
        "cancilleres de Irán y Turquía",
        {"abbas-araghchi", "hakan-fidan"},
    ),
    (
        "en",
        "Iranian and Turkish presidents met in Cairo.",
        "2024-12-19",
        "Iranian and Turkish presidents",
        {"masoud-pezeshkian", "recep-tayyip-erdogan"},
    ),
    (
        "es",
        "El presidente ruso, Vladímir Putin, se reunió con su homólogo turco. Ambos mandatarios"
        " discutieron sobre Siria.",
        "2024-12-01",
        "Ambos mandatarios",
        {"vladimir-putin", "recep-tayyip-erdogan"},
    ),
]


@pytest.mark.parametrize(
    ("lang", "text", "day", "span", "kb_ids"), GROUPS, ids=[g[3] for g in GROUPS]
)
def test_plural_titles_and_pairs_name_each_office_holder(lang, text, day, span, kb_ids) -> None:
    actors = resolve(text, lang, day)
    index = next(i for i, m in enumerate(actors.mentions) if m.text == span)
    assert {r.kb_id for r in actors.refs_of(index)} == kb_ids


def test_unknown_counterpart_is_learned_with_the_other_party_office() -> None:
    actors = resolve(
        "Abbas Araghchi met his Kenyan counterpart Musalia Mudavadi in Nairobi.", "en", "2024-12-01"
    )
    (learned,) = actors.learned
    assert (learned.roles[0].title, learned.roles[0].full_code) == ("foreign_minister", "KENGOV")
    assert learned.evidence["text"] == "Kenyan counterpart Musalia Mudavadi"


def test_counterpart_takes_the_title_of_the_other_party() -> None:
    actors = resolve(
        "Le président turc Recep Tayyip Erdogan a reçu son homologue iranien.", "fr", "2024-12-01"
    )
    found = [m for m in actors.mentions if m.text == "homologue iranien"]
    assert found[0].actor.kb_id == "masoud-pezeshkian"


SCENES = [
    ("en", "Police arrested 20 protesters in Paris on Monday.", "Police", "FRACOP"),
    ("en", "Police arrested 20 protesters in Paris on Monday.", "protesters", "FRACVL"),
    ("fr", "Les rebelles ont pris Alep, Idleb et Hama.", "rebelles", "SYRREB"),
    (
        "es",
        "Los terroristas atacaron las ciudades de Alepo, Idlib y Hama.",
        "terroristas",
        "SYRREB",
    ),
    ("en", "Help the refugees in Gaza.", "refugees", "PSEREF"),
]


@pytest.mark.parametrize(("lang", "text", "span", "code"), SCENES)
def test_groups_take_the_country_of_the_scene(lang, text, span, code) -> None:
    assert code_of(resolve(text, lang, "2024-12-01"), span) == code


def test_a_town_the_spanish_model_calls_a_person_is_no_person() -> None:
    actors = resolve("Los rebeldes entraron en Alepo, Idlib y Hama.", "es", "2024-12-01")
    assert not [m for m in actors.mentions if m.label == "PERSON"]


def test_a_country_opening_a_person_name_is_part_of_the_name() -> None:
    actors = resolve(
        "Jordan Peterson criticised the plan, while Jordan rejected it.", "en", "2024-12-01"
    )
    assert [(m.text, m.actor.code if m.actor else None) for m in actors.mentions] == [
        ("Jordan Peterson", None),
        ("Jordan", "JOR"),
    ]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Russian-made rockets hit the town.", []),
        ("The pro-Iranian militia fired.", []),
        ("The US-led coalition struck.", ["USA"]),
        ("President Obama met the envoy.", ["USA"]),
    ],
)
def test_nationality_in_compounds_and_surnames(text: str, kept: list[str]) -> None:
    actors = resolve(text, "en", "2010-06-01")
    assert [m.actor.country for m in actors.mentions if m.actor] == kept


OF_COUNTRY = [
    (
        "fr",
        "Le ministre des Affaires étrangères de la Syrie est arrivé à Téhéran.",
        "ministre des Affaires étrangères de la Syrie",
        "bassam-al-sabbagh",
    ),
    (
        "en",
        "The Foreign Minister of Syria arrived in Tehran.",
        "Foreign Minister of Syria",
        "bassam-al-sabbagh",
    ),
    (
        "es",
        "El ministro de Relaciones Exteriores de Siria llegó a Teherán.",
        "ministro de Relaciones Exteriores de Siria",
        "bassam-al-sabbagh",
    ),
    (
        "fr",
        "Le président de l'Iran a reçu une délégation.",
        "président de l'Iran",
        "masoud-pezeshkian",
    ),
]


@pytest.mark.parametrize(("lang", "text", "span", "kb_id"), OF_COUNTRY)
def test_of_country_gives_the_title_its_country(lang, text, span, kb_id) -> None:
    found = [m for m in resolve(text, lang, "2024-10-01").mentions if m.text == span]
    assert found and found[0].actor.kb_id == kb_id


ORIGIN = [
    # "from <country>" qualifies the noun only when the parser attaches it to the noun
    ("Soldiers from Turkey shelled Kurdish positions in Syria.", "Soldiers", "TURMIL"),
    ("Lawmakers from the United States visited Taiwan.", "Lawmakers", "USALEG"),
    ("Officials from Iran met Iraqi officials in Baghdad.", "Officials", "IRNGOV"),
    ("Russia withdrew its troops from Syria on Monday.", "troops", None),
    # spelling variants and parts of a country that name another one
    ("Ecuadorean troops clashed with Peruvian soldiers.", "Ecuadorean troops", "ECUMIL"),
    ("Police in Northern Ireland arrested two men.", "Northern Ireland", "GBR"),
]


@pytest.mark.parametrize(("text", "span", "code"), ORIGIN)
def test_from_country_qualifies_a_group_it_follows(text, span, code) -> None:
    found = [m for m in resolve(text, "en", "2024-10-01").mentions if m.text.startswith(span)]
    coded = found[0].actor.code if found and found[0].actor else None
    assert coded == code or (code is None and not (coded or "").startswith("SYR"))


PRONOUNS = [
    (
        "en",
        "Russian spokeswoman Maria Zakharova criticised Antony Blinken. She said he was lying.",
        ["maria-zakharova", "antony-blinken"],
    ),
    ("en", "Kamala Harris met Antony Blinken. He said the talks went well.", ["antony-blinken"]),
    (
        "es",
        "Kamala Harris recibió a Antony Blinken. Ella dijo que la reunión fue buena.",
        ["kamala-harris"],
    ),
    (
        "fr",
        "Antony Blinken a rencontré Kamala Harris. Elle a dit que la réunion était utile.",
        ["kamala-harris"],
    ),
]


@pytest.mark.parametrize(("lang", "text", "kb_ids"), PRONOUNS)
def test_pronouns_agree_in_gender_when_known(lang: str, text: str, kb_ids: list[str]) -> None:
    actors = resolve(text, lang, "2024-06-01")
    assert [m.actor.kb_id for m in actors.mentions if m.label == "PRON"] == kb_ids


NEUTER = [
    ("Iran said it would respond to any aggression.", ["IRN"]),
    ("Hamas announced that it had accepted the deal.", ["PSEREB"]),
    ("Hezbollah fired rockets at Israel. It said the attack was a response.", ["LBNREB"]),
    ("The meeting was held in Cairo. It lasted two hours.", []),
    ("Pezeshkian said it was important.", []),
]


@pytest.mark.parametrize(("text", "codes"), NEUTER)
def test_it_refers_to_a_state_or_organisation_that_spoke(text: str, codes: list[str]) -> None:
    actors = resolve(text, "en", "2024-12-01")
    assert [m.actor.code for m in actors.mentions if m.label == "PRON"] == codes


def test_lower_case_common_noun_is_not_a_capitalised_name() -> None:
    actors = resolve("Elle a dit que la réunion était utile.", "fr", "2024-06-01")
    assert [m.text for m in actors.mentions if m.actor] == []


def test_unresolved_common_words_are_not_mentions() -> None:
    actors = resolve("The side said the media and the officials agreed.", "en", "2024-12-01")
    assert actors.mentions == []
