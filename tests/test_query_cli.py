"""`eventwire events | timeline | dyads | search | quotes | serve` on the coded samples."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from eventwire.cli import main
from test_query_samples import article_id, sample_engine


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("cli") / "samples.db"
    sample_engine(path).dispose()
    return str(path)


def run(db: str, *args: str):
    result = CliRunner().invoke(main, ["--db", db, *args])
    return result


@pytest.mark.parametrize(
    ("args", "total"),
    [
        (["events"], 13),
        (["events", "--actor", "IRN", "--type", "CONSULT"], 6),
        (["events", "--dyad", "IRN,TUR"], 3),
        (["events", "--dyad", "TUR,IRN", "--one-way"], 0),
        (["events", "--actor", "TUR", "--role", "recipient"], 3),
        (["events", "--since", "2024-11-30", "--until", "2024-12-01"], 3),
        (["events", "--place", "Cairo"], 1),
        (["events", "--country", "SYR", "--language", "en"], 2),
        (["events", "--mode", "phone"], 1),
        (["events", "--story", "story-c"], 3),
        (["events", "--article", article_id("002"), "--include-negated"], 3),
        (["events", "--text", "talks"], 1),
        (["search", "territorial", "integrity"], 3),
        (["search", "Sabbagh", "--kind", "quote"], 1),
        (["search", "Pezeshkian", "--language", "es"], 3),
        (["search", "Sabbagh", "OR", "Sudani"], 8),  # 5 + 3
        (["search", '"territorial integrity"', "OR", "Ummah"], 4),
        (["search", "--kind", "quote", "Pezeshkian -Zionist"], 3),  # 5 - 2; one argument: no --
        (["quotes"], 8),
        (["quotes", "--speaker", "Pezeshkian"], 5),
        (["quotes", "--contains", "Zionist", "--since", "2024-12-01"], 2),
    ],
)
def test_json_output_totals(db, args, total):
    result = run(db, *args, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["total"] == total


def test_events_table_and_paging_hint(db):
    result = run(db, "events", "--actor", "masoud-pezeshkian", "--limit", "2")
    assert result.exit_code == 0, result.output
    assert "CONSULT" in result.output and "Cairo" in result.output
    assert "2 of 8 shown; next page: --offset 2" in result.output


def test_timeline(db):
    result = run(db, "timeline", "masoud-pezeshkian", "--interval", "month", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [(r["period"], r["events"]) for r in data["series"]] == [("2024-11-01", 4),
                                                                    ("2024-12-01", 2)]
    text = run(db, "timeline", "masoud-pezeshkian").output
    assert "+2.88" in text and "reunión" in text


def test_dyads(db):
    data = json.loads(run(db, "dyads", "--json").output)
    assert (data["items"][0]["source"]["key"], data["items"][0]["target"]["key"]) == \
        ("IRN", "SYR")
    assert (data["items"][0]["source"]["name"], data["items"][0]["target"]["name"]) == \
        ("Iran", "Syria")
    pair = json.loads(run(db, "dyads", "IRN", "TUR", "--json").output)
    assert pair["events"]["total"] == 3
    assert "Masoud Pezeshkian" in run(db, "dyads", "--level", "actor").output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["events", "--dyad", "IRN"], "two actors separated by a comma"),
        (["events", "--since", "30/11/2024"], "--since"),
        (["events", "--since", "2024-12-02", "--until", "2024-12-01"], "after"),
        (["events", "--limit", "0"], "--limit"),
        (["events", "--offset", str(2**63)], "offset"),
        (["dyads", "IRN"], "exactly two"),
        (["search", "!!"], "no words"),
        (["search", '"territorial integrity'], "the quote at character 1 is never closed"),
        (["search", "--", "-Sabbagh"], "only leaves out"),
        (["search", "Sabbagh", "-Sudani"], "No such option"),  # hence -- in the help text
        (["timeline", "nobody"], "no actor, code or country 'nobody'"),
    ],
)
def test_errors_name_the_fix(db, args, message):
    result = run(db, *args)
    assert result.exit_code != 0
    assert message in result.output


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_runs_the_app(db):
    port = free_port()
    env = {**os.environ, "EVENTWIRE_DB": db}
    env.pop("EVENTWIRE_WRITE_TOKEN", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "eventwire.cli", "serve", "--port", str(port),
         "--log-level", "warning"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=Path(db).parent,
    )
    try:
        deadline, response = time.monotonic() + 60, None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/events?limit=1", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert response is not None, proc.stderr.read().decode() if proc.poll() else "timeout"
        assert response.status_code == 200 and response.json()["total"] == 13
        assert "server" not in response.headers  # no version banner
    finally:
        proc.terminate()
        proc.wait(timeout=10)
