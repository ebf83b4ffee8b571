"""PLOVER event coding: sentence frames (``events.frames``) -> resolved, dated, sourced Events.

``extract_events(doc, article, actors, quotes, lang)`` codes every sentence of a parsed article.
Each event carries its evidence (sentence text and offsets), trigger words and offsets, the
lexicon entry or pattern that fired (``rule``), a PLOVER score, a CAMEO code, a date from
``analyze.dates`` and a place from ``analyze.places``.

Policy decisions (see docs/ONTOLOGY.md):
- an event needs an actor: frames whose actor cannot be resolved are dropped (every PLOVER
  category is an act *by* someone; an anonymous "an attack took place" is not codable);
- negated and hypothetical events are emitted with ``negated`` / ``hypothetical`` set;
- future or promised CONSULT / SUPPORT / COOPERATE / AID / RETREAT / CONCEDE become AGREE,
  announced future ASSAULT / COERCE / SANCTION / PROTEST become THREATEN (``future`` set);
- "X said Y must ..." is a REQUEST by X to Y; decisions ("decided to suspend aid") are the act;
- in a quote, "we" / "I" and a missing subject are the quote's speaker, and an event coded
  from a quote or reported statement carries ``quote_index`` and the speaker as actor.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from spacy.tokens import Doc, Span, Token

from eventwire.analyze.events import fallback as fb
from eventwire.analyze.events import grammar as g
from eventwire.analyze.events import learned as ml
from eventwire.analyze.events.clauses import contexts, event_date, weapon_mode
from eventwire.analyze.events.frames import _flags, _verb_frame, accusations, find_frames
from eventwire.analyze.events.lexicon import Lexicon, load_lexicon
from eventwire.analyze.events.post import actor_key as _key
from eventwire.analyze.events.post import (
    author,
    dedupe,
    fill_interlocutors,
    local_refs,
    localised,
    main_country,
    other_mentions,
    share_dates,
)
from eventwire.models import ActorRef, Article, Event, Quote

VERSION = "4"

# Diplomatic categories whose recipient is another country than the actor's ("Pezeshkian
# announced Iran's readiness ..." is not Iran promising Iran); elsewhere a government may act
# on its own people (arrests, curfews lifted, domestic protests).
_FOREIGN = {"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "REQUEST"}
# Dependents that are not part of a noun phrase's own words (for the phrase's span).
_OUTSIDE_PHRASE = {"prep", "relcl", "acl", "advcl", "cc", "conj", "punct", "nmod", "appos:rel"}


_NAMED = {"PERSON", "ORG", "NORP", "PER"}  # unresolved named mentions that still make actors


def _matrix_subject(pron: Token) -> list[Token]:
    """'Iraq said it would allow ...': a pronoun subject of a reported clause is the speaker."""
    if pron.dep_ not in g.SUBJ or "1" in pron.morph.get("Person"):
        return []
    node = pron.head
    for _ in range(3):
        if node.dep_ in {"ccomp", "xcomp", "conj", "advcl"} and node.head.i != node.i:
            subj = [s for s in g.subjects(node.head) if s.pos_ != "PRON"]
            if subj:
                return subj
            node = node.head
        else:
            return []
    return []


@dataclass
class _Coder:
    """Per-article state: the actor layer, quotes, and the last actor seen (for pro-drop)."""

    doc: Doc
    article: Article
    actors: Any  # ArticleActors
    quotes: list[Quote]
    lex: Lexicon
    lang: str
    last_actor: list[ActorRef] = field(default_factory=list)
    home: str | None = None  # the article's main country (_main_country)
    author: ActorRef | None = None  # who issues a statement, from its byline block (_author)

    # -- actors ------------------------------------------------------------------------------
    def quote_at(self, tok: Token) -> int | None:
        """Index of the quote whose words contain this token."""
        for i, q in enumerate(self.quotes):
            if q.start <= tok.idx < q.end:
                return i
        return None

    def _phrase(self, tok: Token) -> tuple[int, int]:
        """Character span of a noun phrase without its prepositional / clausal dependents."""
        words = [tok]
        for child in tok.children:
            # an nmod without a preposition is the phrase's own modifier ("U.S. and Russian
            # negotiators"); with one ("de Francia") it is a prepositional dependent
            if child.dep_ not in _OUTSIDE_PHRASE or (child.dep_ == "nmod" and not any(
                    c.dep_ == "case" for c in child.children)):
                words.extend(child.subtree)
        return min(w.idx for w in words), max(w.idx + len(w) for w in words)

    def _named(self, start: int, end: int) -> list[ActorRef]:
        """A named entity the KB does not know is still an actor (name only, no country)."""
        return [
            ActorRef(name=m.text, text=m.text)
            for m in self.actors.mentions
            if m.actor is None and m.label in _NAMED and start <= m.start and m.end <= end
        ][:1]

    def resolve(self, tokens: list[Token], seen: frozenset[int] = frozenset(), *,
                named: bool = True) -> list[ActorRef]:
        """Actors the tokens refer to (quote speakers for "we" / "I"); ``named``: unknown
        named entities count too (for actors, not for recipients found in a complement)."""
        out: dict[str, ActorRef] = {}
        for tok in tokens:
            refs: list[ActorRef] = []
            q = self.quote_at(tok)
            if q is not None and g.lemma(tok) in self.lex.cue("first_person"):
                speaker = self.quotes[q].speaker
                refs = [speaker] if speaker else []
            if not refs:
                refs = list(self.actors.for_token(tok) or [])
            if tok.pos_ == "NOUN":  # "Hungarian and Romanian officials": every country named
                refs = refs + [r for r in self.actors.for_span(*self._phrase(tok)) or []
                               if r.country and r.country not in {x.country for x in refs}]
            if refs and tok.pos_ == "NOUN":  # "las policías de Brasil y Paraguay": both
                refs = refs + self._conjoined_owners(tok, refs)
            if not refs and tok.pos_ == "PROPN":
                refs = list(self.actors.for_span(*self._phrase(tok)) or [])
            if not refs and tok.pos_ == "PRON" and tok.i not in seen:
                refs = self.resolve([a for a in _matrix_subject(tok)], seen | {tok.i})
            if not refs and (g.lemma(tok) in self.lex.cue("quantity") or tok.pos_ == "NUM"):
                preps = g.prep_args(tok)
                part = [t for p in self.lex.cue("partitive") for t in preps.get(p, [])] + [
                    c for c in tok.children if c.dep_ in {"nmod", "flat"}]
                refs = self.resolve(part, seen | {tok.i}) if part else []
            if not refs and named and tok.pos_ in {"PROPN", "NOUN"}:
                refs = self._named(*self._phrase(tok))
            for ref in refs:
                out.setdefault(_key(ref), ref)
        return list(out.values())

    def _conjoined_owners(self, tok: Token, refs: list[ActorRef]) -> list[ActorRef]:
        """The conjuncts of the of-phrase that gave a group noun its actor."""
        keys, out = {_key(r) for r in refs}, []
        preps = g.prep_args(tok)
        for owner in preps.get("de", []) + preps.get("of", []):
            if keys & {_key(r) for r in self.actors.for_token(owner) or []}:
                out += [r for c in owner.conjuncts for r in self.actors.for_token(c) or []
                        if _key(r) not in keys]
        return out

    def frame_actors(self, frame: g.Frame) -> list[ActorRef]:
        actors = self.resolve(frame.actors) or self.resolve(frame.alt_actors)
        q = self.quote_at(frame.trigger)
        if not actors and not frame.actors and q is not None and _finite(frame.trigger) \
                and "3" not in frame.trigger.morph.get("Person"):
            quote = self.quotes[q]  # a subject-less finite verb in a direct quote: the speaker
            # (in the first person: "apoyaba" of someone named before is not the speaker's)
            actors = [quote.speaker] if quote.direct and quote.speaker is not None else []
        if not actors and not frame.actors and frame.kind in {"verb", "governed", "light"}:
            # "a-t-il déclaré", "arrived and said", "Afirmó que ...": the actor layer knows who
            actors = list(self.actors.implicit_subject(frame.words[0]))
        if not actors and self.author is not None and self._first_person(frame) and (
                q is None or self.quotes[q].speaker is None):
            # "We condemn ...", "Condenamos ..." in a signed statement (or in a transcript turn
            # whose speaker the actor layer does not know)
            actors = [self.author]
        if not actors and not frame.actors and self.lex.pro_drop and frame.kind in {
            "verb", "governed", "light"
        } and _finite(frame.words[0]):
            actors = list(self.last_actor)  # pro-drop: "Afirmó que ..." continues the subject
        if actors and frame.kind in {"verb", "governed", "light"}:
            self.last_actor = actors
        return actors

    def _first_person(self, frame: g.Frame) -> bool:
        """The frame's subject is 'we' / 'I' (or, dropped, a first-person verb)."""
        first = self.lex.cue("first_person")
        if frame.actors:
            return all(g.lemma(t) in first or t.lower_ in first for t in frame.actors)
        head = frame.words[0]
        return frame.kind in {"verb", "governed", "light"} and "1" in head.morph.get("Person")

    def antecedent(self, tok: Token, own: set[str]) -> list[ActorRef]:
        """The nearest actor named before a clitic in its sentence, other than the actors
        ("Recevant son homologue serbe, le président français lui a demandé ...")."""
        start = tok.sent.start_char
        for m in reversed(self.actors.mentions):
            if start <= m.start and m.end <= tok.idx and m.actor is not None \
                    and _key(m.actor) not in own:
                return [m.actor]
        return []

    def frame_recipients(self, frame: g.Frame, actors: list[ActorRef]) -> list[ActorRef]:
        """The first recipient slot that resolves to actors other than the actors."""
        own = {_key(a) for a in actors}
        countries = {a.country for a in actors if a.country}
        sectors = {a.sector for a in actors if a.country}
        for slot in frame.recipients:
            refs = []
            for tok in slot:  # the first phrase of the slot naming someone (with its conjuncts)
                # an unknown named party counts too (it takes the place's country later), but
                # not for acts aimed abroad, where that country would be the actor's own
                refs = [r for r in self.resolve([tok], named=frame.type not in _FOREIGN)
                        if _key(r) not in own]
                if not refs and g.object_clitic(tok):
                    refs = self.antecedent(tok, own)
                if frame.type == "MOBILIZE":  # "deployed troops to ...": one's own forces
                    refs = [r for r in refs if not r.country or r.country not in countries]
                if frame.type in _FOREIGN:  # own country, unless another body of it (for
                    # one country's act: "Hungarian and Romanian officials" have no such other)
                    refs = [r for r in refs if not r.country or r.country not in countries
                            or (r.sector and r.sector not in sectors and len(countries) == 1)]
                if refs:
                    break
            foreign = [r for r in refs if r.country and r.country not in countries]
            if foreign and len(foreign) < len(refs):  # "between the two neighbours": the other
                refs = foreign + [r for r in refs if not r.country]
            if refs:
                return refs
        return []


