"""Linking titles and collective nouns to what qualifies them: a nationality adjective
("Iranian Foreign Minister", "presidente iraní"), an "of <country>" phrase ("de Siria"), a
ministry ("Foreign Ministry spokesman"), the person named next to them ("Foreign Minister Abbas
Araghchi", "Bassam al-Sabbagh, ministro de ...") and, for plural titles, a list of countries
("foreign ministers of Iran, Russia and Turkey").
"""

from __future__ import annotations

from spacy.tokens import Doc

from eventwire.analyze.actors.candidate import DETERMINERS, Cand, is_country_modifier
from eventwire.analyze.actors.lexicon import Lexicon


def link(doc: Doc, cands: list[Cand], lex: Lexicon) -> None:
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
    origins = lex.words("origin_words")
    for kinds in (("group",), ("title", "titles")):
        for cand in cands:
            if cand.kind not in kinds or cand.absorbed:
                continue
            if cand.kind == "titles":
                _attach_countries(doc, cand, by_start, by_end, ofs)
                continue
            _attach_left(doc, cand, by_end, tops)
            _attach_right(doc, cand, by_start, ofs, lex, origins)
            if cand.kind == "title":
                _attach_person(doc, cand, by_start, by_end)


def _country_of(cand: Cand | None) -> str | None:
    """The country a neighbour gives: a nationality/name, or a group already attributed."""
    if cand is None or cand.absorbed:
        return None
    if is_country_modifier(cand):
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
    if first is not None and is_country_modifier(first) and not first.absorbed:
        first.sector = group.sector


def _attach_right(
    doc: Doc, cand: Cand, by_start: dict[int, Cand], ofs: frozenset[str], lex: Lexicon,
    origins: frozenset[str] = frozenset(),
) -> None:
    """es/fr post-nominal adjectives ("presidente iraní"), a title continued after the adjective
    ("ministre iranien des Affaires étrangères"), "of Syria" / "de la diplomatie iranienne" and
    "soldiers from Turkey" (not "withdrew troops from Syria", where "from" goes with the verb)."""
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
    if step == cand.span_end and step < len(doc) and doc[step].lower_ in origins \
            and cand.start <= doc[step].head.i < cand.span_end:
        step += 1 + (step + 1 < len(doc) and doc[step + 1].lower_ in DETERMINERS)
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
