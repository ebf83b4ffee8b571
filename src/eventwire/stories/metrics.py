"""Clustering quality against gold story labels: pairwise precision/recall/F1 and B-cubed."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def pairwise(gold: Mapping[str, str], predicted: Mapping[str, str]) -> dict[str, float]:
    """Precision/recall/F1 over article pairs put in one story (gold vs predicted)."""
    ids = sorted(gold)
    tp = fp = fn = 0
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            same_gold = gold[a] == gold[b]
            same_pred = predicted[a] == predicted[b]
            tp += same_gold and same_pred
            fp += same_pred and not same_gold
            fn += same_gold and not same_pred
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": p, "recall": r, "f1": _f1(p, r)}


def bcubed(gold: Mapping[str, str], predicted: Mapping[str, str]) -> dict[str, float]:
    """B-cubed precision/recall/F1 (Bagga & Baldwin 1998), averaged over articles."""
    gold_members: dict[str, set[str]] = defaultdict(set)
    pred_members: dict[str, set[str]] = defaultdict(set)
    for item in gold:
        gold_members[gold[item]].add(item)
        pred_members[predicted[item]].add(item)
    p_sum = r_sum = 0.0
    for item in gold:
        g, c = gold_members[gold[item]], pred_members[predicted[item]]
        overlap = len(g & c)
        p_sum += overlap / len(c)
        r_sum += overlap / len(g)
    n = len(gold) or 1
    p, r = p_sum / n, r_sum / n
    return {"precision": p, "recall": r, "f1": _f1(p, r)}


def summary(gold: Mapping[str, str], predicted: Mapping[str, str]) -> dict[str, float]:
    """Both scores, flattened, plus story counts — what the benchmark and tests print."""
    pw, b3 = pairwise(gold, predicted), bcubed(gold, predicted)
    return {
        **{f"pairwise_{k}": round(v, 4) for k, v in pw.items()},
        **{f"bcubed_{k}": round(v, 4) for k, v in b3.items()},
        "gold_stories": len(Counter(gold.values())),
        "predicted_stories": len(Counter(predicted[k] for k in gold)),
    }
