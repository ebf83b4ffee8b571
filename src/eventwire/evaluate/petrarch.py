"""Score event coding on the PETRARCH2 unit-test records (benchmarks/petrarch2).

The records are coded against fictional-country dictionaries (``PETR.Validate.actors.txt`` and
``.agents.txt``); they are loaded through the TABARI importer (``knowledge.tabari``) into a
KB of their own, used instead of the packaged one.  Each sentence is coded with its record date;
a record is correct when the set of (source, target, CAMEO root) triples equals the expected
set ("no events" records: correct when nothing is coded).  Codes are compared in full
(``ARNGOV``) and, as a second figure, at country level (first three letters).

With ``verbs=True`` (the default) PETRARCH's own verb dictionary and discards
(``PETR.Validate.verbs.txt``, ``PETR.Validate.discards.txt``) are imported too
(``analyze.events.tabari``) and are the only event words, as the expected codes come from them:
no packaged verbs and no nominal events (PETRARCH codes verb phrases only); their non-CAMEO
test codes take a placeholder PLOVER category, and sentences with a discard phrase are left
uncoded.  A record whose supplied Treebank parse has unbalanced brackets is bad input: it is
rejected with the reason (``rejected_records``) and not coded, as the suite expects.
"""

from __future__ import annotations

import datetime as dt
import warnings
import xml.etree.ElementTree as ET
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from eventwire.analyze.events import tabari as tabari_verbs
from eventwire.errors import EventwireError
from eventwire.evaluate.common import ratio, reportable
from eventwire.knowledge import KnowledgeBase, tabari
from eventwire.models import ActorRef, Article, Event
from eventwire.settings import Settings

Triple = tuple[str, str, str]


class PetrarchFileError(EventwireError):
    """The unit-test file or its dictionaries cannot be read."""