def _finite(tok: Token) -> bool:
    return tok.pos_ in {"VERB", "AUX"} and not set(tok.morph.get("VerbForm")) & {
        "Inf", "Ger", "Part"} and tok.tag_ not in {"VB", "VBG", "VBN", "TO"}


def _span(words: list[Token]) -> tuple[str, int, int]:
    words = sorted(words, key=lambda t: t.i)
    start, end = words[0].idx, words[-1].idx + len(words[-1])
    doc = words[0].doc
    if words[-1].i - words[0].i + 1 == len(words):
        return doc.text[start:end], start, end
    return " ".join(w.text for w in words), start, end


def _convert(frame: g.Frame, lex: Lexicon) -> tuple[str, str | None, bool]:
    """PLOVER's future rules: promised cooperation is AGREE, announced conflict a THREATEN."""
    rules = lex.ontology.rules
    if frame.future and frame.negated and frame.type in rules["refused_when_negated"]:
        return "REJECT", rules["request_modes"].get(frame.type), True  # "will not accept"
    if frame.future and _ultimatum(frame, lex):  # "will withdraw its troops unless ..."
        return "THREATEN", None, True
    if frame.future and frame.type in rules["future_to_agree"]:
        return "AGREE", None, True
    if frame.future and frame.type in rules["future_to_threaten"]:
        modes = rules["threat_modes"]
        mode = modes.get(f"{frame.type}/{frame.mode}") or modes.get(frame.type)
        return "THREATEN", mode, True
    return frame.type, frame.mode, False


