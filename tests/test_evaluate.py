"""Scorers: GOLD.md matching rules as a table, gold-file errors, format guessing, the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.analyze.events.lexicon import load_ontology
from eventwire.cli import main
from eventwire.evaluate import UnknownGoldFormat, guess_format
from eventwire.evaluate.common import event_matches, f1, score_events
from eventwire.evaluate.ours import GoldFileError, article_path, read_gold
from eventwire.evaluate.petrarch import load_records as petrarch_records
from eventwire.evaluate.plover_gsr import gold_category, gold_codes, load_records
from eventwire.models import ActorRef, Event
from paths import BENCH, REPO

IRN = ActorRef("Iran", "Iran", country="IRN")
TUR = ActorRef("Turkey", "Turkey", country="TUR")
ISR = ActorRef("Israel", "Israel", country="ISR")
UN = ActorRef("United Nations", "UN", sector="IGO")


def ev(type_, actors, recipients=(), date=None, **kw) -> Event:
    return Event(type=type_, trigger="x", start=0, end=1, evidence="x", actors=list(actors),
                 recipients=list(recipients), date=date, **kw)


G = {"type": "CONSULT", "actor": "IRN", "recipient": "TUR", "date": "2024-12-19"}
# (system event, gold event, match?)
MATCHES = [
    (ev("CONSULT", [IRN], [TUR], dt.date(2024, 12, 19)), G, True),
    (ev("CONSULT", [TUR], [IRN], dt.date(2024, 12, 19)), G, True),  # unordered dyad
    (ev("CONSULT", [IRN, TUR], [], dt.date(2024, 12, 19)), G, True),  # joint act
    (ev("CONSULT", [IRN], [TUR], dt.date(2024, 12, 20)), G, False),  # wrong day
    (ev("CONSULT", [IRN], [TUR]), G, False),  # no date when gold has one
    (ev("AGREE", [IRN], [TUR], dt.date(2024, 12, 19)), G, False),  # wrong type
    (ev("REQUEST", [ISR], [IRN]), {"type": "REQUEST", "actor": "IRN", "recipient": "ISR"}, False),
    (ev("REQUEST", [IRN], [ISR]), {"type": "REQUEST", "actor": "IRN", "recipient": "ISR"}, True),
    (ev("REQUEST", [IRN], []), {"type": "REQUEST", "actor": "IRN", "recipient": None}, True),
    (ev("REQUEST", [IRN], [ISR]), {"type": "REQUEST", "actor": "IRN", "recipient": None}, True),
    (ev("ACCUSE", [IRN], []), {"type": "ACCUSE", "actor": "IRN", "recipient": "ISR"}, False),
    (ev("SUPPORT", [UN], [TUR]),
     {"type": "SUPPORT", "actor": "united nations", "recipient": "TUR"}, True),
    (ev("ASSAULT", [ISR], [TUR]),
     {"type": ["ASSAULT", "COERCE"], "actor": ["ISR"], "recipient": None}, True),
]


@pytest.mark.parametrize(("event", "gold", "expected"), MATCHES)
def test_event_matching(event, gold, expected) -> None:
    assert event_matches(event, gold) is expected


def test_scores_exclude_negated_and_count_duplicates() -> None:
    gold = [{"type": "CONSULT", "actor": "IRN", "recipient": "TUR"},
            {"type": "ACCUSE", "actor": "IRN", "recipient": "ISR", "optional": True}]
    system = [ev("CONSULT", [IRN], [TUR]), ev("CONSULT", [TUR], [IRN]),
              ev("ACCUSE", [IRN], [ISR]), ev("ASSAULT", [IRN], [ISR]),
              ev("ASSAULT", [IRN], [TUR], negated=True)]
    counts = score_events(system, gold)
    assert (counts["matched"], counts["required"]) == (1, 1)
    assert (counts["correct"], counts["system"]) == (3, 4)
    assert counts["duplicates"] == 1


def test_f1() -> None:
    assert f1(3, 1, 2) == {"precision": 0.75, "recall": 0.6, "f1": 0.6667}
    assert f1(0, 0, 0)["f1"] == 0.0


def test_read_gold_reports_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"file": "a.txt"}\nnot json\n', encoding="utf-8")
    with pytest.raises(GoldFileError, match=r"gold.jsonl:2: not JSON"):
        read_gold(path)


def test_missing_article_is_named(tmp_path: Path) -> None:
    with pytest.raises(GoldFileError, match="article 'nope.txt' not found"):
        article_path(tmp_path / "gold.jsonl", "nope.txt")


@pytest.mark.parametrize(("name", "fmt"), [
    ("gold.jsonl", "ours"), ("PETR.UnitTest.records.xml", "petrarch"),
    ("test.tsv", "meantime"), ("PLOVER_GSR_CAMEO.txt", "plover-gsr"),
])
def test_guess_format(name, fmt) -> None:
    assert guess_format(name) == fmt


def test_unknown_format_names_the_choices() -> None:
    with pytest.raises(UnknownGoldFormat, match="--format ours"):
        guess_format("notes.txt")


def test_gsr_legacy_categories_and_codes() -> None:
    onto = load_ontology()
    assert gold_category({"event": "DEMAND"}, onto) == ("REQUEST", None)
    assert gold_category({"event": "DISAPPROVE"}, onto) == ("ACCUSE", "disapprove")
    fight = {"event": "FIGHT", "mode": "heavy-weapons"}
    assert gold_category(fight, onto) == ("ASSAULT", "heavy-weapons")
    assert gold_category({"event": "PROTEST", "mode": "strike-hun"}, onto) == ("PROTEST", "hunger")
    assert gold_codes([{"code": "JAP"}, {"code": "IGO"}], onto) == {"JPN", "IGO"}
    records = load_records(BENCH / "plover_gsr" / "PLOVER_GSR_CAMEO.txt")
    assert len(records) == 322 and all(r["event"] != "DOCUMENT" for r in records)


def test_petrarch_records() -> None:
    records = petrarch_records(BENCH / "petrarch2" / "text" / "PETR.UnitTest.records.xml")
    demo = next(r for r in records if r["id"] == "DEMO-00")
    assert demo["expected"] == {("ARN", "GON", "06")} and demo["date"] == dt.date(1995, 1, 1)
    assert sum(1 for r in records if not r["expected"]) >= 20
    # the two records with a malformed supplied parse are bad input, found from the parse
    assert {r["id"]: r["input_error"] for r in records if r["input_error"]} == {
        "ERROR-02": "the supplied parse closes a bracket it never opened",
        "ERROR-03": "the supplied parse leaves 2 bracket(s) open"}


def test_cli_evaluate_ours(tmp_path: Path) -> None:
    """One sample article through `eventwire evaluate --json`."""
    sample = REPO / "examples" / "articles" / "003_d33951d0d46d772f.txt"
    (tmp_path / sample.name).write_text(sample.read_text(encoding="utf-8"), encoding="utf-8")
    line = next(x for x in (REPO / "examples" / "gold.jsonl").read_text().splitlines()
                if sample.name in x)
    (tmp_path / "gold.jsonl").write_text(line + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(tmp_path / "gold.jsonl"), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["events"]["required"] == 4 and report["events"]["recall"] >= 0.75
    table = CliRunner().invoke(main, ["evaluate", str(tmp_path / "gold.jsonl")])
    assert table.exit_code == 0 and "events.recall" in table.output


def test_cli_evaluate_unknown_format(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(path)])
    assert result.exit_code != 0 and "--format" in result.output
