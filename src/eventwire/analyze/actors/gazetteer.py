"""The KB gazetteer: a spaCy ``SpanRuler`` that finds KB names even where NER misses them.

Matches go to ``doc.spans["kb"]`` (longest first, no overlaps). Each span's ``id_`` is
``"<kb_id>|<alias kind>|<sector>|<lower-ok>"`` so that the resolver knows what was matched.
Names are matched on lower-cased tokens; acronyms (UN, US, WHO) only in their exact case; a
match written all in lower case is kept only when the alias itself is lower case (es/fr
adjectives such as "iraní", "régimen sionista"), so that "us" is never the United States.
"""

from __future__ import annotations

import unicodedata

from spacy.language import Language
from spacy.tokens import Doc

from eventwire.knowledge import KnowledgeBase

SPANS_KEY = "kb"
FILTER_NAME = "eventwire_kb_filter"

LABELS = {"name": "GPE", "capital": "GPE", "adjective": "NORP", "demonym": "NORP", "alt": "GPE"}


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def _is_acronym(text: str) -> bool:
    """Aliases matched case-sensitively: any all-capital word of 2+ letters, or dotted (U.S.)."""
    words = text.replace("-", " ").split()
    return any(sum(c.isalpha() for c in w) >= 2 and w.isupper() for w in words) or (
        "." in text and len(text) <= 6
    )


def span_id(kb_id: str, kind: str, sector: str | None, lower_ok: bool) -> str:
    """Encode what a gazetteer span matched."""
    return f"{kb_id}|{kind}|{sector or ''}|{int(lower_ok)}"


def parse_span_id(value: str) -> tuple[str, str, str | None, bool]:
    """Inverse of :func:`span_id`."""
    kb_id, kind, sector, lower_ok = value.rsplit("|", 3)
    return kb_id, kind, sector or None, lower_ok == "1"


def build_patterns(nlp: Language, kb: KnowledgeBase, lang: str) -> list[dict]:
    """SpanRuler patterns for every gazetteer alias of ``lang`` (plus accent-less variants)."""
    patterns, seen = [], set()
    aliases = kb.gazetteer_aliases(lang)
    # es "Siria"/"siria", "China"/"china": one pattern (a name that may be written lower case).
    names = {(e.kb_id, t.lower()) for t, e, a in aliases if a.kind == "name"}
    lower_names = {(e.kb_id, t.lower()) for t, e, a in aliases if a.kind == "adjective"} & names
    for text, entry, alias in aliases:
        if alias.kind == "adjective" and (entry.kb_id, text.lower()) in lower_names:
            continue
        if entry.kind == "person":
            label = "PERSON"
        elif entry.kind == "organisation":
            label = "ORG"
        else:
            label = "ORG" if alias.kind == "alt" and alias.sector else LABELS[alias.kind]
        lower_ok = text == text.lower() or (entry.kb_id, text.lower()) in lower_names
        pid = span_id(entry.kb_id, alias.kind, alias.sector, lower_ok)
        for variant in {text, _strip_accents(text)}:
            if (variant, pid) in seen:
                continue
            seen.add((variant, pid))
            if _is_acronym(variant):
                tokens = [{"ORTH": t.text} for t in nlp.make_doc(variant)]
                patterns.append({"label": label, "pattern": tokens, "id": pid})
            else:
                patterns.append({"label": label, "pattern": variant, "id": pid})
    return patterns


@Language.component(FILTER_NAME)
def kb_case_filter(doc: Doc) -> Doc:
    """Drop all-lower-case matches of capitalised aliases ("turkey" the bird, "chile")."""
    kept = [
        span
        for span in doc.spans.get(SPANS_KEY, [])
        if any(c.isupper() for c in span.text) or parse_span_id(span.id_)[3]
    ]
    doc.spans[SPANS_KEY] = kept
    return doc


def add_gazetteer(nlp: Language, kb: KnowledgeBase, lang: str) -> Language:
    """Add the KB SpanRuler (+ case filter) to ``nlp``; returns ``nlp``."""
    # First in the pipeline: matching needs tokens only, and SpanRuler runs every earlier
    # component over each phrase pattern while adding them (slow for thousands of patterns).
    ruler = nlp.add_pipe(
        "span_ruler",
        name="eventwire_kb",
        first=True,
        config={
            "spans_key": SPANS_KEY,
            "phrase_matcher_attr": "LOWER",
            "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
            "annotate_ents": False,
            "validate": False,
        },
    )
    ruler.add_patterns(build_patterns(nlp, kb, lang))
    nlp.add_pipe(FILTER_NAME, after="eventwire_kb")
    return nlp


class _Entries:
    """Just some entries, with the KB's alias selection (for patterns of late additions)."""

    def __init__(self, entries: list) -> None:
        self.entries = {e.kb_id: e for e in entries}

    gazetteer_aliases = KnowledgeBase.gazetteer_aliases


def add_entries(nlp: Language, entries: list, lang: str) -> None:
    """Add the patterns of entries learned after ``nlp`` was built to its gazetteer."""
    if entries:
        nlp.get_pipe("eventwire_kb").add_patterns(build_patterns(nlp, _Entries(entries), lang))
