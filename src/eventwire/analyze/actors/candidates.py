"""Candidate actor spans of a parsed document, before resolution.

Sources, by priority when they overlap: the KB gazetteer (``doc.spans["kb"]``), spaCy NER
(names looked up in the KB, unknown people kept), then lexicon phrases (titles, collective
agents, anaphora cues) and pronouns. Titles and collective nouns are then linked to the
nationality adjective or "of <country>" phrase and to the person name next to them.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from eventwire.analyze.actors.candidate import DETERMINERS, Cand
from eventwire.analyze.actors.cues import attributed_pronoun, inverted_pronoun
from eventwire.analyze.actors.gazetteer import SPANS_KEY, parse_span_id
from eventwire.analyze.actors.lexicon import Lexicon, phrase_matcher
from eventwire.analyze.actors.linking import link
from eventwire.knowledge import Entry, KnowledgeBase

__all__ = ["Cand", "collect"]

PERSON_LABELS = {"PERSON", "PER"}
NAME_LABELS = PERSON_LABELS | {"ORG", "GPE", "NORP", "LOC", "MISC"}
PLACE_PREPS = {"in", "inside", "within", "across", "at", "en", "dans", "à", "au", "aux"}
CAPITAL_WORDS = {"capital", "capitale"}  # "Egypt's capital Cairo" names a place


NAMED_THINGS = {"ORG", "FAC", "WORK_OF_ART", "PRODUCT", "EVENT"}


def _inside_name(span: Span, doc: Doc) -> bool:
    """A capital inside a longer organisation name: "Washington Post", "Tehran Times"."""
    return any(
        e.label_ in NAMED_THINGS
        and e.start <= span.start
        and span.end <= e.end
        and len(e) > len(span)
        for e in doc.ents
    )


def _first_name(span: Span, doc: Doc, kb: KnowledgeBase) -> bool:
    """A country name opening a person's name: "Jordan Peterson", "Chad Smith" (but not
    "Syria Bashar al-Assad", where the rest is a known person)."""
    for ent in doc.ents:
        if ent.label_ in PERSON_LABELS and ent.start == span.start and ent.end > span.end:
            rest = doc[span.end : ent.end]
            return not any(e.kind == "person" for e, _ in kb.lookup(rest.text))
    return False


def _gazetteer(doc: Doc, kb: KnowledgeBase) -> list[Cand]:
    out = []
    for span in doc.spans.get(SPANS_KEY, []):
        kb_id, alias_kind, sector, _ = parse_span_id(span.id_)
        if alias_kind == "capital" and _inside_name(span, doc):
            continue
        if alias_kind in ("name", "capital") and _first_name(span, doc, kb):
            continue
        entry = kb.get(kb_id)
        if entry is None:
            continue
        if alias_kind == "name" and entry.kind == "country" and span.text.islower():
            alias_kind = "adjective"  # es/fr "siria", "china": the feminine adjective
        kind = {"person": "person", "organisation": "org"}.get(entry.kind, "country")
        out.append(Cand(span.start, span.end, kind, span.label_, entry, alias_kind, sector))
    return out


def _merged_ents(doc: Doc) -> list[Span]:
    """NER entities with adjacent PERSON pieces joined ("Mohammed Shia'" + "Al Sudani")."""
    ents: list[Span] = []
    for ent in doc.ents:
        prev = ents[-1] if ents else None
        if (
            prev is not None
            and prev.label_ in PERSON_LABELS
            and ent.label_ in PERSON_LABELS
            and ent.start - prev.end <= 1
            and all(t.text in {"'", "’", "-"} for t in doc[prev.end : ent.start])
        ):
            ents[-1] = doc[prev.start : ent.end]
            ents[-1].label_ = prev.label_
            continue
        ents.append(ent)
    return ents


def _strip_determiner(span: Span) -> Span:
    while len(span) > 1 and span[0].lower_ in DETERMINERS:
        span = span[1:]
    return span


def _ner(doc: Doc, kb: KnowledgeBase, lex: Lexicon, taken: list[Cand]) -> list[Cand]:
    out = []
    for ent in _merged_ents(doc):
        label = ent.label_  # a sliced span loses its label
        if label not in NAME_LABELS:
            continue
        ent = _strip_determiner(ent)
        is_person = label in PERSON_LABELS
        if is_person:
            ent = _strip_honorifics(ent, lex)
        probe = Cand(ent.start, ent.end, "", "")
        if any(probe.overlaps(c) for c in taken):
            continue
        hits = [h for h in kb.lookup(ent.text) if len(ent) > 1 or h[0].source != "phoenix"]
        if ent.text.islower():  # "la réunion" is a meeting, not Réunion
            hits = [h for h in hits if h[1].text.islower()]
        if not hits and label == "MISC":
            # es/fr NER's MISC "Un alto funcionario de Hamás": the known name inside it
            ent, hits = _inner_name(ent, kb)
        if hits:
            entry, alias = hits[0]
            kind = {"person": "person", "organisation": "org"}.get(entry.kind, "country")
            out.append(Cand(ent.start, ent.end, kind, label, entry, alias.kind, alias.sector))
        elif label in PERSON_LABELS | {"ORG", "MISC"} and _listed_place(doc, ent):
            continue  # "en Alepo, Idlib y Hama": NER's person is a town (analyze.places has it)
        elif is_person and _looks_like_name(ent):
            entry = _by_surname(kb, ent) if len(ent) <= 2 else None
            out.append(
                Cand(ent.start, ent.end, "person", "PERSON", entry, "surname" if entry else None)
            )
        elif label == "ORG":
            out.append(Cand(ent.start, ent.end, "org", "ORG"))
    return out


def _inner_name(ent: Span, kb: KnowledgeBase) -> tuple[Span, list]:
    """The first run of proper nouns inside ``ent`` that the KB knows (curated entries)."""
    runs, start = [], None
    for tok in [*ent, None]:
        if tok is not None and tok.pos_ == "PROPN" and tok.text[:1].isupper():
            start = tok.i if start is None else start
        elif start is not None:
            runs.append(ent.doc[start : tok.i if tok is not None else ent.end])
            start = None
    for run in runs:
        hits = [h for h in kb.lookup(run.text) if h[0].source != "phoenix"]
        if hits and len(run) < len(ent):
            return run, hits
    return ent, []


PLACE_LIST_WORDS = {",", "and", "y", "e", "et", "or", "o", "ou"}
MIN_PLACE_POPULATION = 100_000


def _listed_place(doc: Doc, span: Span) -> bool:
    """A "person" right after a preposition or in a list, that is also a sizeable town."""
    before = doc[span.start - 1] if span.start > 0 else None
    if before is None or not (before.pos_ == "ADP" or before.lower_ in PLACE_LIST_WORDS):
        return False
    from eventwire.analyze.places.index import lookup

    place = lookup(span.text)
    return place is not None and place.population >= MIN_PLACE_POPULATION


def _strip_honorifics(span: Span, lex: Lexicon) -> Span:
    """ "President Bush" -> "Bush", "Archbishop Desmond Tutu" -> "Desmond Tutu"."""
    while len(span) > 1 and span[0].lower_ in lex.honorifics:
        span = span[1:]
    return span


def _by_surname(kb: KnowledgeBase, span: Span) -> Entry | None:
    """A KB person known by this last name: the curated one, else one far better known than
    the others (more spellings recorded), else one of the country most of them share."""
    people = kb.lookup_surname(span.text)
    if not people:
        return None
    if people[0].source != "phoenix" or len(people) == 1:
        return people[0]
    ranked = sorted(people, key=lambda p: -len(p.aliases))
    if len(ranked[0].aliases) >= 2 * len(ranked[1].aliases):
        return ranked[0]
    countries = [(p.role_on(None) or p.base_role()).country for p in people]
    for person, country in zip(people, countries, strict=True):
        if countries.count(country) * 2 > len(countries):
            return person
    return None


NOT_NAME_POS = {"ADV", "VERB", "AUX", "ADP", "CCONJ", "SCONJ", "DET", "PRON", "ADJ"}


def _looks_like_name(span: Span) -> bool:
    """A plausible name: capitalised, no digits, not a sentence-initial "Además"/"Consideró"."""
    if not span[0].text[:1].isupper() or any(t.like_num for t in span):
        return False
    return span[0].pos_ not in NOT_NAME_POS and any(t.pos_ == "PROPN" for t in span)


def _lexicon(doc: Doc, lex: Lexicon, taken: list[Cand]) -> list[Cand]:
    matcher = phrase_matcher(lex.lang, doc.vocab)
    kinds = {
        "TITLE": "title",
        "GROUP": "group",
        "PAIR": "pair",
        "PAIR_COUNTRIES": "pair_countries",
        "THE_COUNTRY": "the_country",
        "POSS_COUNTRY": "poss_country",
        "REGIME": "regime",
        "GROUP_COUNTRY": "group_country",
        "TITLES": "titles",
    }
    found = []
    for match_id, start, end in matcher(doc):
        label = doc.vocab.strings[match_id]
        span = doc[start:end]
        if label in ("TITLE", "GROUP", "TITLES") and not _nominal(doc, span):
            continue  # "general assembly", "official visit", "military cooperation"
        cand = Cand(start, end, kinds[label], label if label in ("TITLE", "GROUP") else "NOMINAL")
        if label == "TITLE":
            cand.title = lex.titles[span.text.lower()]
        elif label == "TITLES":
            cand.title = lex.plural_titles[span.text.lower()]
        elif label == "GROUP":
            cand.sector = lex.groups[span.text.lower()]
        elif label == "GROUP_COUNTRY":
            cand.extra = lex.anaphora["group_country"][span.text.lower()]
        found.append(cand)
    # Longest first; a cue inside a name (e.g. "Security Council" words) yields to the name.
    found.sort(key=lambda c: (c.start, -(c.end - c.start)))
    out: list[Cand] = []
    for cand in found:
        if any(cand.overlaps(c) for c in taken + out):
            continue
        out.append(cand)
    return out


def _nominal(doc: Doc, span: Span) -> bool:
    """A title/group word used as a noun, not modifying the next noun ("official visit")."""
    last = span[-1]
    if last.pos_ in ("NOUN", "PROPN"):
        return True
    following = doc[span.end] if span.end < len(doc) else None
    return last.pos_ == "ADJ" and (following is None or following.pos_ not in ("NOUN", "PROPN"))


def _pronouns(doc: Doc, lex: Lexicon, taken: list[Cand]) -> list[Cand]:
    singular, plural = lex.words("person_pronouns"), lex.words("plural_pronouns")
    neuter = lex.words("neuter_pronouns")
    out = []
    for tok in doc:
        # "a-t-il déclaré" and "selon lui" name a person as "il" does.
        special = inverted_pronoun(tok, lex) or attributed_pronoun(tok, lex)
        low = tok.lower_
        if not special and low not in singular and low not in plural and low not in neuter:
            continue
        if not special and (tok.pos_ != "PRON" or not tok.dep_.startswith("nsubj")):
            continue
        probe = Cand(tok.i, tok.i + 1, "", "")
        if any(probe.overlaps(c) for c in taken):
            continue
        kind = "pron" if special or low in singular else "plural" if low in plural else "neuter"
        out.append(Cand(tok.i, tok.i + 1, kind, "PRON"))
    return out


def collect(doc: Doc, kb: KnowledgeBase, lex: Lexicon) -> list[Cand]:
    """All candidates in text order, linked (titles/groups with adjectives and names)."""
    cands = _gazetteer(doc, kb)
    named = _ner(doc, kb, lex, cands)
    # An organisation the KB does not know yields to a title or group phrase it overlaps
    # (fr NER: "ministre des Affaires étrangères de la" as an ORG).
    cands += [c for c in named if c.entry is not None or c.kind != "org"]
    cands += _lexicon(doc, lex, cands)
    cands += [
        c
        for c in named
        if c.entry is None and c.kind == "org" and not any(c.overlaps(o) for o in cands)
    ]
    cands += _pronouns(doc, lex, cands)
    cands.sort(key=lambda c: c.start)
    suffixes = lex.words("compound_suffixes")
    cands = [
        c for c in _drop_foreign_namesakes(doc, cands) if not _compound_modifier(doc, c, suffixes)
    ]
    _mark_locative(doc, cands)
    link(doc, cands, lex)
    return cands


def _compound_modifier(doc: Doc, cand: Cand, suffixes: frozenset[str]) -> bool:
    """ "Russian-made", "Syrian-backed", "pro-Iranian": a nationality inside a compound
    modifier describes something, it does not act ("US-led" and "Israeli-occupied" do)."""
    if cand.kind != "country" or cand.alias_kind not in ("adjective", "name"):
        return False
    after = doc[cand.end : cand.end + 2]
    if len(after) == 2 and after[0].text == "-" and after[1].lower_ in suffixes:
        return True
    before = doc[max(cand.start - 2, 0) : cand.start]
    return len(before) == 2 and before[1].text == "-" and before[0].lower_ in {"pro", "anti"}


def _drop_foreign_namesakes(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """ "San Jose, California": a capital followed by a place of another country is a namesake."""
    by_start = {c.start: c for c in cands}
    out = []
    for cand in cands:
        nxt = (
            by_start.get(cand.end + 1)
            if cand.end < len(doc) and doc[cand.end].text == ","
            else None
        )
        if (
            cand.kind == "country"
            and cand.alias_kind == "capital"
            and nxt is not None
            and nxt.entry is not None
            and nxt.entry.country
            and nxt.entry.country != cand.entry.country
        ):
            continue
        out.append(cand)
    return out


def _mark_locative(doc: Doc, cands: list[Cand]) -> None:
    """Country names and capitals right after a place preposition are places ("in Syria")."""
    for cand in cands:
        if cand.kind != "country" or cand.alias_kind not in ("name", "capital"):
            continue
        before = doc[cand.start - 1] if cand.start > 0 else None
        if before is not None and before.lower_ in PLACE_PREPS | CAPITAL_WORDS:
            cand.locative = True
