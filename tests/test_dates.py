"""Time expressions: finding and normalising them in en/es/fr news sentences."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.analyze.dates.lexicon import TimeLexiconError, parse_lexicon
from eventwire.analyze.dates.resolve import find_timexes

D = dt.date.fromisoformat

# (language, sentence, reference date, expression as written, expected value)
CASES = [
    ("en", "President Pezeshkian said during a meeting with Erdogan on Thursday.", "2024-12-20",
     "Thursday", "2024-12-19"),
    ("en", "Pezeshkian made the comment on Saturday evening in a phone conversation.",
     "2024-12-01", "Saturday evening", "2024-11-30TEV"),
    ("en", "Terrorist groups launched an attack in the north of the country on Wednesday.",
     "2024-12-01", "Wednesday", "2024-11-27"),
    ("en", "He met the Syrian minister in Tehran on Wednesday.", "2024-11-20", "Wednesday",
     "2024-11-20"),
    ("en", "Araghchi arrived in Ankara early Monday following a short visit to Syria.",
     "2024-12-03", "early Monday", "2024-12-02"),
    ("en", "Rebels entered the city on Nov. 29, witnesses said.", "2024-12-01", "Nov. 29",
     "2024-11-29"),
    ("en", "The ceasefire took effect on Dec. 1.", "2024-12-03", "Dec. 1", "2024-12-01"),
    ("en", "The summit opened on 2 December 2024 in Cairo.", "2024-12-05", "2 December 2024",
     "2024-12-02"),
    ("en", "The border was closed yesterday.", "2024-12-05", "yesterday", "2024-12-04"),
    ("en", "Talks collapsed last week amid mutual accusations.", "2024-12-05", "last week",
     "2024-W48"),
    ("en", "Exports fell sharply this year.", "2024-12-05", "this year", "2024"),
    ("en", "The envoy is expected to return next month.", "2024-12-05", "next month", "2025-01"),
    ("en", "The two leaders will meet on Thursday in Ankara.", "2024-12-20", "Thursday",
     "2024-12-26"),
    ("en", "The army withdrew from the town two days ago.", "2024-12-05", "two days ago",
     "2024-12-03"),
    ("en", "Profits rose in the third quarter of this year.", "2009-10-16",
     "the third quarter of this year", "2009-Q3"),
    ("en", "The protests began last Thursday.", "2024-12-05", "last Thursday", "2024-11-28"),
    ("en", "Markets remain closed until Friday.", "2008-09-18", "Friday", "2008-09-19"),
    ("en", "The officials are currently negotiating.", "2024-12-05", "currently", "PRESENT_REF"),
    ("en", "The accord was signed on Monday, December 2, 2024.", "2024-12-05",
     "Monday, December 2, 2024", "2024-12-02"),
    ("es", "En una reunión celebrada el miércoles 30 de noviembre, con Bassam al-Sabbagh.",
     "2024-12-03", "el miércoles 30 de noviembre", "2024-11-30"),
    ("es", "El ministro llegó ayer a Damasco.", "2024-12-02", "ayer", "2024-12-01"),
    ("es", "El pasado jueves se reunieron en Teherán.", "2024-12-02", "El pasado jueves",
     "2024-11-28"),
    ("es", "El ataque comenzó el 30 de noviembre.", "2024-12-02", "el 30 de noviembre",
     "2024-11-30"),
    ("es", "Los cancilleres se reunirán el jueves en Ankara.", "2024-12-02", "el jueves",
     "2024-12-05"),
    ("es", "La inflación subió el mes pasado.", "2024-12-02", "el mes pasado", "2024-11"),
    ("es", "El gobierno anunció la medida hace una semana.", "2011-03-18", "hace una semana",
     "2011-03-11"),
    ("es", "La economía creció un 3 % el año pasado.", "2024-12-02", "el año pasado", "2023"),
    ("es", "El acuerdo se firmó el 8 de mayo del 2006.", "2006-05-10", "el 8 de mayo del 2006",
     "2006-05-08"),
    ("es", "Las elecciones serán el próximo año.", "2024-12-02", "el próximo año", "2025"),
    ("es", "El presidente habló esta mañana con su homólogo.", "2024-12-02", "esta mañana",
     "2024-12-02TMO"),
    ("es", "El pasado 30 de noviembre, los rebeldes tomaron Alepo.", "2024-12-04",
     "El pasado 30 de noviembre", "2024-11-30"),
    ("es", "El domingo por la noche hubo bombardeos.", "2024-12-04", "El domingo por la noche",
     "2024-12-01TNI"),
    ("en", "Rebels advanced over the weekend.", "2024-12-04", "the weekend", "2024-W49-WE"),
    ("en", "Israel deployed 2000 soldiers in 2024.", "2024-12-04", "2024", "2024"),
    ("fr", "Le 27 novembre dernier, les rebelles ont attaqué.", "2024-12-04",
     "Le 27 novembre dernier", "2024-11-27"),
    ("fr", "Samedi soir, les rebelles sont entrés dans Alep.", "2024-12-04", "Samedi soir",
     "2024-11-30TEV"),
    ("fr", "Le ministre s'est rendu hier à Damas.", "2024-12-02", "hier", "2024-12-01"),
    ("fr", "Les deux dirigeants se sont entretenus mardi dernier.", "2024-12-05",
     "mardi dernier", "2024-12-03"),
    ("fr", "L'accord a été signé le 12 novembre à Paris.", "2024-12-02", "le 12 novembre",
     "2024-11-12"),
    ("fr", "Le sommet s'est ouvert le 1er décembre 2024.", "2024-12-03", "le 1er décembre 2024",
     "2024-12-01"),
    ("fr", "Les combats ont repris la semaine dernière.", "2024-12-05", "la semaine dernière",
     "2024-W48"),
    ("fr", "Il a été élu l'année dernière.", "2024-12-05", "l'année dernière", "2023"),
    ("fr", "Le président rencontrera son homologue jeudi.", "2024-12-02", "jeudi", "2024-12-05"),
    ("fr", "L'attaque a eu lieu il y a deux jours.", "2024-12-05", "il y a deux jours",
     "2024-12-03"),
    ("fr", "Le conseil se réunira le mois prochain.", "2024-12-05", "le mois prochain",
     "2025-01"),
]


@pytest.mark.parametrize(("lang", "sentence", "dct", "written", "value"), CASES)
def test_find_and_normalise(lang, sentence, dct, written, value):
    found = find_timexes(sentence, D(dct), lang)
    by_text = {t.text: t for t in found}
    assert written in by_text, [t.text for t in found]
    timex = by_text[written]
    assert timex.value == value
    assert sentence[timex.start:timex.end] == written


@pytest.mark.parametrize(("lang", "sentence"), [
    ("en", "Some 2,000 people attended, 1,2008 said $2010 and 2019% in 2023."),
    ("en", "You may march on the capital, the minister said."),
    ("fr", "La sonde a atteint Mars après un long voyage."),
    ("es", "Las 20 personas heridas fueron trasladadas por la mañana."),
])
def test_no_false_dates(lang, sentence):
    values = [(t.text, t.value) for t in find_timexes(sentence, D("2024-12-05"), lang)]
    assert all(v in {None, "2023"} or not v[:4].isdigit() for _, v in values), values
    assert all(t not in {"may", "march", "Mars", "mañana", "Las 20"} for t, _ in values), values


@pytest.mark.parametrize(("tense", "value"), [
    ("past", "2024-12-19"), ("future", "2024-12-26"), ("auto", "2024-12-19")])
def test_weekday_direction_is_a_parameter(tense, value):
    [timex] = find_timexes("They meet on Thursday.", D("2024-12-20"), "en", tense=tense)
    assert timex.value == value


@pytest.mark.parametrize(("sentence", "dct", "value"), [
    ("The race is on November 11.", "2005-11-05", "2005-11-11"),  # nearest when no cue
    ("Rebels took the town on November 29.", "2024-12-01", "2024-11-29"),
    ("Talks resumed on December 30.", "2025-01-03", "2024-12-30"),  # year boundary
])
def test_day_month_without_year(sentence, dct, value):
    assert [t.value for t in find_timexes(sentence, D(dct), "en")] == [value]


def test_weekday_conflicting_with_written_date_keeps_the_date():
    [timex] = find_timexes("la reunión del miércoles 30 de noviembre", D("2024-12-02"), "es")
    assert (timex.value, timex.conflict, timex.weekday) == ("2024-11-30", True, 2)


def test_without_reference_date_relative_expressions_stay_partial():
    found = {t.text: t for t in find_timexes(
        "They met on Thursday. It was signed on 30 November 2023, and announced yesterday. "
        "The vote is on 12 March.", None, "en")}
    assert found["30 November 2023"].value == "2023-11-30"
    assert found["Thursday"].value == "XXXX-WXX-4"
    assert found["12 March"].value == "XXXX-03-12" and found["12 March"].date is None
    assert "yesterday" not in found


def test_anaphor_takes_the_last_day():
    text = "Markets fell on Monday, October 27, 2008. Later the same day the bank cut rates."
    values = [t.value for t in find_timexes(text, D("2008-10-27"), "en")]
    assert values == ["2008-10-27", "2008-10-27"]


def test_lexicon_errors_name_the_problem():
    with pytest.raises(TimeLexiconError, match="patterns"):
        parse_lexicon({"months": {"enero": 1}}, "xx", "test.yaml")
    with pytest.raises(TimeLexiconError, match="integer"):
        parse_lexicon({"months": {"enero": "one"}, "patterns": [{"re": "{month}"}]}, "xx", "t")
    with pytest.raises(TimeLexiconError, match="inside"):
        parse_lexicon({"patterns": [{"re": "early[ -]2009"}]}, "xx", "t")
    with pytest.raises(TimeLexiconError, match="unknown placeholder"):
        parse_lexicon({"patterns": [{"re": "{nonsense}"}]}, "xx", "t")


def test_expressions_do_not_run_across_lines():
    text = "Markets to remain closed until Friday\nSeptember 18, 2008\nThe crisis deepened."
    found = [(t.text, t.value) for t in find_timexes(text, D("2008-09-18"), "en")]
    assert found == [("Friday", "2008-09-19"), ("September 18, 2008", "2008-09-18")]


WEEKDAYS = {"en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
            "es": ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"],
            "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]}
TEMPLATES = {"en": "The talks were held on {}.", "es": "Las conversaciones se celebraron el {}.",
             "fr": "Les pourparlers ont eu lieu {}."}


@settings(max_examples=60, deadline=None)
@given(day=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31)),
       weekday=st.integers(0, 6), lang=st.sampled_from(["en", "es", "fr"]))
def test_past_weekday_is_the_latest_on_or_before(day, weekday, lang):
    sentence = TEMPLATES[lang].format(WEEKDAYS[lang][weekday])
    [timex] = find_timexes(sentence, day, lang)
    assert timex.date.weekday() == weekday
    assert 0 <= (day - timex.date).days <= 6


@settings(max_examples=60, deadline=None)
@given(day=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31)),
       target=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31)))
def test_written_dates_round_trip(day, target):
    text = f"It happened on {target.day} {target.strftime('%B')} {target.year}."
    [timex] = find_timexes(text, day, "en")
    assert timex.date == target and timex.value == target.isoformat()


def test_datetime_reference_is_accepted():
    [timex] = find_timexes("They met on Thursday.", dt.datetime(2024, 12, 20, 15, 0), "en")
    assert timex.value == "2024-12-19"
