"""PLOVER practice for unnamed groups, refusals and stranded arguments (events.fallback et al.).

Each case: a news-style sentence, its language, and the event that must be among the coded ones
(category, actor country, recipient country or None when any / no recipient is accepted).
"""

from __future__ import annotations

import pytest
from tests.test_events_cases import code, countries

# (lang, sentence, category, actor country, recipient country)
CASES = [
    # a group subject takes the country named in its own phrase
    ("en", "Thousands of students throughout Kenya staged demonstrations on Tuesday.",
     "PROTEST", "KEN", None),
    ("en", "Farmers from Poland blocked roads to demand higher grain prices.",
     "PROTEST", "POL", None),
    # ... or the country of the event's place
    ("en", "Hundreds of protesters blocked streets in Nairobi on Tuesday.", "PROTEST", "KEN", None),
    ("es", "Cientos de manifestantes bloquearon calles en Nairobi el martes.",
     "PROTEST", "KEN", None),
    ("fr", "Des centaines de manifestants ont bloqué les routes à Nairobi mardi.",
     "PROTEST", "KEN", None),
    # unattributed violence is coded to the place's country
    ("en", "A roadside bombing near Kandahar killed two soldiers on Sunday.",
     "ASSAULT", "AFG", None),
    # a nominal event takes the subject of the verb it is the object of
    ("en", "The opposition leader Raila Odinga staged a hunger strike in Kenya.",
     "PROTEST", "KEN", None),
    # an unnamed target group takes the actor's own country (a domestic act)
    ("en", "The Sudanese government accused rebels of violating the ceasefire.",
     "ACCUSE", "SDN", "SDN"),
    ("en", "Egyptian police arrested dozens of opposition activists on Monday.",
     "COERCE", "EGY", "EGY"),
    # a protest with no target and no place is aimed at the protesters' own country
    ("en", "Algerian teachers began a hunger strike on Monday.", "PROTEST", "DZA", "DZA"),
    # a negated promise is a refusal
    ("en", "Turkey said it would not accept any more refugees from Syria.",
     "REJECT", "TUR", None),
    ("en", "The United States said it would not meet the kidnappers' demands.",
     "REJECT", "USA", None),
    # an announced act on a condition is a threat
    ("en", "Nigeria announced that it will withdraw its troops from Chad unless the rebels "
     "agree to a ceasefire.", "THREATEN", "NGA", "TCD"),
    ("es", "Turquía retirará sus tropas de Siria a menos que Rusia acepte un alto el fuego.",
     "THREATEN", "TUR", None),
    ("fr", "La France retirera ses troupes du Mali à moins que la junte organise des élections.",
     "THREATEN", "FRA", None),
    # a preposition the parser left without its noun still gives the recipient
    ("en", "Peru has granted asylum to five Panamanian army officers holed up in the embassy.",
     "AID", "PER", "PAN"),
    # a noun modifier of the object satisfies the object constraint
    ("en", "The European Union halted aid shipments to Niger.", "SANCTION", None, "NER"),
    # pressure as a request
    ("en", "Iranian authorities have been pressuring workers to cancel the strike.",
     "REQUEST", "IRN", None),
    ("es", "El gobierno de Irán presionó a los trabajadores para que cancelaran la huelga.",
     "REQUEST", "IRN", None),
    # an agentless arrest is by the authorities of the place it happens in
    ("en", "A French journalist was arrested in Iran on Monday.", "COERCE", "IRN", "FRA"),
    ("es", "Un periodista francés fue detenido en Irán el lunes.", "COERCE", "IRN", None),
    # a verb with no subject of its own: the actor layer's implicit subject
    ("en", "Erdogan arrived in Tehran on Monday and met Pezeshkian.", "CONSULT", "TUR", "IRN"),
    ("es", "El canciller iraní Abbas Araghchi llegó a Ankara. Además, criticó duramente a Israel.",
     "ACCUSE", "IRN", "ISR"),
    ("fr", "Le président turc Recep Tayyip Erdogan est arrivé à Téhéran et a rencontré "
     "Massoud Pezeshkian.", "CONSULT", "TUR", "IRN"),
    # arson
    ("en", "Settlers set fire to a mosque in the West Bank on Sunday.", "ASSAULT", None, None),
    ("fr", "Des manifestants ont incendié le siège du parti au pouvoir à Dakar.",
     "ASSAULT", None, None),
    ("es", "Los manifestantes incendiaron la sede del partido en Caracas.", "ASSAULT", None, None),
]


@pytest.mark.parametrize(("lang", "text", "type_", "actor", "recipient"), CASES)
def test_case(lang, text, type_, actor, recipient) -> None:
    events = code(text, lang)
    hits = [e for e in events if e.type == type_ and e.actors
            and (actor is None or actor in countries(e.actors))]
    assert hits, f"{text!r}: no {type_} by {actor}; got " + str(
        [(e.type, sorted(map(str, countries(e.actors))), sorted(map(str, countries(e.recipients))),
          e.rule) for e in events])
    if recipient is not None:
        assert any(recipient in countries(e.recipients) for e in hits), [
            (e.rule, sorted(map(str, countries(e.recipients)))) for e in hits]


@pytest.mark.parametrize(("lang", "text"), [
    # several countries in the group's phrase: which one it belongs to is a guess
    ("en", "Supporters of Kenya and Uganda rallied on Tuesday."),
    # a generic group with no country anywhere is not coded
    ("en", "Hundreds of protesters blocked roads on Tuesday."),
    # a country inside a nominal event's arguments is not where it happens
    ("en", "He faces an investigation of illegal arms sales to Croatia."),
])
def test_unclear_groups_give_no_actor(lang, text) -> None:
    assert not [e for e in code(text, lang) if e.type in {"PROTEST", "ACCUSE"}], [
        (e.type, e.actors) for e in code(text, lang)]