def load_records(path: Path) -> list[dict[str, Any]]:
    """Sentences with id, date, text and expected triples (empty for no-event records)."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise PetrarchFileError(f"cannot read PETRARCH records {path}: {exc}") from exc
    out = []
    for sent in root.iter("Sentence"):
        codings = [c for c in sent.findall("EventCoding") if c.get("eventcode")]
        expected = {(c.get("sourcecode", ""), c.get("targetcode", ""), c.get("eventcode", "")[:2])
                    for c in codings}
        text = " ".join((sent.findtext("Text") or "").split())
        date = sent.get("date") or "20000101"
        out.append({"id": sent.get("id"), "text": text, "expected": expected,
                    "date": dt.date(int(date[:4]), int(date[4:6]), int(date[6:8])),
                    "input_error": _parse_error(sent.findtext("Parse") or "")})
    return [r for r in out if r["text"]]


def _parse_error(parse: str) -> str | None:
    """What is wrong with a record's supplied Treebank parse (unbalanced brackets), if anything.

    eventwire parses the text itself, but a record whose parse is malformed is bad input, and
    PETRARCH's suite expects it to be rejected rather than coded.
    """
    depth = 0
    for ch in parse:
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            return "the supplied parse closes a bracket it never opened"
    return f"the supplied parse leaves {depth} bracket(s) open" if depth else None


def _dictionary(path: Path, name: str) -> Path:
    for folder in (path.parent.parent / "dictionaries", path.parent):
        if (folder / name).is_file():
            return folder / name
    raise PetrarchFileError(f"{name} not found beside {path} (expected ../dictionaries/)")


@cache
def validation_kb(actors_file: Path) -> KnowledgeBase:
    """A KB made only of the PETRARCH validation actors (fictional countries included)."""
    actors = tabari.parse_actors(actors_file, strict=False)
    records = [[a.names, [[c.code, c.start.isoformat() if c.start else None,
                           c.end.isoformat() if c.end else None]
                          for c in a.codes if c.code not in tabari.NULL_CODES]]
               for a in actors]
    records = [r for r in records if r[1]]
    known = {code[:3] for _, codes in records for code, _, _ in codes if len(code) >= 3}
    entries = tabari.entries_from_converted({"actors": records}, known)
    # these are the only actors here, so they go into the gazetteer (the Phoenix base layer
    # of the packaged KB is left out of it)
    return KnowledgeBase(replace(e, source="petrarch-validation") for e in entries)


@cache
def _nlp(actors_file: Path) -> Any:
    import spacy

    from eventwire.analyze.actors.gazetteer import add_gazetteer
    from eventwire.analyze.nlp import MODELS

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*W095.*")
        nlp = spacy.load(MODELS["en"])
    return add_gazetteer(nlp, validation_kb(actors_file), "en")


def _noun_phrase(ref: ActorRef, doc: Any) -> str:
    """The words of the noun phrase an actor heads or modifies ("the Calenardhon government",
    "Bree Prime Minister Romendacil", "the ambassadors of Arnor"), or its own text."""
    at = doc.text.find(ref.text) if doc is not None and ref.text else -1
    span = doc.char_span(at, at + len(ref.text), alignment_mode="expand") if at >= 0 else None
    if span is None:
        return ref.text
    head = span.root
    while True:
        up = head.head
        if head.dep_ in {"compound", "amod", "nmod", "poss"} and up.pos_ in {"NOUN", "PROPN"}:
            head = up
        elif head.dep_ == "pobj" and up.lower_ == "of" and up.head.pos_ == "NOUN":
            head = up.head
        else:
            break
    left = [t for c in head.lefts for t in c.subtree]
    return " ".join(t.text for t in left + [head] + list(span))


def _code(ref: ActorRef, agents: list[tabari.TabariAgent], doc: Any = None) -> str:
    """The actor's code; a known country with an agent word in its noun phrase takes the agent's
    code ("Arnorian minister" -> ARNGOV), as TABARI composes actor and agent codes."""
    code = ref.code or ref.country or ref.name.upper()
    if ref.country and len(code) == 3:
        words = f" {_noun_phrase(ref, doc).lower()} "
        for agent in agents:
            if not agent.is_prefix and any(f" {p.lower()} " in words for p in agent.phrases):
                return code + agent.sector
    return code


def triples(events: list[Event], agents: list[tabari.TabariAgent], doc: Any = None) -> set[Triple]:
    """(source, target, CAMEO root) of every reportable event and actor pair.

    PETRARCH codes only dyads, so events without a target (``recipients``) are left out, except
    joint acts of several actors ("Gondor and Osgiliath have delayed their meeting"), which are
    each actor's act on each other, as PETRARCH codes a compound subject.
    """
    out = set()
    for ev in reportable(events):
        root = (ev.cameo or "")[:2]
        codes = [_code(a, agents, doc) for a in ev.actors]
        targets = [_code(r, agents, doc) for r in ev.recipients]
        if not targets and len(set(codes)) > 1:
            out |= {(a, b, root) for a in codes for b in codes if a != b}
        out |= {(a, r, root) for a in codes for r in targets}
    return out


def _country_level(found: set[Triple]) -> set[Triple]:
    return {(s[:3], t[:3], root) for s, t, root in found}


def code_sentence(record: dict[str, Any], actors_file: Path,
                  discards: tuple[str, ...] = ()) -> list[Event]:
    """Events of one unit-test sentence, resolved against the validation KB."""
    from eventwire.analyze.actors.resolve import resolve_actors
    from eventwire.analyze.events.coder import extract_events

    text = record["text"]
    article = Article(id=record["id"], source=record["id"], raw_text=text, text=text,
                      content_hash=record["id"], published=record["date"], language="en")
    if discards and tabari_verbs.discarded(text, discards):
        return []  # TABARI leaves sentences with a discard phrase (sports, typhoons) uncoded
    doc = _nlp(actors_file)(text)
    actors = resolve_actors(doc, article, validation_kb(actors_file))
    return extract_events(doc, article, actors, [], "en")


def _lexicon(path: Path, verbs: bool) -> Any:
    """The English event lexicon, with the validation verb dictionary layered on when asked."""
    from eventwire.analyze.events.lexicon import load_lexicon
    from eventwire.analyze.events.tabari import load_verbs, with_verb_layer

    lex = load_lexicon("en")
    if not verbs:
        return lex
    layer = load_verbs(_dictionary(path, "PETR.Validate.verbs.txt"), fallback="AGREE", base=lex)
    return with_verb_layer(lex, layer, only=True)


def evaluate_petrarch(path: str | Path, *, settings: Settings | None = None,
                      limit: int | None = None, verbs: bool = True) -> dict[str, Any]:
    """Exact-match rate of (source, target, CAMEO root) sets over the unit-test records."""
    from eventwire.analyze.events.lexicon import override_lexicon

    path = Path(path).resolve()
    discards = tabari_verbs.load_discards(_dictionary(path, "PETR.Validate.discards.txt")) \
        if verbs else ()
    with override_lexicon(_lexicon(path, verbs)):
        return _score(path, limit, discards)


def _score(path: Path, limit: int | None, discards: tuple[str, ...]) -> dict[str, Any]:
    """Code and score every record (under whatever event lexicon is active)."""
    actors_file = _dictionary(path, "PETR.Validate.actors.txt")
    agents = tabari.parse_agents(_dictionary(path, "PETR.Validate.agents.txt"))
    n = exact = country = no_event = no_event_ok = 0
    misses: list[dict[str, Any]] = []
    rejected: list[dict[str, str]] = []
    for record in load_records(path)[:limit]:
        if record["input_error"]:
            rejected.append({"id": record["id"], "error": record["input_error"]})
        events = [] if record["input_error"] else code_sentence(record, actors_file, discards)
        doc = _nlp(actors_file)(record["text"]) if events else None  # for agent words
        found = triples(events, agents, doc)
        expected = record["expected"]
        n += 1
        exact += int(found == expected)
        country += int(_country_level(found) == _country_level(expected))
        if not expected:
            no_event += 1
            no_event_ok += int(not found)
        if found != expected:
            misses.append({"id": record["id"], "expected": sorted(expected),
                           "found": sorted(found)})
    return {
        "records": n,
        "exact": ratio(exact, n),
        "exact_country_level": ratio(country, n),
        "no_event_records": no_event,
        "no_event_correct": ratio(no_event_ok, no_event),
        "rejected_records": rejected,  # bad input: not coded
        "kb_actors": len(validation_kb(actors_file).entries)
        if hasattr(validation_kb(actors_file), "entries") else None,
        "agents": len(agents),
        "misses": misses,
    }
