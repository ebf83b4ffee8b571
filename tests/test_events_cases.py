"""End-to-end event coding on real-style news sentences: spaCy + actor KB + events, en/es/fr.

Each case: the sentence, its language, and the event that must be among the coded ones
(category, actor country, recipient country or None when any / no recipient is accepted).
"""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.analyze.actors.resolve import resolve_actors
from eventwire.analyze.events.coder import extract_events
from eventwire.analyze.nlp import get_nlp
from eventwire.knowledge import load_kb
from eventwire.models import Article, Event

DAY = dt.date(2024, 12, 2)


def code(text: str, lang: str, published: dt.date = DAY) -> list[Event]:
    article = Article(id="t", source="t", raw_text=text, text=text, content_hash="t",
                      published=published, language=lang)
    doc = get_nlp(lang)(text)
    actors = resolve_actors(doc, article, load_kb())
    return extract_events(doc, article, actors, [], lang)


def countries(refs) -> set[str | None]:
    return {r.country for r in refs}


# (lang, sentence, category, actor country, recipient country)
CASES = [
    # AGREE
    ("en", "Iran and Turkey agreed to boost trade cooperation.", "AGREE", "IRN", None),
    ("es", "Irán está dispuesto a profundizar la cooperación con Siria.", "AGREE", "IRN", "SYR"),
    ("fr", "La Russie est prête à coopérer avec la Chine dans le domaine énergétique.",
     "AGREE", "RUS", "CHN"),
    # CONSULT
    ("en", "Iranian Foreign Minister Abbas Araghchi met Turkish Foreign Minister Hakan Fidan "
     "in Ankara on Monday.",
     "CONSULT", "IRN", "TUR"),
    ("en", "Pezeshkian held a phone conversation with Iraqi Prime Minister "
     "Mohammed Shia al-Sudani.",
     "CONSULT", "IRN", "IRQ"),
    ("es", "El presidente de Francia se reunió con el canciller de Alemania en Berlín.",
     "CONSULT", "FRA", "DEU"),
    ("fr", "Le président turc Recep Tayyip Erdogan a rencontré Vladimir Poutine à Sotchi.",
     "CONSULT", "TUR", "RUS"),
    ("fr", "Le ministre iranien des Affaires étrangères s'est entretenu lundi avec son homologue "
     "turc à Ankara.", "CONSULT", "IRN", "TUR"),
    ("es", "El ministro de Exteriores iraní se entrevistó el lunes con su homólogo turco "
     "en Ankara.",
     "CONSULT", "IRN", "TUR"),
    ("fr", "Emmanuel Macron s'est dit prêt à se rendre en Algérie.", "AGREE", "FRA", "DZA"),
    ("en", "The meeting on Syria was held in Astana in the presence of Iran, Russia and Turkey.",
     "CONSULT", "RUS", None),
    ("es", "La reunión se celebró en Astaná con la participación de Irán, Rusia y Turquía.",
     "CONSULT", "TUR", None),
    # SUPPORT
    ("en", "Germany praised Poland for its handling of the refugee crisis.",
     "SUPPORT", "DEU", "POL"),
    ("es", "China respaldó a Venezuela en su disputa con Estados Unidos.", "SUPPORT", "CHN", "VEN"),
    ("fr", "La France soutient l'Ukraine face à l'invasion russe.", "SUPPORT", "FRA", "UKR"),
    # CONCEDE
    ("en", "Myanmar pardoned thousands of prisoners on Monday.", "CONCEDE", "MMR", None),
    ("es", "Cuba levantó las restricciones a los viajes.", "CONCEDE", "CUB", None),
    ("fr", "L'Algérie a levé l'état d'urgence.", "CONCEDE", "DZA", None),
    # COOPERATE
    ("en", "Kenya extradited two suspects to Uganda.", "COOPERATE", "KEN", "UGA"),
    ("es", "Colombia cooperará con Ecuador en la lucha contra el narcotráfico.",
     "AGREE", "COL", "ECU"),
    ("fr", "Le Maroc et l'Espagne ont renforcé leur coopération sécuritaire.",
     "COOPERATE", "MAR", None),
    # AID
    ("en", "Japan sent humanitarian aid to Turkey after the earthquake.", "AID", "JPN", "TUR"),
    ("es", "México envió ayuda humanitaria a Cuba.", "AID", "MEX", "CUB"),
    ("fr", "Le Canada a envoyé de l'aide humanitaire à Haïti.", "AID", "CAN", "HTI"),
    # RETREAT
    ("en", "Israel withdrew its troops from southern Lebanon.", "RETREAT", "ISR", "LBN"),
    ("es", "Rusia retiró sus tropas de la frontera con Ucrania.", "RETREAT", "RUS", None),
    ("fr", "Le Mali a libéré trois otages français.", "RETREAT", "MLI", None),
    # REQUEST
    ("en", "Egypt urged Israel to halt its military operations in Gaza.", "REQUEST", "EGY", "ISR"),
    ("es", "Brasil pidió a Venezuela la liberación de los presos políticos.",
     "REQUEST", "BRA", "VEN"),
    ("fr", "L'Allemagne a exhorté la Russie à cesser les combats.", "REQUEST", "DEU", "RUS"),
    # ACCUSE
    ("en", "Iran, Russia and Turkey condemned Israel's attacks on Syria.", "ACCUSE", "TUR", "ISR"),
    ("es", "Argentina condenó a Venezuela por la represión de las protestas.",
     "ACCUSE", "ARG", "VEN"),
    ("fr", "La France a condamné la Russie après les frappes sur Kiev.", "ACCUSE", "FRA", "RUS"),
    # REJECT
    ("en", "Hungary rejected the European Commission's migration proposal.", "REJECT", "HUN", None),
    ("es", "Bolivia rechazó la propuesta de Chile.", "REJECT", "BOL", "CHL"),
    ("fr", "L'Iran a rejeté les accusations des États-Unis.", "REJECT", "IRN", "USA"),
    # THREATEN
    ("en", "North Korea threatened to attack South Korea.", "THREATEN", "PRK", "KOR"),
    ("es", "Rusia amenazó a Ucrania con nuevos ataques.", "THREATEN", "RUS", "UKR"),
    ("fr", "La Chine a menacé Taïwan.", "THREATEN", "CHN", "TWN"),
    # PROTEST
    # an agentless protest noun as its clause's subject: the people of the place
    ("en", "Protests erupted in Tehran on Monday.", "PROTEST", "IRN", "IRN"),
    ("en", "Mass demonstrations broke out across Iran.", "PROTEST", "IRN", "IRN"),
    ("es", "Las manifestaciones continuaron por sexto día en El Cairo.", "PROTEST", "EGY", "EGY"),
    ("fr", "Des manifestations ont éclaté lundi à Dakar.", "PROTEST", "SEN", "SEN"),
    ("fr", "Les manifestations se poursuivent à Conakry.", "PROTEST", "GIN", "GIN"),
    ("en", "Thousands of Kenyan protesters demonstrated against the government in Nairobi.",
     "PROTEST",
     "KEN", None),
    ("es", "Miles de venezolanos protestaron contra el gobierno en Caracas.",
     "PROTEST", "VEN", None),
    ("fr", "Des milliers d'Iraniens ont manifesté contre le gouvernement à Téhéran.",
     "PROTEST", "IRN", None),
    ("en", "Thousands of Nigerians converged on Lagos for a rally against the government.",
     "PROTEST", "NGA", None),
    ("es", "Miles de chilenos participaron en una marcha contra el gobierno en Santiago.",
     "PROTEST", "CHL", None),
    ("fr", "Des milliers d'Algériens ont participé à une manifestation contre le pouvoir à Alger.",
     "PROTEST", "DZA", None),
    # SANCTION
    ("en", "The United States imposed sanctions on Iran.", "SANCTION", "USA", "IRN"),
    ("es", "Francia expulsó a dos diplomáticos rusos.", "SANCTION", "FRA", "RUS"),
    ("fr", "L'Algérie a rappelé son ambassadeur en France.", "SANCTION", "DZA", None),
    # "llamar a consultas" recalls an envoy; it is no call on anyone
    ("es", "España llamó a consultas a su embajadora en Buenos Aires.", "SANCTION", "ESP", "ARG"),
    # MOBILIZE
    ("en", "Russia deployed thousands of troops to the border with Ukraine.",
     "MOBILIZE", "RUS", "UKR"),
    ("es", "Venezuela desplegó tropas en la frontera con Guyana.", "MOBILIZE", "VEN", None),
    ("fr", "La Chine a déployé des navires près de Taïwan.", "MOBILIZE", "CHN", None),
    # COERCE
    ("en", "Iranian police arrested dozens of protesters in Tehran.", "COERCE", "IRN", None),
    # states of emergency and martial law (CAMEO 1724)
    ("en", "The Peruvian government declared a state of emergency in Lima.", "COERCE", "PER",
     "PER"),
    ("en", "Myanmar's junta imposed martial law in Yangon.", "COERCE", "MMR", "MMR"),
    ("es", "Ecuador decretó el estado de excepción en Guayaquil.", "COERCE", "ECU", "ECU"),
    ("fr", "Le gouvernement nigérien a décrété l'état d'urgence à Niamey.", "COERCE", "NER",
     "NER"),
    # custody idioms: the noun under the verb's preposition carries the act, the verb's
    # object (or passive subject) undergoes it
    ("en", "Opposition leaders were placed under house arrest in Minsk.", "COERCE", "BLR", "BLR"),
    ("en", "The court sent two Iranian journalists to prison on Monday.", "COERCE", "IRN", "IRN"),
    ("es", "La policía peruana puso bajo custodia a diez manifestantes.", "COERCE", "PER", "PER"),
    ("es", "El opositor fue puesto bajo arresto domiciliario en Caracas.", "COERCE", "VEN",
     "VEN"),
    ("es", "Un juez dictó prisión preventiva contra el exalcalde de Quito.", "COERCE", "ECU",
     "ECU"),
    ("fr", "Le ministre a été mis en examen pour corruption à Paris.", "COERCE", "FRA", "FRA"),
    ("fr", "Trois militants algériens ont été jetés en prison mardi.", "COERCE", "DZA", "DZA"),
    # relatives and former officials are domestic targets too
    ("es", "Los hijos del presidente egipcio también habían sido arrestados en El Cairo.",
     "COERCE", "EGY", "EGY"),
    ("en", "The son of the former Iraqi president was detained in Baghdad.", "COERCE", "IRQ",
     "IRQ"),
    ("es", "La policía venezolana detuvo a treinta manifestantes en Caracas.",
     "COERCE", "VEN", None),
    ("fr", "La police turque a arrêté des dizaines de manifestants à Istanbul.",
     "COERCE", "TUR", None),
    ("es", "Treinta manifestantes fueron detenidos por la policía venezolana en Caracas.",
     "COERCE", "VEN", None),
    ("fr", "Trente manifestants ont été arrêtés par la police turque à Istanbul.",
     "COERCE", "TUR", None),
    # ASSAULT
    ("en", "Around 320 terrorists were killed by Syrian government forces near Aleppo.",
     "ASSAULT", "SYR", None),
    ("es", "Israel bombardeó Gaza durante la noche.", "ASSAULT", "ISR", None),
    ("fr", "L'armée israélienne a bombardé le sud du Liban.", "ASSAULT", "ISR", "LBN"),
]


