"""`eventwire watch`: new files are ingested once, across restarts; Ctrl-C stops cleanly."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from eventwire.pipeline.watch import folder_items, watch
from eventwire.settings import Settings
from eventwire.store import open_store
from eventwire.store.seen import unseen
from paths import SAMPLES as EXAMPLES


def test_new_files_are_ingested_once_across_restarts(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(EXAMPLES / "000_2008e6402e0ebef9.txt", inbox)
    db = str(tmp_path / "watch.db")

    first = watch(
        [str(inbox)], store=open_store(db), settings=Settings(), max_polls=2, interval=0.1
    )
    assert (first.stored, first.items) == (1, 1)  # the second poll finds nothing new

    shutil.copy(EXAMPLES / "003_d33951d0d46d772f.txt", inbox)
    restarted = watch([str(inbox)], store=open_store(db), settings=Settings(), max_polls=1)
    assert (restarted.stored, restarted.items) == (1, 1)  # only the new file

    store = open_store(db)
    assert store.counts()["articles"] == 2
    assert unseen(store, [key for key, _ in folder_items(str(inbox))]) == []


def test_sigint_stops_the_watch_cleanly(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "note.txt").write_text("Iran and Turkey held talks in Ankara on Monday.", "utf-8")
    env = {**os.environ, "EVENTWIRE_DB": str(tmp_path / "w.db")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "eventwire.cli", "watch", str(inbox), "--interval", "0.5"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 120
        line = ""
        while time.monotonic() < deadline and not line.startswith("poll 1"):
            line = proc.stdout.readline()
            if not line and proc.poll() is not None:
                break
        assert line.startswith("poll 1"), proc.stderr.read()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
