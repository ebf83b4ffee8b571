"""End to end: the samples through `eventwire ingest`, idempotency, and parallel = serial."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from paths import REPO as ROOT

EXAMPLES = ROOT / "examples" / "articles"


def run(*args: str, db: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def export(what: str, db: Path, *extra: str) -> list[dict]:
    code, out, err = run("export", what, "--format", "jsonl", *extra, db=db)
    assert code == 0, err
    return [json.loads(line) for line in out.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("pipeline") / "samples.db"
    code, out, err = run("ingest", str(EXAMPLES), db=db)
    assert code == 0, err
    assert "stored 5" in out
    return db


def test_samples_articles_as_the_issue_states(sample_db: Path) -> None:
    arts = {Path(a["source"]).name[:3]: a for a in export("articles", sample_db)}
    assert sorted(arts) == ["000", "001", "002", "003", "004"]
    assert [arts[k]["published"] for k in sorted(arts)] == [
        "2024-12-20",
        None,
        "2024-11-20",
        "2024-12-01",
        None,
    ]
    assert arts["004"]["language"] == "es"
    assert {arts[k]["language"] for k in ("000", "001", "002", "003")} == {"en"}
    assert arts["002"]["outlet"] == "News.Az"
    for art in arts.values():
        assert "16 px" not in art["text"] and "↺" not in art["text"]
    assert not arts["003"]["text"].rstrip().endswith("4194")
    assert not arts["002"]["text"].rstrip().endswith("News.Az")


def test_reingest_changes_nothing(sample_db: Path, tmp_path: Path) -> None:
    before = {k: export(k, sample_db) for k in ("articles", "events", "quotes", "mentions")}
    code, out, err = run("ingest", str(EXAMPLES), db=sample_db)
    assert code == 0, err
    assert "stored 0" in out and "duplicates 5" in out
    after = {k: export(k, sample_db) for k in ("articles", "events", "quotes", "mentions")}
    assert after == before


def test_exact_duplicate_from_another_source_is_stored_once(
    sample_db: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy-of-000.txt"
    shutil.copy(EXAMPLES / "000_2008e6402e0ebef9.txt", copy)
    code, out, err = run("ingest", str(copy), db=sample_db)
    assert code == 0, err
    assert "duplicates 1" in out
    assert len(export("articles", sample_db)) == 5


def test_every_emitted_span_is_inside_the_text_and_equals_its_surface(sample_db: Path) -> None:
    texts = {a["id"]: a["text"] for a in export("articles", sample_db)}
    for m in export("mentions", sample_db):
        assert texts[m["article_id"]][m["start"] : m["end"]] == m["text"]
    for q in export("quotes", sample_db):
        assert texts[q["article_id"]][q["start"] : q["end"]] == q["text"]
    for e in export("events", sample_db):
        assert texts[e["article_id"]][e["start"] : e["end"]] == e["evidence"]
        assert e["trigger"]


def test_bad_inputs_fail_alone_with_a_reason(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLES / "001_cf467551792bf9f2.txt", folder / "good.txt")
    (folder / "empty.txt").write_text("")
    (folder / "binary.bin").write_bytes(bytes(range(256)) * 4)
    (folder / "records.jsonl").write_text(
        '{"id": "x1", "text": "Iran and Turkey held talks in Ankara on Monday."}\n{broken\n'
    )
    db = tmp_path / "bad.db"
    code, out, err = run("ingest", str(folder), db=db)
    assert code == 1
    assert "stored 2" in out and "failed 3" in out
    assert "empty.txt" in err and "binary.bin" in err and "records.jsonl:2" in err


def test_two_workers_give_the_same_output_as_one(tmp_path: Path) -> None:
    outputs = []
    for workers in ("1", "2"):
        db = tmp_path / f"w{workers}.db"
        code, _, err = run("ingest", "--workers", workers, str(EXAMPLES), db=db)
        assert code == 0, err
        records = {k: export(k, db) for k in ("articles", "events", "quotes", "mentions")}
        for article in records["articles"]:
            article.pop("ingested_at")  # when it was stored is the only legitimate difference
        outputs.append(records)
    assert outputs[0] == outputs[1]


def test_dask_local_cluster_gives_the_same_output(tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    from eventwire.pipeline import ingest
    from eventwire.settings import Settings
    from eventwire.store import open_store

    serial, distributed = open_store(str(tmp_path / "s.db")), open_store(str(tmp_path / "d.db"))
    ingest([str(EXAMPLES)], store=serial, settings=Settings(), cluster_stories=False)
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        ingest(
            [str(EXAMPLES)],
            store=distributed,
            settings=Settings(),
            dask_address=client,
            cluster_stories=False,
        )
    for kind in ("events", "quotes", "mentions"):
        assert list(getattr(serial, f"iter_{kind}")()) == list(
            getattr(distributed, f"iter_{kind}")()
        )


def test_a_learned_actor_is_reused_by_later_articles(tmp_path: Path) -> None:
    first = tmp_path / "a.txt"
    first.write_text(
        " date 2024-03-04 Paraguayan Interior Minister Tomás Quiroga Bellido met "
        "police chiefs in Asunción on Monday to discuss border security.",
        "utf-8",
    )
    later = tmp_path / "b.txt"
    later.write_text(
        " date 2024-03-09 Quiroga Bellido condemned the attack on a police "
        "station near the Brazilian border on Friday.",
        "utf-8",
    )
    db = tmp_path / "learned.db"
    for path in (first, later):
        code, _, err = run("ingest", str(path), db=db)
        assert code == 0, err
    learned = [a for a in export("actors", db) if a["source"] == "learned"]
    assert [(a["country"], a["sector"]) for a in learned] == [("PRY", "GOV")]
    texts = {a["id"]: a["text"] for a in export("articles", db)}
    later_id = next(i for i, t in texts.items() if t.startswith("Quiroga"))
    mentions = [m for m in export("mentions", db) if m["article_id"] == later_id]
    reused = [m["text"] for m in mentions if (m["actor"] or {}).get("kb_id") == learned[0]["kb_id"]]
    assert reused and all(w in "Quiroga Bellido" for w in reused)


def test_report_shows_events_quotes_and_the_cross_language_story(sample_db: Path) -> None:
    code, out, err = run("report", db=sample_db)
    assert code == 0, err
    assert "articles 5" in out
    assert "CONSULT" in out and "Masoud Pezeshkian says" in out
    assert "2 article(s)  en,es" in out
    code, out, _ = run("report", "--json", db=sample_db)
    data = json.loads(out)
    assert len(data["articles"]) == 5 and len(data["stories"]) == 4


@pytest.mark.parametrize(
    ("term", "kb_id"),
    [
        ("Pezeshkian", "masoud-pezeshkian"),
        ("Masud Pezeshkian", "masoud-pezeshkian"),
        ("masoud-pezeshkian", "masoud-pezeshkian"),
        ("Araqchi", "abbas-araghchi"),
        ("Nobody At All", None),
    ],
)
def test_a_free_actor_term_names_one_stored_actor(sample_db: Path, term: str, kb_id: str) -> None:
    from eventwire.query import UnknownActor, resolve_actor
    from eventwire.store import open_store

    store = open_store(str(sample_db))
    if kb_id is None:
        with pytest.raises(UnknownActor):
            resolve_actor(store, term)
    else:
        assert resolve_actor(store, term).term == f"actor:{kb_id}"


def test_timeline_takes_a_surname(sample_db: Path) -> None:
    code, out, err = run("timeline", "Pezeshkian", db=sample_db)
    assert code == 0, err
    assert "Pezeshkian per month" in out and "CONSULT" in out
