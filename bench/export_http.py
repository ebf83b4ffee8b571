"""Export over HTTP at scale: stream 1,000,000 synthetic events out of `eventwire serve`.

    .venv/bin/python bench/export_http.py [--events 1000000] [--pg postgresql://...]
                                          [--keep DIR] [--formats csv jsonl parquet]

Builds the store with `bench/query.py`'s generator (bulk inserts straight into the schema;
with `--keep` the SQLite file lives in DIR and a store that already holds exactly the
requested number of events is reused), starts `eventwire serve` on it in a subprocess, then
streams `GET /api/export/events?format=...` for each format, reading and discarding the body.
Prints, per store and format: rows (X-Total-Count, and the lines read for the text formats),
bytes, seconds, rows/s, the server's CPU seconds for the request (its own cost, whatever
else runs on the machine) and the serving process's peak resident memory (VmHWM from
/proc/PID/status, reset before each request through /proc/PID/clear_refs) against the 300 MB
target. PostgreSQL is used when `--pg` or EVENTWIRE_TEST_PG gives a URL.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from query import stores  # noqa: E402  (bench/query.py: the synthetic events)

SRC = Path(__file__).resolve().parents[1] / "src"
TARGET_MB = 300


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status_kb(pid: int, field: str) -> int:
    """A VmHWM / VmRSS line of /proc/PID/status, in kB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (/proc/PID/stat fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def reset_peak(pid: int) -> bool:
    """Start VmHWM again from the current RSS (Linux: write 5 to clear_refs)."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def serve(url: str, port: int) -> subprocess.Popen:
    """`eventwire serve` over ``url`` (this checkout's sources), once it answers."""
    path = os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "PYTHONPATH": path}
    proc = subprocess.Popen(
        [sys.executable, "-m", "eventwire", "--db", url, "serve", "--port", str(port),
         "--log-level", "warning"], env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"eventwire serve exited with {proc.returncode}")
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/", timeout=2)
            return proc
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("eventwire serve did not answer within 120 s")


def stream(port: int, fmt: str, pid: int) -> dict:
    """One export request, body read and thrown away; the server's figures for it."""
    reset = reset_peak(pid)
    before = status_kb(pid, "VmRSS")
    n_bytes = lines = 0
    t0, cpu0 = time.perf_counter(), cpu_seconds(pid)
    url = f"http://127.0.0.1:{port}/api/export/events?format={fmt}"
    with httpx.stream("GET", url, timeout=None) as response:
        response.raise_for_status()
        total = int(response.headers["x-total-count"])
        for chunk in response.iter_raw():
            n_bytes += len(chunk)
            lines += chunk.count(b"\n")
    seconds = time.perf_counter() - t0
    return {"fmt": fmt, "rows": total, "lines": lines, "bytes": n_bytes, "seconds": seconds,
            "cpu": cpu_seconds(pid) - cpu0,
            "rss_before_mb": before / 1024, "peak_mb": status_kb(pid, "VmHWM") / 1024,
            "peak_reset": reset}


def report(label: str, r: dict) -> None:
    read = {"jsonl": f", {r['lines']} lines", "csv": f", {r['lines'] - 1} lines after the header"}
    peak = f"{r['peak_mb']:.0f} MB" + ("" if r["peak_reset"] else " (since start)")
    print(f"{label:10s} {r['fmt']:8s} rows {r['rows']}{read.get(r['fmt'], '')}, "
          f"{r['bytes'] / 1e6:.0f} MB in {r['seconds']:.1f} s = {r['rows'] / r['seconds']:,.0f} "
          f"rows/s (server CPU {r['cpu']:.1f} s); server RSS {r['rss_before_mb']:.0f} MB "
          f"before, peak {peak}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--actors", type=int, default=10_000)
    parser.add_argument("--pg", default=os.environ.get("EVENTWIRE_TEST_PG"))
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the SQLite file in this folder")
    parser.add_argument("--formats", nargs="+", default=["csv", "jsonl", "parquet"])
    args = parser.parse_args()
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for label, url, store in stores(folder, args):
            store.close()  # the server opens its own
            port = free_port()
            proc = serve(url, port)
            try:
                print(f"{label}: {args.events} events, server pid {proc.pid}")
                for fmt in args.formats:
                    r = stream(port, fmt, proc.pid)
                    report(label, r)
                    worst = max(worst, r["peak_mb"])
            finally:
                proc.terminate()
                proc.wait(timeout=30)
    print(f"summary: server peak RSS {worst:.0f} MB at {args.events} events "
          f"({'meets' if worst <= TARGET_MB else 'misses'} the {TARGET_MB} MB target)")


if __name__ == "__main__":
    main()
