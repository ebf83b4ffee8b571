"""Candidate actor spans of a parsed document, before resolution.

Sources, by priority when they overlap: the KB gazetteer (``doc.spans["kb"]``), spaCy NER
(names looked up in the KB, unknown people kept), then lexicon phrases (titles, collective
agents, anaphora cues) and pronouns. Titles and collective nouns are then linked to the
nationality adjective or "of <country>" phrase and to the person name next to them.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from eventwire.analyze.actors.gazetteer import SPANS_KEY, parse_span_id
from eventwire.analyze.actors.kb import Entry, KnowledgeBase
from eventwire.analyze.actors.lexicon import Lexicon, phrase_matcher

PERSON_LABELS = {"PERSON", "PER"}
NAME_LABELS = PERSON_LABELS | {"ORG", "GPE", "NORP", "LOC", "MISC"}
LOCATIVE = {
    "in",
    "inside",
    "within",
    "across",
    "at",
    "to",
    "from",
    "en",
    "dans",
    "à",
    "au",
    "aux",
    "a",
    "desde",
    "hacia",
    "de",
}
PLACE_PREPS = {"in", "inside", "within", "across", "at", "en", "dans", "à", "au", "aux"}
CAPITAL_WORDS = {"capital", "capitale"}  # "Egypt's capital Cairo" names a place
DETERMINERS = {"the", "a", "an", "el", "la", "los", "las", "le", "les", "l'", "un", "une", "una"}


@dataclass
class Cand:
    """A span (token offsets) that may refer to an actor."""

    start: int
    end: int
    kind: str  # country|person|org|title|group|pron|plural|pair|pair_countries|...
    label: str
    entry: Entry | None = None
    alias_kind: str | None = None
    sector: str | None = None
    title: str | None = None
    country: str | None = None  # from a nationality adjective / "of X" next to a title or group
    top: bool = False
    person: Cand | None = None  # the name a title is attached to
    titled_by: Cand | None = None  # the title attached to this name
    absorbed: bool = False  # an adjective or title folded into a neighbour
    extra: str | None = None  # group name for "the Arab country"
    locative: bool = False  # "in Syria", "à Téhéran": the place, not the actor
    countries: list[str] | None = None  # plural titles: "foreign ministers of Iran and Turkey"
    span_start: int = -1  # the mention's extent once attached words are folded in
    span_end: int = -1

    def __post_init__(self) -> None:
        self.span_start, self.span_end = self.start, self.end

    def overlaps(self, other: Cand) -> bool:
        return self.start < other.end and other.start < self.end


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
        if ent.label_ not in NAME_LABELS:
            continue
        ent = _strip_determiner(ent)
        is_person = ent.label_ in PERSON_LABELS
        if is_person:
            ent = _strip_honorifics(ent, lex)
        probe = Cand(ent.start, ent.end, "", "")
        if any(probe.overlaps(c) for c in taken):
            continue
        hits = [h for h in kb.lookup(ent.text) if len(ent) > 1 or h[0].source != "phoenix"]
        if hits:
            entry, alias = hits[0]
            kind = {"person": "person", "organisation": "org"}.get(entry.kind, "country")
            out.append(Cand(ent.start, ent.end, kind, ent.label_, entry, alias.kind, alias.sector))
        elif is_person and _listed_place(doc, ent):
            continue  # "en Alepo, Idlib y Hama": NER's person is a town (analyze.places has it)
        elif is_person and _looks_like_name(ent):
            entry = _by_surname(kb, ent) if len(ent) <= 2 else None
            out.append(
                Cand(ent.start, ent.end, "person", "PERSON", entry, "surname" if entry else None)
            )
        elif ent.label_ == "ORG":
            out.append(Cand(ent.start, ent.end, "org", "ORG"))
    return out


PLACE_LIST_WORDS = {",", "and", "y", "e", "et", "or", "o", "ou"}
MIN_PLACE_POPULATION = 100_000


def _listed_place(doc: Doc, span: Span) -> bool:
    """A "person" right after a preposition or in a list, that is also a sizeable town."""
    before = doc[span.start - 1] if span.start > 0 else None
    if before is None or not (before.pos_ == "ADP" or before.lower_ in PLACE_LIST_WORDS):
        return False
    from eventwire.analyze.places_index import lookup

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
    out = []
    for tok in doc:
        low = tok.lower_
        if low not in singular and low not in plural:
            continue
        if tok.pos_ != "PRON" or not tok.dep_.startswith("nsubj"):
            continue
        probe = Cand(tok.i, tok.i + 1, "", "")
        if any(probe.overlaps(c) for c in taken):
            continue
        out.append(Cand(tok.i, tok.i + 1, "pron" if low in singular else "plural", "PRON"))
    return out


def collect(doc: Doc, kb: KnowledgeBase, lex: Lexicon) -> list[Cand]:
    """All candidates in text order, linked (titles/groups with adjectives and names)."""
    cands = _gazetteer(doc, kb)
    cands += _ner(doc, kb, lex, cands)
    cands += _lexicon(doc, lex, cands)
    cands += _pronouns(doc, lex, cands)
    cands.sort(key=lambda c: c.start)
    suffixes = lex.words("compound_suffixes")
    cands = [
        c for c in _drop_foreign_namesakes(doc, cands) if not _compound_modifier(doc, c, suffixes)
    ]
    _mark_locative(doc, cands)
    _link(doc, cands, lex)
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


def _is_country_modifier(c: Cand) -> bool:
    return (
        c.kind == "country" and c.alias_kind in ("adjective", "demonym", "name") and not c.locative
    )


def _link(doc: Doc, cands: list[Cand], lex: Lexicon) -> None:
    """Attach nationality adjectives, "of <country>" phrases and names to titles and groups.

    Groups first ("Foreign Ministry", "diplomatie iranienne"), so that a title next to a group
    ("Iranian Foreign Ministry spokesman", "porte-parole de la diplomatie iranienne") can take
    the group's country.
    """
    by_start = {c.start: c for c in cands}
    by_end = {c.end: c for c in cands}
    tops = lex.words("top_markers")
    # "of", "de", "de la", "d'": single words, plus articles ("of the", "de la")
    ofs = frozenset(w for phrase in lex.words("of_words") for w in phrase.split()) | DETERMINERS
    for kinds in (("group",), ("title", "titles")):
        for cand in cands:
            if cand.kind not in kinds or cand.absorbed:
                continue
            if cand.kind == "titles":
                _attach_countries(doc, cand, by_start, by_end, ofs)
                continue
            _attach_left(doc, cand, by_end, tops)
            _attach_right(doc, cand, by_start, ofs, lex)
            if cand.kind == "title":
                _attach_person(doc, cand, by_start, by_end)


def _country_of(cand: Cand | None) -> str | None:
    """The country a neighbour gives: a nationality/name, or a group already attributed."""
    if cand is None or cand.absorbed:
        return None
    if _is_country_modifier(cand):
        return cand.entry.country if cand.entry else None
    if cand.kind == "group" and cand.country:
        return cand.country
    return None


def _attach_left(doc: Doc, cand: Cand, by_end: dict[int, Cand], tops: frozenset[str]) -> None:
    """ "Iranian Foreign Minister", "the top Iranian diplomat", "Syria's army",
    "Kenyan Trade Minister" (capitalised portfolio words in between)."""
    pos = cand.start
    while pos > 0 and doc[pos - 1].lower_ in tops:
        cand.top = True
        pos -= 1
    left = by_end.get(pos)
    if left is None and pos > 0 and doc[pos - 1].lower_ in {"'s", "’s"}:
        left = by_end.get(pos - 1)  # possessive: "Syria's foreign minister"
    skip = pos
    while left is None and skip > 0 and pos - skip < 3 and doc[skip - 1].is_title:
        skip -= 1  # "Trade" in "Kenyan Trade Minister"
        left = by_end.get(skip)
    country = _country_of(left)
    if country is None:
        if cand.top:
            cand.span_start = pos
        return
    cand.country, left.absorbed = country, True
    cand.span_start = left.span_start
    if left.span_start > 0 and doc[left.span_start - 1].lower_ in tops:
        cand.top = True
        cand.span_start = left.span_start - 1
    if cand.kind == "group" and left.kind == "country":
        _share_conjoined(doc, left, cand, by_end)


def _share_conjoined(doc: Doc, adjective: Cand, group: Cand, by_end: dict[int, Cand]) -> None:
    """ "Syrian and Russian forces": the first adjective also names a group of that sector."""
    root = doc[adjective.start]
    if root.dep_ != "conj":
        return
    first = by_end.get(root.head.i + 1)
    if first is not None and _is_country_modifier(first) and not first.absorbed:
        first.sector = group.sector


def _attach_right(
    doc: Doc, cand: Cand, by_start: dict[int, Cand], ofs: frozenset[str], lex: Lexicon
) -> None:
    """es/fr post-nominal adjectives ("presidente iraní"), a title continued after the adjective
    ("ministre iranien des Affaires étrangères") and "of Syria" / "de la diplomatie iranienne"."""
    right = by_start.get(cand.span_end)
    if cand.country is None and right is not None and right.kind == "country":
        if right.alias_kind == "adjective" and not right.locative:
            cand.country, right.absorbed = right.entry.country, True
            cand.span_end = right.end
    if cand.kind == "title":
        _extend_title(doc, cand, lex)
    step = cand.span_end
    while step < len(doc) and step - cand.span_end < 2 and doc[step].lower_ in ofs:
        step += 1
    if step == cand.span_end or cand.country is not None:
        return
    right = by_start.get(step)
    if right is not None and right.kind == "country" and right.alias_kind == "name":
        right.locative = False  # "of Syria" names the country the title belongs to
    country = _country_of(right)
    if country is not None:
        cand.country, right.absorbed = country, True
        cand.span_end = right.span_end


def _extend_title(doc: Doc, title: Cand, lex: Lexicon) -> None:
    """Upgrade "ministre" + "des Affaires étrangères" (after an adjective) to the full title."""
    head = doc[title.start : title.end].text.lower()
    for size in (4, 3, 2, 1):
        tail = doc[title.span_end : title.span_end + size]
        if len(tail) == size and f"{head} {tail.text.lower()}" in lex.titles:
            title.title = lex.titles[f"{head} {tail.text.lower()}"]
            title.span_end = tail.end
            return


def _attach_person(
    doc: Doc, title: Cand, by_start: dict[int, Cand], by_end: dict[int, Cand]
) -> None:
    """Link "Bassam al-Sabbagh, ministro de Relaciones Exteriores de Siria" (apposition after
    the name, checked first), "Foreign Minister Abbas Araghchi" and "the Iranian president,
    Masoud Pezeshkian"."""
    start = title.span_start
    while start > 0 and doc[start - 1].lower_ in DETERMINERS:
        start -= 1
    if start > 1 and doc[start - 1].text == ",":
        prev = by_end.get(start - 1)
        if prev is not None and prev.kind == "person" and prev.titled_by is None:
            _tie(title, prev)
            return
    pos = title.span_end
    if pos < len(doc) and doc[pos].text == "," and title.country:
        pos += 1
    nxt = by_start.get(pos)
    if nxt is not None and nxt.kind == "person" and nxt.titled_by is None:
        _tie(title, nxt)