@pytest.mark.parametrize(("lang", "text", "type_", "actor", "recipient"), CASES)
def test_case(lang, text, type_, actor, recipient) -> None:
    events = code(text, lang)
    hits = [e for e in events if e.type == type_ and actor in countries(e.actors)]
    assert hits, f"{text!r}: no {type_} by {actor}; got " + str(
        [(e.type, sorted(map(str, countries(e.actors))), sorted(map(str, countries(e.recipients))),
          e.rule) for e in events])
    if recipient is not None:
        assert any(recipient in countries(e.recipients) for e in hits), [
            (e.rule, sorted(map(str, countries(e.recipients)))) for e in hits]


def test_cases_cover_every_category_in_every_language() -> None:
    covered = {(lang, t) for lang, _, t, _, _ in CASES}
    for lang in ("en", "es", "fr"):
        assert {t for la, t in covered if la == lang} >= {
            "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "AID", "RETREAT", "REQUEST", "ACCUSE",
            "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Israel did not attack Iran on Sunday."),
    ("es", "Israel no atacó Irán el domingo."),
    ("fr", "Israël n'a pas attaqué l'Iran dimanche."),
])
def test_negated_events_are_flagged(lang, text) -> None:
    events = [e for e in code(text, lang) if e.type == "ASSAULT"]
    assert events and all(e.negated for e in events)


