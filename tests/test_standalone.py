"""The repository stands on its own: nothing the code, tests, benches or scripts read is outside it.

Three ways a path can leave the checkout, each caught here:
- a relative path that climbs above the root (``../shared/benchmarks`` from the repo's top);
- ``Path(__file__)`` followed by more ``.parent`` / ``parents[k]`` steps than the file is deep;
- a sibling ``shared/`` folder named outright (``ROOT.parent / "shared"``).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from eventwire.evaluate import BUILTIN, resolve_gold
from paths import REPO

SCANNED = ("src", "tests", "bench", "scripts", ".ci", "Makefile")
SUFFIXES = {".py", ".sh", ".yaml", ".yml", ".toml", ".cfg", ".txt", ".md", ""}

RELATIVE = re.compile(r"(?<![\w/.%\\])((?:\.\./)+)[\w.-]*")
FROM_FILE = re.compile(
    r"Path\(__file__\)(?:\.resolve\(\))?((?:\.parent\b)*)(?:\.parents\[(\d+)\])?((?:\.parent\b)*)")
SIBLING = [
    re.compile(r"""\b(?:ROOT|REPO|HERE)\.parent\b"""),
    re.compile(r"""/\s*["']shared["']|["']shared["']\s*/"""),  # Path / "shared" / ...
    re.compile(r"""\bshared/(?:samples|spec|benchmarks)\b"""),
]


def tracked_files() -> list[Path]:
    """Files git tracks (or would track) under the scanned folders."""
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", *SCANNED],
        cwd=REPO, capture_output=True, text=True, check=True).stdout
    return [REPO / line for line in out.splitlines()
            if (REPO / line).is_file() and Path(line).suffix in SUFFIXES]


def escapes(rel: Path, text: str) -> list[str]:
    """The places in ``text`` (of the file at ``rel``) that point outside the repository."""
    found = []
    depth = len(rel.parts) - 1  # folders between the root and the file
    for m in RELATIVE.finditer(text):
        ups = m.group(1).count("../")
        if ups > depth:
            found.append(m.group(0))
    for m in FROM_FILE.finditer(text):
        steps = m.group(1).count(".parent") + m.group(3).count(".parent")
        if m.group(2) is not None:
            steps += int(m.group(2)) + 1
        if steps > depth + 1:
            found.append(m.group(0))
    for pattern in SIBLING:
        found += [m.group(0) for m in pattern.finditer(text)]
    return found


@pytest.mark.parametrize(("rel", "text", "bad"), [
    ("tests/test_x.py", 'Path(__file__).resolve().parents[1].parent / "data"', True),
    ("tests/test_x.py", 'Path(__file__).resolve().parents[1] / "benchmarks"', False),
    ("tests/deep/test_x.py", 'Path(__file__).resolve().parents[2]', False),
    ("tests/deep/test_x.py", 'Path(__file__).parent.parent.parent.parent', True),
    ("bench/corpus.py", 'MEANTIME = ROOT.parent / "benchmarks"', True),
    ("scripts/build_kb.py", "python scripts/build_kb.py --phoenix ../shared/benchmarks", True),
    ("src/eventwire/data/plover.yaml", "# see ../en/time.yaml", False),
    ("tests/test_web.py", '"/static/../../../../etc/passwd"', False),
    ("tests/test_x.py", 'open("samples/gold.jsonl")  # was shared/samples/gold.jsonl', True),
    ("tests/test_x.py", 'REPO / "shared" / "samples"', True),
    ("src/eventwire/stories/cluster.py", 'best["shared"]["kb_ids"]', False),
])
def test_the_guard_tells_inside_from_outside(rel, text, bad):
    assert bool(escapes(Path(rel), text)) is bad


def test_no_file_refers_to_a_path_outside_the_repository():
    files = tracked_files()
    assert len(files) > 100, "git ls-files found too little: is this a checkout?"
    offenders = {str(p.relative_to(REPO)): hits for p in files
                 if p != Path(__file__).resolve()
                 and (hits := escapes(p.relative_to(REPO), p.read_text("utf-8", "replace")))}
    assert offenders == {}


@pytest.mark.parametrize("name", sorted(BUILTIN))
def test_every_builtin_gold_set_is_in_the_repository(name):
    path, fmt, _ = resolve_gold(name)
    assert path.is_file() and path.resolve().is_relative_to(REPO), path
    assert fmt
