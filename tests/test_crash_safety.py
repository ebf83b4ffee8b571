"""Crash safety: SIGKILL an ingest (or a watch) midway, run it again: nothing lost, duplicated
or orphaned."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from eventwire.pipeline import ingest
from eventwire.settings import Settings
from eventwire.store import open_store

LEADERS = [
    ("Iranian Foreign Minister Abbas Araghchi", "Turkish Foreign Minister Hakan Fidan", "Ankara"),
    (
        "Iraqi Prime Minister Mohammed Shia' Al Sudani",
        "Iranian President Masoud Pezeshkian",
        "Baghdad",
    ),
    ("Turkish President Recep Tayyip Erdogan", "Egyptian President Abdel Fattah al-Sisi", "Cairo"),
    (
        "Russian Foreign Minister Sergei Lavrov",
        "Syrian Foreign Minister Bassam al-Sabbagh",
        "Moscow",
    ),
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
N_ARTICLES = 240


def corpus(path: Path) -> Path:
    """Distinct short articles (each with events, quotes and mentions)."""
    with path.open("w", encoding="utf-8") as fh:
        for i in range(N_ARTICLES):
            a, b, city = LEADERS[i % len(LEADERS)]
            day = DAYS[i % len(DAYS)]
            text = (
                f"{a} met {b} in {city} on {day}, report number {i}. "
                f"The two sides discussed trade and the war in Gaza. "
                f'"We condemn the attacks on civilians," {a.split()[-1]} said.'
            )
            fh.write(
                json.dumps(
                    {"id": f"crash-{i:04d}", "text": text, "published": f"2024-11-{1 + i % 28:02d}"}
                )
                + "\n"
            )
    return path


def table_counts(db: Path) -> dict[str, int]:
    con = sqlite3.connect(db)
    try:
        return {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("articles", "events", "event_actors", "quotes", "mentions")
        }
    finally:
        con.close()


def orphans(db: Path) -> dict[str, int]:
    con = sqlite3.connect(db)
    parent = {"events": ("article_id", "articles"), "event_actors": ("event_id", "events"),
              "quotes": ("article_id", "articles"), "mentions": ("article_id", "articles")}
    checks = {
        table: f"SELECT count(*) FROM {table} WHERE {key} NOT IN (SELECT id FROM {owner})"
        for table, (key, owner) in parent.items()
    }
    try:
        return {k: con.execute(sql).fetchone()[0] for k, sql in checks.items()}
    finally:
        con.close()


def stored_articles(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(db, timeout=1)
        try:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def test_sigkill_midway_then_rerun_stores_everything_exactly_once(tmp_path: Path) -> None:
    data = corpus(tmp_path / "corpus.jsonl")
    crashed, clean = tmp_path / "crashed.db", tmp_path / "clean.db"
    env = {**os.environ, "EVENTWIRE_DB": str(crashed)}
    cmd = [sys.executable, "-m", "eventwire.cli", "ingest", "--no-stories", "-q", str(data)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 900  # generous: CI machines can be slow
    while stored_articles(crashed) < 70 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert proc.poll() is None, "the ingest finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = stored_articles(crashed)
    assert 0 < partial < N_ARTICLES

    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr

    ingest([str(data)], store=open_store(str(clean)), settings=Settings(), cluster_stories=False)
    assert table_counts(crashed) == table_counts(clean)
    assert table_counts(crashed)["articles"] == N_ARTICLES
    assert orphans(crashed) == dict.fromkeys(("events", "event_actors", "quotes", "mentions"), 0)
    a, b = open_store(str(crashed)), open_store(str(clean))
    assert list(a.iter_events()) == list(b.iter_events())
    assert list(a.iter_quotes()) == list(b.iter_quotes())


def test_sigkill_during_watch_then_restart_stores_everything_exactly_once(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    records = [json.loads(line) for line in corpus(tmp_path / "c.jsonl").read_text().splitlines()]
    for rec in records[:120]:
        (inbox / f"{rec['id']}.txt").write_text(
            f" date {rec['published']} {rec['text']}\n", "utf-8"
        )
    crashed, clean = tmp_path / "watch.db", tmp_path / "clean.db"
    env = {**os.environ, "EVENTWIRE_DB": str(crashed)}
    cmd = [sys.executable, "-m", "eventwire.cli", "watch", str(inbox), "--interval", "0.5"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 900
    while stored_articles(crashed) < 30 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert proc.poll() is None, "the watch stopped before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < stored_articles(crashed) < 120

    restart = subprocess.run(
        [*cmd, "--polls", "1"], env=env, capture_output=True, text=True, timeout=900
    )
    assert restart.returncode == 0, restart.stderr

    ingest([str(inbox)], store=open_store(str(clean)), settings=Settings())
    assert table_counts(crashed) == table_counts(clean)
    assert table_counts(crashed)["articles"] == 120
    assert orphans(crashed) == dict.fromkeys(("events", "event_actors", "quotes", "mentions"), 0)
    assert list(open_store(str(crashed)).iter_events()) == list(
        open_store(str(clean)).iter_events()
    )