def test_future_cooperation_is_agree_and_flagged() -> None:
    events = code("Iran and Iraq will hold talks in Baghdad next week.", "en")
    agree = [e for e in events if e.type == "AGREE"]
    assert agree and agree[0].future and "future->AGREE" in agree[0].rule


def test_event_carries_evidence_offsets_score_and_cameo() -> None:
    text = ("Pezeshkian said on Thursday. "
            "Egypt urged Israel to halt its military operations in Gaza.")
    (event,) = [e for e in code(text, "en") if e.type == "REQUEST"]
    assert text[event.start:event.end].strip() == event.evidence.strip()
    assert text[event.trigger_start:event.trigger_end] == "urged"
    assert event.score == -1 and event.cameo == "1056" and event.mode == "yield"
    assert 0 < event.confidence <= 1 and event.rule.startswith("urge")


def test_relative_day_gives_the_event_date() -> None:
    text = "Pezeshkian met Erdogan on Thursday in Cairo."
    (event,) = [e for e in code(text, "en", dt.date(2024, 12, 20)) if e.type == "CONSULT"]
    assert event.date == dt.date(2024, 12, 19) and event.date_source == "text"


@pytest.mark.parametrize(("lang", "text", "speaker_country"), [
    ("en", "Iranian President Masoud Pezeshkian spoke on Saturday. \"Such incidents are part of "
     "vicious plots by the Zionist regime to spread insecurity,\" Pezeshkian said.", "IRN"),
    ("en", "Iraqi Prime Minister Mohammed Shia al-Sudani said that the latest terrorist activities "
     "in Syria are an attempt by the Israeli regime to cause harm to Syria.", "IRQ"),
])
def test_speech_event_agrees_with_its_quote(lang, text, speaker_country) -> None:
    """An accusation coded from a quote carries its index, and its actor is the quote's speaker."""
    from eventwire.evaluate.common import analyze_text
    from eventwire.settings import Settings

    _, analysis = analyze_text(text, source="t", settings=Settings(), language=lang,
                               published=DAY)
    accuse = [e for e in analysis.events if e.type == "ACCUSE"]
    assert accuse, [(e.type, e.rule) for e in analysis.events]
    event = accuse[0]
    assert "ISR" in countries(event.recipients)
    assert event.actors[0].country == speaker_country
    assert event.quote_index is not None, analysis.quotes
    quote = analysis.quotes[event.quote_index]
    assert quote.speaker is not None and quote.speaker.country == speaker_country


