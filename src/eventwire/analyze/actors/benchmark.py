"""Country-set score of the actor resolver on the PLOVER gold-standard records.

For each sentence the gold actor/recipient country codes (old CAMEO codes mapped to ISO,
IGO/NGO codes left out) are compared with the countries of the actors the resolver finds
(places such as "in Syria" excluded). Micro-averaged precision, recall and F1.

    >>> score_plover_countries(Path("benchmarks/plover_gsr/PLOVER_GSR_CAMEO.txt"))
    {'records': 322, 'precision': ..., 'recall': ..., 'f1': ...}
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from eventwire.analyze.actors.resolve import ArticleActors, resolve_actors
from eventwire.knowledge import KnowledgeBase, load_kb
from eventwire.models import Article


@lru_cache(maxsize=1)
def cameo_codes() -> dict[str, str]:
    """Old CAMEO country code -> ISO alpha-3."""
    path = resources.files("eventwire") / "data" / "kb" / "cameo_codes.yaml"
    return dict(yaml.safe_load(path.read_text(encoding="utf-8")))


def gold_countries(record: dict[str, Any], known: set[str]) -> set[str]:
    """ISO codes of a PLOVER record's source and target actors."""
    out = set()
    for key in ("source", "target"):
        parties = record.get(key)
        for party in parties if isinstance(parties, list) else []:
            code = party.get("code") if isinstance(party, dict) else None
            code = cameo_codes().get(code, code)
            if code in known:
                out.add(code)
    return out


def found_countries(actors: ArticleActors, *, places: bool = False) -> set[str]:
    """Countries of the actors found (every member of plural mentions; places only if asked)."""
    out = set()
    for index, mention in enumerate(actors.mentions):
        if mention.label == "LOC" and not places:
            continue
        out |= {ref.country for ref in actors.refs_of(index) if ref.country}
    return out


def score_plover_countries(
    path: Path | str, *, kb: KnowledgeBase | None = None, places: bool = False
) -> dict[str, Any]:
    """Micro precision/recall/F1 of the per-sentence country sets, plus per-record details."""
    from eventwire.analyze.nlp import get_nlp

    kb = kb or load_kb()
    known = {e.kb_id for e in kb.countries()}
    records = [r for r in json.loads(Path(path).read_text(encoding="utf-8")) if r.get("text")]
    nlp = get_nlp("en")
    tp = fp = fn = 0
    details = []
    for record, doc in zip(records, nlp.pipe(r["text"] for r in records), strict=True):
        article = Article(
            id=record["id"],
            source=str(path),
            raw_text=record["text"],
            text=record["text"],
            content_hash="",
            language="en",
        )
        found = found_countries(resolve_actors(doc, article, kb), places=places)
        gold = gold_countries(record, known)
        tp, fp, fn = tp + len(gold & found), fp + len(found - gold), fn + len(gold - found)
        details.append({"id": record["id"], "gold": sorted(gold), "found": sorted(found)})
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "records": len(records),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "details": details,
    }