def _ultimatum(frame: g.Frame, lex: Lexicon) -> bool:
    """An announced act made conditional on the other side's conduct is a threat."""
    marks = [m for c in frame.trigger.children if c.dep_ in {"advcl", "ccomp"}
             for m in c.children if m.dep_ == "mark"]
    marks += [m for m in frame.trigger.children if m.dep_ in {"mark", "advmod"}]
    for mark in marks:  # "a menos que", "à moins que": the fixed words count too
        words = {g.lemma(mark)} | {g.lemma(f) for f in mark.children if f.dep_ == "fixed"}
        if words & lex.cue("ultimatum"):
            return True
    return False


def _confidence(frame: g.Frame, lex: Lexicon, *, recipients: bool, converted: bool) -> float:
    conf = lex.ontology.confidence
    value = conf.get(frame.kind, 0.5)
    if frame.trigger.dep_ in {"advcl", "xcomp", "acl"} and not _finite(frame.trigger):
        value += conf.get("purpose", 0)  # "began a hunger strike to protest": the reason
    if not recipients:
        value += conf.get("missing_recipient", 0)
    if converted:
        value += conf.get("converted", 0)
    return round(max(0.05, min(1.0, value)), 2)


def _place(sent: Span, anchor: Token, lang: str, countries: tuple[str, ...]) -> Any:
    try:
        from eventwire.analyze.places.resolve import place_for
    except ImportError:  # places not installed in this build: events stay unplaced
        return None
    return place_for(sent, anchor, lang, prefer_countries=countries)