@pytest.mark.parametrize(("lang", "text", "type_", "context"), [
    ("en", "Japan sent humanitarian aid to Turkey after the earthquake.", "AID", "humanitarian"),
    ("es", "Irán y Turquía acordaron impulsar el comercio bilateral.", "AGREE", "economic"),
    ("fr", "La Russie a déployé des troupes et des missiles près de la frontière.",
     "MOBILIZE", "military"),
])
def test_context(lang, text, type_, context) -> None:
    events = [e for e in code(text, lang) if e.type == type_]
    assert events and context in events[0].context, [(e.type, e.context) for e in code(text, lang)]


@pytest.mark.parametrize(("lang", "text"), [
    ("en", ""),
    ("en", "..."),
    ("es", "“”"),
    ("fr", "Le. La. Les."),
    ("en", "He said that they said that we said " * 40),
    ("es", "Irán, Irak, Siria, Turquía, Rusia y China " * 20 + "condenaron el ataque."),
])
def test_odd_input_codes_without_error(lang, text) -> None:
    events = code(text, lang)
    for e in events:
        assert e.actors and 0 <= e.start <= e.end <= len(text)


@pytest.mark.parametrize(("lang", "text", "type_", "actor", "recipient"), [
    ("en", "The European Union agreed to suspend aid to Niger.", "SANCTION", None, "NER"),
    ("fr", "L'Union européenne a décidé de suspendre son aide à la Tunisie.", "SANCTION", None,
     "TUN"),
    ("en", "North Korea vowed to attack South Korea.", "THREATEN", "PRK", "KOR"),
    ("es", "El gobierno de Nicaragua expulsó al embajador de España.", "SANCTION", "NIC", "ESP"),
])
def test_decisions_are_acts_and_vows_are_threats(lang, text, type_, actor, recipient) -> None:
    events = code(text, lang)
    assert [e.type for e in events] == [type_], [(e.type, e.rule) for e in events]
    assert actor in countries(events[0].actors) and recipient in countries(events[0].recipients)


