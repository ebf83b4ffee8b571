"""The TABARI/PETRARCH dictionary importer, on the PETRARCH validation dictionaries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from eventwire.errors import InvalidKnowledgeBase
from eventwire.knowledge.tabari import (
    entries_from_converted,
    parse_actors,
    parse_agents,
    parse_date,
)
from paths import PETRARCH

DICTS = PETRARCH / "dictionaries"
D = dt.date


@pytest.fixture(scope="module")
def actors():
    return {name: a for a in parse_actors(DICTS / "PETR.Validate.actors.txt") for name in a.names}


@pytest.fixture(scope="module")
def agents():
    return {p: a for a in parse_agents(DICTS / "PETR.Validate.agents.txt") for p in a.phrases}


CODES = [
    ("HAMAS", None, "PSEREBHMS"),
    ("ISRAELI TROOPS", None, "ISRMIL"),
    ("PRESIDENT GEORGE W. BUSH", None, "USAGOV"),
    ("AUSTRALIAN", None, "AUS"),
    ("ENT", None, "ENT"),
    ("INTERPOL", None, "IGOCOPITP"),
    ("U.N.", None, "UNO"),
    ("GOLLUM", D(1990, 1, 1), "HOB"),
    ("SMEAGOL", D(1996, 1, 1), "HOBGOV"),
    ("STINKER", D(2000, 1, 1), "HOBREB"),
    ("SAM GAMGEE", D(2007, 1, 1), "HOBCIV"),
    ("SAM GAMGEE", D(2010, 1, 10), "ORCHOB"),
    ("SAM GAMGEE", D(2011, 1, 1), "HOBMIL"),
    ("SAM GAMGEE", D(2012, 12, 1), "HOBGOV"),
    ("SAM GAMGEE", D(2014, 1, 1), "HOBELI"),
    ("HAMFAST GAMGEE", D(2012, 12, 1), "HOBGOV"),
    ("HAMFAST GAMGEE", D(2014, 1, 1), "HOB"),
    ("ZIMBABWE", D(1975, 1, 1), "RHO"),
    ("ZIMBABWE", D(1990, 1, 1), "ZBW"),
    ("USSR", D(1990, 1, 1), "USR"),
    ("PALESTINE", None, "PAL"),
    ("EGYPTIAN", None, "EGY"),
    ("ISILDUR", None, "+++"),
]


@pytest.mark.parametrize(("name", "day", "code"), CODES)
def test_actor_codes(actors, name: str, day: dt.date | None, code: str) -> None:
    assert actors[name].code_on(day) == code


def test_synonyms_share_the_entry(actors) -> None:
    assert actors["GOLLUM"] is actors["SMEAGOL"] is actors["SLINKER"]
    assert actors["UNITED STATES"] is actors["U.S."]


def test_commented_lines_are_ignored(actors) -> None:
    assert "NASGUL" not in actors and "#NASGUL" not in actors


AGENTS = [
    ("FOREIGN MINISTER", "~GOVFRM"),
    ("FOREIGN MINISTERS", "~GOVFRM"),
    ("POLICE", "~COP"),
    ("HUMAN RIGHTS BODY", "NGO~"),
    ("CONGRESSMEN", "~LEG"),
    ("CONGRESSWOMAN", "~LEG"),
    ("MINISTRY OF SILLY WALKS", "~GOV"),
    ("MINISTERS OF SILLY WALKS", "~GOV"),
    ("ATTORNEYS GENERAL", "~GOV"),
    ("GOLDEN GEESE", "~GGS"),
    ("SOLDIERS", "~MIL"),
]


@pytest.mark.parametrize(("phrase", "code"), AGENTS)
def test_agent_codes(agents, phrase: str, code: str) -> None:
    assert agents[phrase].code == code


def test_agent_plural_suppressed_by_empty_braces(agents) -> None:
    assert "MEDIA" in agents and "MEDIAS" not in agents
    assert agents["HUMAN RIGHTS BODY"].is_prefix and agents["MEDIA"].sector == "MED"


def test_two_digit_years() -> None:
    assert parse_date("990816", "x") == D(1999, 8, 16)
    assert parse_date("130119", "x") == D(2013, 1, 19)
    with pytest.raises(InvalidKnowledgeBase):
        parse_date("20131345", "x")


def test_malformed_dates_are_refused_unless_lenient(tmp_path: Path) -> None:
    path = tmp_path / "bad.actors"
    path.write_text("SOMEONE\n\t[IRNGOV 9008223-911221]\n\t[IRNGOV >20130803]\n")
    with pytest.raises(InvalidKnowledgeBase, match="bad.actors:2"):
        parse_actors(path)
    lenient = parse_actors(path, strict=False)
    assert lenient[0].code_on(D(2014, 1, 1)) == "IRNGOV"


def test_converted_entries_become_kb_people_with_dated_roles() -> None:
    doc = {
        "actors": [
            [
                ["HASSAN ROUHANI", "ROUHANI"],
                [["IRNGOVLEG", "1980-05-28", "2000-05-26"], ["IRNGOV", "2000-02-18", None]],
            ],
            [["UN"], [["IGOUNO", None, None]]],
        ]
    }
    person, org = entries_from_converted(doc, {"IRN"})
    assert person.kind == "person" and person.role_on(D(2010, 1, 1)).full_code == "IRNGOV"
    assert (org.kind, org.sector, org.code) == ("organisation", "IGO", "IGOUNO")