def _attach_countries(
    doc: Doc, cand: Cand, by_start: dict[int, Cand], by_end: dict[int, Cand], ofs: frozenset[str]
) -> None:
    """ "foreign ministers of Iran, Russia and Turkey", "Iranian and Turkish presidents"."""
    found: list[Cand] = []
    pos = cand.end
    while pos < len(doc) and doc[pos].lower_ in ofs and pos - cand.end < 2:
        pos += 1
    if pos > cand.end:
        pos = _collect_list(doc, pos, by_start, found, forward=True)
        if found:
            cand.span_end = found[-1].end
    if not found:
        _collect_list(doc, cand.start, by_end, found, forward=False)
        if found:
            cand.span_start = min(c.start for c in found)
    cand.countries = [c.entry.country for c in found if c.entry]
    for country in found:
        country.absorbed, country.locative = True, False


LIST_WORDS = {",", "and", "y", "e", "et"}


def _collect_list(
    doc: Doc, pos: int, index: dict[int, Cand], found: list[Cand], *, forward: bool
) -> int:
    """Country names/adjectives in a list ("Iran, Russia and Turkey") from ``pos``."""
    while True:
        cand = index.get(pos)
        if cand is None or cand.kind != "country" or cand.alias_kind not in ("name", "adjective"):
            return pos
        found.append(cand)
        pos = cand.end if forward else cand.start
        nxt = pos if forward else pos - 1
        if not (0 <= nxt < len(doc) and doc[nxt].lower_ in LIST_WORDS):
            return pos
        pos = nxt + 1 if forward else nxt
        if forward and pos < len(doc) and doc[pos].lower_ in LIST_WORDS:
            pos += 1  # ", and"
        if not forward and pos > 0 and doc[pos - 1].lower_ in LIST_WORDS:
            pos -= 1


def _tie(title: Cand, person: Cand) -> None:
    title.person, person.titled_by, title.absorbed = person, title, True


def token_in_quotes(tok: Token) -> bool:
    """Rough check: an odd number of quote marks before the token in its sentence."""
    sent = tok.sent
    marks = sum(1 for t in sent[: tok.i - sent.start] if t.text in {'"', "“", "”", "«", "»"})
    return marks % 2 == 1