def _place_actor(location: Any) -> list[ActorRef]:
    """The country where a domestic act happens, as its recipient (PLOVER practice)."""
    if location is None:
        return []
    return fb.country_ref(location.country, location.text or location.name)


def _fallback_actors(coder: _Coder, frame: g.Frame, sent: Span,
                     anchor: Token) -> tuple[list[ActorRef], str | None]:
    """Actors of a frame whose own actor words name nobody, and how they were found:
    "authorities" (the place's state: then the place is not also the recipient), "people" (an
    agentless collective act: the place's people), else None."""
    subjects = fb.verb_subjects(frame, coder.lex)
    actors = coder.resolve(subjects) if subjects else []  # "X staged a 24-hour hunger strike"
    if actors:
        return actors, None
    place = _place(sent, anchor, coder.lang, ())  # "Indonesian students", "people in Hong Kong"
    actors = fb.generic_actor(frame.actors or frame.alt_actors or subjects, coder.actors,
                              coder.lex, place, violent=frame.type == "ASSAULT",
                              home=coder.home)
    if actors:
        return actors, None
    if not frame.actors and frame.kind in {"verb", "light"} and f"{frame.type}/{frame.mode}" in \
            coder.lex.ontology.rules.get("authority_acts", ()):
        # "was arrested in Lebanon": by Lebanon's authorities; no place: the article's country
        return _place_actor(place) or fb.country_ref(coder.home, ""), "authorities"
    if frame.kind in {"noun", "light", "inherited"} and frame.trigger.dep_ in g.SUBJ | {"ROOT"} \
            and frame.type in coder.lex.ontology.rules.get("agentless_nouns", ()):
        # "Protests erupted in Tehran", "las manifestaciones continuaron en El Cairo": the
        # people of the place (no place named: of the article's country)
        return _place_actor(place) or fb.country_ref(coder.home, frame.trigger.text), "people"
    return [], None


