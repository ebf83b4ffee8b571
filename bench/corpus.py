"""Realistic benchmark corpora: the examples, the 240 MEANTIME Wikinews articles (CC BY) and
the en/es/fr story fixtures, interleaved by language so that any slice loads all three pipelines.

MEANTIME ships tokens; we rebuild each document's text with simple detokenisation. Articles
are repeated with a numbered dateline so every copy has a distinct content hash (otherwise
the store would recognise them as duplicates and skip the analysis).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MEANTIME = ROOT / "benchmarks" / "meantime"
FIXTURES = ROOT / "tests" / "fixtures" / "stories" / "articles.jsonl"
NO_SPACE_BEFORE = re.compile(r" ([,.;:!?%)\]}»”’])")
NO_SPACE_AFTER = re.compile(r"([(\[{«“‘¿¡]) ")


def meantime_docs(lang: str) -> list[tuple[str, str]]:
    """(creation date, text) per MEANTIME document."""
    path = MEANTIME / lang / "test.tsv"
    if not path.exists():
        return []
    docs: list[tuple[str, list[list[str]]]] = []
    sentence: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r'\*!-DCTVALUE="([^"]+)"-!\*', line)
        if m:
            docs.append((m.group(1)[:10], []))
            continue
        if not line.strip():
            if sentence and docs:
                docs[-1][1].append(sentence)
            sentence = []
            continue
        sentence.append(line.split("\t")[0])
    if sentence and docs:
        docs[-1][1].append(sentence)
    out = []
    for date, sentences in docs:
        text = "\n".join(NO_SPACE_AFTER.sub(r"\1", NO_SPACE_BEFORE.sub(r"\1", " ".join(s)))
                         for s in sentences)
        if text.strip():
            out.append((date, text))
    return out


def fixture_docs() -> dict[str, list[dict]]:
    """The story fixtures (title and text) by language: the only French news texts we have."""
    out: dict[str, list[dict]] = {}
    for line in FIXTURES.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            text = f"{row['title']}\n\n{row['text']}" if row.get("title") else row["text"]
            out.setdefault(row["language"], []).append(
                {"text": text, "published": row.get("published")})
    return out


def build_corpus(n: int) -> list[dict]:
    """n JSON records (id, text, published) cycling over the sources, languages interleaved."""
    by_lang = fixture_docs()
    for path in sorted((ROOT / "examples" / "articles").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        m = re.match(r"\s*date (\d{4}-\d{2}-\d{2})\s*", text)
        lang = "es" if path.name.startswith("004_") else "en"  # the one Spanish example
        by_lang.setdefault(lang, []).append({"text": text[m.end():] if m else text,
                                             "published": m.group(1) if m else None})
    for lang in ("en", "es"):
        by_lang[lang].extend({"text": t, "published": d} for d, t in meantime_docs(lang))
    lists = [by_lang[lang] for lang in sorted(by_lang)]
    base = [docs[i] for i in range(max(map(len, lists))) for docs in lists if i < len(docs)]
    records = []
    for i in range(n):
        src = base[i % len(base)]
        records.append({"id": f"bench-{i:06d}", "published": src["published"],
                        "text": f"Report {i}. " + src["text"]})
    return records


def write_jsonl(records: list[dict], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path