def test_one_happening_keeps_the_mode_a_mention_gives() -> None:
    text = ("Russian Foreign Minister Sergei Lavrov and Araghchi discussed bilateral ties "
            "in a phone call on Tuesday.")
    (event,) = [e for e in code(text, "en") if e.type == "CONSULT"]
    assert event.mode == "phone" and event.cameo == "041"
    assert countries(event.actors) == {"RUS", "IRN"}


@pytest.mark.parametrize(("lang", "text", "actor"), [
    ("en", "Erdogan vowed to continue military operations against Kurdish militants in Syria.",
     "TUR"),
    ("fr", "Le président turc a promis de poursuivre les opérations militaires en Syrie.", "TUR"),
])
def test_vowed_military_operations_are_threats(lang, text, actor) -> None:
    threats = [e for e in code(text, lang) if e.type == "THREATEN"]
    assert threats and actor in countries(threats[0].actors) and threats[0].mode == "violence"


@pytest.mark.parametrize(("lang", "text"), [
    # the protest the first sentence codes, mentioned again: one event
    ("en", "Thousands of Iranians rallied against the United States in Tehran on Friday. "
     "The protest ended peacefully."),
    ("fr", "Des milliers d'Iraniens ont manifesté vendredi contre les États-Unis à Téhéran. "
     "De telles manifestations se déroulent chaque année."),
])
def test_an_agentless_mention_of_a_coded_protest_is_no_new_event(lang, text) -> None:
    protests = [e for e in code(text, lang) if e.type == "PROTEST"]
    assert len(protests) == 1 and countries(protests[0].recipients) == {"USA"}, [
        (e.trigger, e.rule, countries(e.recipients)) for e in protests]


@pytest.mark.parametrize(("lang", "text"), [
    # the condemned act is not the condemner's
    ("en", "Mexico condemned the raid on its embassy in Quito."),
    ("es", "México condenó el asalto a su embajada en Quito."),
    ("fr", "Le Mexique a condamné l'assaut contre son ambassade à Quito."),
])
def test_a_condemned_attack_is_not_the_condemners(lang, text) -> None:
    events = code(text, lang)
    assert [countries(e.recipients) for e in events if e.type == "ACCUSE"] == [{"ECU"}]
    assert not [e for e in events if e.type == "ASSAULT" and "MEX" in countries(e.actors)]


@pytest.mark.parametrize(("lang", "text", "published", "trigger", "date"), [
    # the time of the clause an infinitive or relative clause depends on
    ("es", "El martes 14 de febrero, miles de bahreiníes salieron a protestar contra el "
     "Gobierno en Manama.", "2012-02-21", "protestar", "2012-02-14"),
    ("fr", "Le 3 mars, la police a décidé d'arrêter trois militants algériens à Oran.",
     "2025-03-05", "arrêter", "2025-03-03"),
    # a reported clause keeps its own time: the saying was on Tuesday, not the attack
    ("en", "Egypt's foreign minister said on Tuesday that Israeli forces attacked Rafah.",
     "2024-05-09", "attacked", "2024-05-09"),
])
def test_an_embedded_act_takes_its_governing_clauses_date(lang, text, published, trigger,
                                                          date) -> None:
    events = [e for e in code(text, lang, dt.date.fromisoformat(published))
              if e.trigger == trigger]
    assert events and events[0].date.isoformat() == date, [(e.trigger, e.date) for e in events]