def _event(coder: _Coder, frame: g.Frame, sent: Span) -> Event | None:
    """A resolved Event from a frame, or None when it has no actor."""
    actors = coder.frame_actors(frame)
    quote_index = coder.quote_at(frame.trigger)
    if frame.kind == "speech" and quote_index is not None and not actors:
        # a statement with no subject of its own inside a quote is the speaker's; one that
        # names its subject ("Russia said ..." in a minister's transcript turn) is not
        speaker = coder.quotes[quote_index].speaker
        actors = [speaker] if speaker is not None else []
    anchor = frame.words[0] if frame.kind == "light" else frame.trigger
    found_by = None
    if not actors and frame.kind != "speech":
        actors, found_by = _fallback_actors(coder, frame, sent, anchor)
    if not actors:
        return None
    recipients = coder.frame_recipients(frame, actors)
    pattern = frame.entry.pattern if frame.entry is not None else None  # imported dictionaries
    if recipients and pattern is not None and pattern.swap:  # "+ * MONEY $": X got money from Y
        actors, recipients = recipients, actors
    joint = len({a.country or a.name for a in actors}) > 1  # "Iran and Turkey discussed ..."
    together = joint and pattern is not None and pattern.compound  # "% HAVE POSTPONED *"
    if together:
        recipients = []
    participants = frame.entry is not None and frame.entry.inherit == "participation"
    if not recipients and not joint and not participants and (
            frame.kind in {"speech", "inherited"}
            or (frame.entry is not None and frame.entry.needs_recipient)):
        return None  # an accusation against nobody, "during the meeting" with nobody
    literal = frame.entry is not None and frame.entry.literal
    type_, mode, converted = (frame.type, frame.mode, False) if literal else _convert(
        frame, coder.lex)
    if mode is None and not literal:
        mode = weapon_mode(frame, anchor, coder.lex, type_)
    negated = frame.negated and type_ != "REJECT"  # a refusal is the act itself
    if literal and pattern is not None and pattern.negative:
        negated = False  # "WILL NOT * [081]": the dictionary codes the negated form itself
    onto = coder.lex.ontology
    cameo = frame.entry.cameo if frame.entry and frame.entry.cameo and not converted else None
    trigger, t_start, t_end = _span(frame.words)
    date = event_date(sent, anchor, coder.article, coder.lang, coder.lex)
    countries = tuple(dict.fromkeys(a.country for a in actors + recipients if a.country))
    location = _place(sent, anchor, coder.lang, countries)
    actors = local_refs(actors, location, coder.home)
    # "will extend the curfew in Abidjan" is aimed at Abidjan like the curfew itself
    kinds = {type_, f"{type_}/{mode}", frame.type, f"{frame.type}/{frame.mode}"}
    placed = kinds & set(onto.rules.get("place_recipient", ()))
    purpose = fb.purpose_words(frame) if placed and not recipients and not together else []
    if purpose:  # "blocked a road to show their disapproval of the United States' policies"
        recipients = coder.frame_recipients(replace(frame, recipients=[purpose]), actors)
    if not recipients and found_by != "authorities" and not together and placed:
        recipients = _place_actor(location)  # "protesters blocked roads in Algiers": at Algeria
    if not recipients and not together:  # "demande au gouvernement": a body of the country
        recipients = fb.group_recipient(frame.recipients + [purpose], coder.actors, coder.lex,
                                        location, actors)
    if not recipients and not together and type_ in onto.rules.get("own_country_recipient", ()):
        recipients = fb.own_country(actors, trigger)
    return Event(
        type=type_,
        mode=mode,
        context=contexts(frame, anchor, coder.lex),
        trigger=trigger,
        trigger_start=t_start,
        trigger_end=t_end,
        start=sent.start_char,
        end=sent.end_char,
        evidence=sent.text,
        actors=actors,
        recipients=recipients,
        date=date.date,
        date_text=date.text,
        date_source=date.source if date.source != "none" else "article",
        date_conflict=date.conflict,
        future=frame.future,
        negated=negated,
        hypothetical=frame.hypothetical,
        location=location,
        score=onto.score(type_, mode),
        cameo=cameo or onto.cameo(type_, mode),
        confidence=_confidence(frame, coder.lex, recipients=bool(recipients), converted=converted),
        quote_index=quote_index if quote_index is not None else _cue_quote(coder, frame),
        rule=frame.rule + (f"+future->{type_}" if converted else "")
        + ("+people" if found_by == "people" else ""),
    )


def _reciprocal(event: Event, frame: g.Frame) -> list[Event]:
    """The target's side of a dictionary code pair ("ARRIVE [032:033]": the host receives)."""
    back = frame.entry.reverse_cameo if frame.entry is not None else None
    if not back or not event.recipients:
        return []
    from eventwire.analyze.events.tabari import plover_type

    type_, mode = plover_type(back) or (event.type, event.mode)
    return [replace(event, actors=event.recipients, recipients=event.actors, type=type_,
                    mode=mode, cameo=back, rule=f"{event.rule}+reciprocal")]


def _cue_quote(coder: _Coder, frame: g.Frame) -> int | None:
    """A reported-speech event whose speech verb is the cue of an extracted quote."""
    for i, q in enumerate(coder.quotes):
        if q.cue_start is None:
            continue
        if any(q.cue_start <= w.idx < (q.cue_end or q.cue_start + 1) for w in frame.words):
            return i
    return None


def _quote_frames(coder: _Coder, sent: Span, frames: list[g.Frame]) -> list[g.Frame]:
    """Accusations inside quotes that no speech verb of the sentence introduced."""
    covered = {f.trigger.i for f in frames}
    out = []
    for q in coder.quotes:
        words = [t for t in sent if q.start <= t.idx < q.end]
        if words:
            out += [f for f in accusations(words, coder.lex, []) if f.trigger.i not in covered]
    return out


def _learned_events(coder: _Coder, sent: Span, frames: list[g.Frame],
                    learned: ml.LearnedCoder) -> list[Event]:
    """Events the learned layer proposes for verbs no rule frame took."""
    if not any(sent.start_char <= m.start < sent.end_char for m in coder.actors.mentions):
        return []  # nobody named: nothing to parse further or to embed
    taken = ml.taken_by(frames)
    light = coder.lex.light_verbs  # a light verb only with its object ("slapped sanctions")
    modal = set(learned.slots.get("modal_aux", {}).get(coder.lang, ()))
    saying = coder.lex.speech_verbs | set(learned.slots.get("not_acts", {}).get(coder.lang, ()))
    governors = {f.trigger.i for f in frames if f.kind == "governed"}
    cands = [c for c in ml.sentence_candidates(sent, coder.lex, taken)
             if g.lemma(c.token) not in saying
             and (g.lemma(c.token) not in light or c.lemmas[1])
             and not any(g.lemma(a) in modal for a in c.token.children if a.dep_.startswith("aux"))
             # what a governor asks for / promises / refuses is its frame, not a second act
             and not any(a.i in governors for a in list(c.token.ancestors)[:3])
             and not ml.aim(c.token)]
    out = []
    for prop in learned.propose(cands, coder.lex):
        entry = learned.entry(prop, coder.lang)
        frame = _flags(_verb_frame(prop.candidate.token, entry, coder.lex), coder.lex)
        frame.rule = f"learned:{prop.candidate.lemmas[0]}:{prop.type}" + (
            f"/{prop.mode}" if prop.mode else "")
        event = _event(coder, frame, sent)
        if event is not None:
            out.append(replace(event, confidence=round(prop.p, 2)))
    return out


def extract_events(doc: Doc, article: Article, actors: Any, quotes: list[Quote],
                   lang: str, *, learned_threshold: float | None = 0.4) -> list[Event]:
    """PLOVER events of one parsed article: the rules' frames, then what the learned layer
    (``events.learned``) proposes above ``learned_threshold`` (None: rules only).

    >>> events = extract_events(doc, article, actors, quotes, "en")  # doctest: +SKIP
    >>> events[0].type, events[0].actors[0].country                 # doctest: +SKIP
    ('CONSULT', 'IRN')
    """
    coder = _Coder(doc, article, actors, quotes, load_lexicon(lang), lang,
                   home=main_country(actors), author=author(doc.text, actors))
    learned = ml.get_learned(learned_threshold) if learned_threshold is not None else None
    events: list[Event] = []
    for sent in doc.sents:
        frames = find_frames(sent, coder.lex)
        frames += _quote_frames(coder, sent, frames)
        for frame in frames:
            event = _event(coder, frame, sent)
            if event is not None:
                events.append(event)
                events += _reciprocal(event, frame)
        if learned is not None:
            events += _learned_events(coder, sent, frames, learned)
    fill_interlocutors(events)
    share_dates(events)
    return dedupe(other_mentions([localised(e, coder.home) for e in events]))


