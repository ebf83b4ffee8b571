"""Resolve the actor candidates of one article: KB look-up with dated roles, learned people,
and rule-based within-article coreference (surnames, titles, pronouns, "the two", "the Arab
country", "the regime", "his country").

    >>> doc = get_nlp("en")(article.text)
    >>> actors = resolve_actors(doc, article, load_kb())
    >>> [m.actor.code for m in actors.mentions if m.actor]
    ['IRNGOV', 'TURGOV', ...]
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import replace

from spacy.tokens import Doc

from eventwire.analyze.actors.anaphora import (
    HISTORY_SENTENCES,
    Anaphora,
    Seen,
    title_fits,
)
from eventwire.analyze.actors.candidates import Cand, collect
from eventwire.analyze.actors.cues import is_indefinite
from eventwire.analyze.actors.lexicon import Lexicon, load_lexicon
from eventwire.analyze.actors.result import ArticleActors
from eventwire.analyze.actors.title_cues import TitleCues
from eventwire.knowledge import NAME_PARTICLES, Alias, Entry, KnowledgeBase, Role, fold
from eventwire.models import ActorRef, Article, Mention

__all__ = ["ArticleActors", "resolve_actors"]

VERSION = "4"  # recorded by the pipeline as actors@VERSION

TOWN_LABELS = {"GPE", "LOC", "PER", "PERSON"}  # es NER calls "Hama" a person
# Groups whose country the scene tells ("terrorists", "protesters in Paris"); for the
# SCENE_SECTORS an earlier sentence's place also counts.
CONTEXT_SECTORS = {"REB", "MIL", "COP", "CVL", "REF", "OPP", "GOV", "JUD", "LEG", "LAB", "EDU",
                   "AGR", "MED"}
SCENE_SECTORS = {"REB", "MIL", "COP"}


def _name_forms(text: str, entry: Entry | None) -> frozenset[str]:
    """Folded forms a later bare surname may take: "Al Sudani", "Sudani", "Pezeshkian"."""
    forms = {fold(text)}
    words = fold(text).split()
    if len(words) > 1:
        forms.add(words[-1])
        if words[-2] in NAME_PARTICLES:
            forms.add(" ".join(words[-2:]))
    if entry is not None:
        forms |= {fold(a.text) for a in entry.aliases if len(a.text.split()) <= 2}
    return frozenset(forms)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


class _Resolver(Anaphora, TitleCues):
    """Walks candidates in text order, keeping the history coreference needs."""

    def __init__(self, doc: Doc, article: Article, kb: KnowledgeBase, lex: Lexicon) -> None:
        self.doc, self.article, self.kb, self.lex = doc, article, kb, lex
        self.day: dt.date | None = article.published
        # Undated article: the dated roles the text itself states narrow down when it was
        # written ("Syrian Foreign Minister Bassam al-Sabbagh" -> between 2024-09-23 and 12-08).
        self.window: tuple[dt.date, dt.date] = (dt.date.min, dt.date.max)
        self.out = ArticleActors()
        self.persons: list[Seen] = []
        self.countries: list[Seen] = []  # country-level references (names, adjectives, titles)
        self.places: list[Seen] = []  # locative country mentions ("in Syria")
        self.regimes: list[Seen] = []
        self.agent_subjects: list[Seen] = []  # states, organisations, groups as subjects
        self.learned: dict[str, Entry] = {}
        self.sent_of = {}
        for number, sent in enumerate(doc.sents):
            for tok in sent:
                self.sent_of[tok.i] = number

    # -- output ------------------------------------------------------------------------------

    def emit(
        self,
        cand: Cand,
        label: str,
        ref: ActorRef | None,
        how: str,
        antecedent: int | None = None,
        *,
        keep: bool = False,
    ) -> int:
        """Record a mention; returns its index, or -1 for an unresolved common word ("the
        side", "media", "he" with no antecedent), which is not worth a mention of its own.
        Unresolved names and titles stay: "the foreign minister" may still be a speaker."""
        if ref is None and not keep and label not in ("PERSON", "ORG", "TITLE"):
            return -1
        span = self.doc[cand.span_start : cand.span_end]
        if ref is not None and ref.text != span.text:
            ref = replace(ref, text=span.text)
        index = len(self.out.mentions)
        self.out.mentions.append(
            Mention(span.text, span.start_char, span.end_char, label, ref, how, antecedent)
        )
        for i in range(cand.span_start, cand.span_end):
            self.out.token_index[i] = index
        if (
            ref is not None
            and label not in ("PERSON", "PRON", "LOC")
            and span.root.dep_.startswith("nsubj")
        ):
            self.agent_subjects.append(Seen(index, ref, self.sent_of[cand.start], True))
        return index

    def _ref(self, entry: Entry, text: str, role: Role | None) -> ActorRef:
        role = role or entry.base_role()
        country = role.country
        sector = role.sector
        code = role.full_code if role.code or country or sector else entry.code
        return ActorRef(entry.name, text, country, sector, code, entry.kb_id)

    def _is_subject(self, cand: Cand) -> bool:
        span = self.doc[cand.start : cand.end]
        root = span.root
        if cand.titled_by is not None and cand.titled_by.start < cand.start:
            root = self.doc[cand.titled_by.start : cand.end].root
        return root.dep_.startswith("nsubj")

    # -- dispatch ----------------------------------------------------------------------------

    def run(self, cands: list[Cand]) -> ArticleActors:
        handlers = {
            "country": self.country,
            "person": self.person,
            "org": self.org,
            "title": self.title,
            "group": self.group,
            "pron": self.pronoun,
            "neuter": self.neuter,
            "plural": self.pair,
            "pair": self.pair,
            "pair_countries": self.pair_countries,
            "the_country": self.the_country,
            "poss_country": self.poss_country,
            "regime": self.regime,
            "group_country": self.group_country,
            "titles": self.plural_title,
        }
        # Countries named as places (not capitals: a minister's trip to Ankara is no front line)
        # Countries named as places ("in Syria"), and towns; capitals only count within their
        # sentence (a minister's trip to Ankara says nothing about who fights where later).
        self.place_names = [
            (c.start, self.sent_of[c.start], c.entry.country, c.alias_kind == "capital")
            for c in cands
            if c.kind == "country"
            and c.locative
            and c.alias_kind in ("name", "capital")
            and c.entry
        ] + self._towns(cands)
        self.place_names.sort()
        # the country the article names most (the last resort for an unattributed group:
        # docs/ANNOTATION.md §3 — place, dateline, then the article's main country)
        top = Counter(c.entry.country for c in cands
                      if c.kind == "country" and c.entry).most_common(2)
        # a tie at the top ("Egypt received a delegation from Qatar") names no main country
        self.main_country = top[0][0] if top and (len(top) == 1 or top[0][1] > top[1][1]) else None
        self.cands = cands
        # Named things by token, for the organisation inside "a senior Hamas official".
        self.named_at = {
            i: c
            for c in cands
            if c.kind in ("org", "country") or (c.kind == "title" and c.country)
            for i in range(c.start, c.end)
        }
        for cand in cands:
            if cand.absorbed and cand.kind == "country":
                self._remember_country(cand, None)
                continue
            if cand.absorbed and cand.kind in ("title", "group"):
                continue
            handlers[cand.kind](cand)
        self._map_absorbed(cands)
        self.out.learned = list(self.learned.values())
        self._record_people()
        return self.out

    def _record_people(self) -> None:
        """What ``ArticleActors.implicit_subject`` reads: people in order, sentence starts."""
        self.out.pro_drop = bool(self.lex.anaphora.get("pro_drop"))
        self.out.sent_starts = [sent.start_char for sent in self.doc.sents]
        self.out.people = [
            (self.out.mentions[p.index].start, p.sent, p.subject, p.index)
            for p in self.persons
            if p.ref is not None and p.index >= 0
        ]
        self.out.people.sort()

    def _map_absorbed(self, cands: list[Cand]) -> None:
        """Tokens of a title attached to a name point to the name's mention."""
        for cand in cands:
            if cand.kind == "title" and cand.person is not None:
                index = self.out.token_index.get(cand.person.start)
                if index is not None:
                    for i in range(cand.start, cand.end):
                        self.out.token_index.setdefault(i, index)

    # -- named things ------------------------------------------------------------------------

    def _remember_country(self, cand: Cand, index: int | None, ref: ActorRef | None = None) -> None:
        entry = cand.entry
        if entry is None or entry.country is None:
            return
        text = ref.text if ref else self.doc[cand.start : cand.end].text
        base = ActorRef(entry.name, text, entry.country, None, entry.country, entry.kb_id)
        seen = Seen(index if index is not None else -1, base, self.sent_of[cand.start], entry=entry)
        (self.places if cand.locative else self.countries).append(seen)

    def country(self, cand: Cand) -> None:
        entry, text = cand.entry, self.doc[cand.start : cand.end].text
        assert entry is not None
        sector = cand.sector
        if cand.alias_kind == "capital" and not cand.locative and sector is None:
            sector = "GOV"  # "Tehran said", "Ankara": the capital stands for the government
        ref = ActorRef(
            entry.name,
            text,
            entry.country,
            sector,
            (entry.country or "") + (sector or ""),
            entry.kb_id,
        )
        label = "LOC" if cand.locative else cand.label
        index = self.emit(cand, label, ref, f"kb-{cand.alias_kind}")
        self._remember_country(cand, index, ref)
        if cand.alias_kind == "alt" and fold(self.lex.anaphora["regime_word"]) in fold(text):
            self.regimes.append(Seen(index, ref, self.sent_of[cand.start]))

    def org(self, cand: Cand) -> None:
        entry, text = cand.entry, self.doc[cand.start : cand.end].text
        ref = self._ref(entry, text, None) if entry else None
        self.emit(cand, "ORG", ref, "kb-name" if entry else "ner")

    def person(self, cand: Cand) -> None:
        text = self.doc[cand.start : cand.end].text
        entry, how, antecedent = cand.entry, "kb-name", None
        earlier = self._earlier_person(text) if len(text.split()) <= 2 else None
        if earlier is not None and (entry is None or earlier.entry is not entry):
            if entry is None or earlier.ref is not None:
                entry, how, antecedent = earlier.entry, "surname", earlier.index
        title = cand.titled_by
        if entry is None and title is not None and title.country:
            entry, how = self._learn(cand, title), "learned"
        ref = self._person_ref(entry, text, title) if entry else None
        if ref is None and earlier is not None and earlier.ref is not None:
            ref, how, antecedent = replace(earlier.ref, text=text), "surname", earlier.index
        index = self.emit(cand, "PERSON", ref, how if ref else "unresolved", antecedent)
        role = entry.role_on(self.day) if entry else None
        title_key = role.title if role else (title.title if title else None)
        self._remember_person(cand, index, ref, title_key, entry, _name_forms(text, entry))

    def _earlier_person(self, text: str) -> Seen | None:
        key = fold(text)
        for seen in reversed(self.persons):
            if key in seen.names:
                return seen
        return None

    def lookup_day(self) -> dt.date | None:
        """The article date, else the latest day the roles stated in the text allow."""
        if self.day is not None:
            return self.day
        lo, hi = self.window
        if hi != dt.date.max and lo <= hi:
            return hi - dt.timedelta(days=1)
        return None

    def _narrow(self, role: Role) -> None:
        lo, hi = self.window
        new = (max(lo, role.start or dt.date.min), min(hi, role.end or dt.date.max))
        if new[0] < new[1]:
            self.window = new

    def _person_ref(self, entry: Entry, text: str, title: Cand | None) -> ActorRef:
        role = entry.role_on(self.day)
        if self.day is None and title is not None:
            # undated article: the role the text names wins over the most recent one
            stated = [r for r in entry.roles if r.title == title.title]
            if stated:
                role = max(stated, key=lambda r: r.start or dt.date.min)
                self._narrow(role)
        if role is None and title is not None and title.country:
            role = Role(title.title, title.country, self.lex.title_sectors.get(title.title))
        if role is None:
            latest = entry.role_on(None)
            role = Role(None, latest.country if latest else entry.country, None)
        return self._ref(entry, text, role)

    def _learn(self, cand: Cand, title: Cand) -> Entry:
        """A person introduced with a title and nationality becomes a learned actor."""
        span = self.doc[cand.start : cand.end]
        name = span.text.strip(" '’")
        kb_id = f"learned:{_slug(name)}"
        if kb_id in self.learned:
            return self.learned[kb_id]
        key = title.title or "official"
        if key == "counterpart":  # "his Kenyan counterpart X": the other party's office
            key = self._counterpart_title(title.country)
        sector = self.lex.title_sectors.get(key) or "GOV"
        words = name.split()
        aliases = [Alias(name)] + ([Alias(words[-1], "surname")] if len(words) > 1 else [])
        lo, hi = min(cand.start, title.span_start), max(cand.end, title.span_end)
        phrase = self.doc[lo:hi]
        entry = Entry(
            kb_id,
            name,
            "person",
            country=title.country,
            sector=sector,
            code=(title.country or "") + (sector or ""),
            aliases=aliases,
            # Undated: the text shows the person in office, not since when or until when.
            roles=[Role(key, title.country, sector)],
            source="learned",
            evidence={
                "article_id": self.article.id,
                "seen": self.day.isoformat() if self.day else None,
                "start": phrase.start_char,
                "end": phrase.end_char,
                "text": phrase.text,
            },
        )
        self.learned[kb_id] = entry
        return entry

    # -- titles and collective nouns ----------------------------------------------------------

    def title(self, cand: Cand) -> None:
        text = self.doc[cand.start : cand.end].text
        key = cand.title or ""
        if cand.top and key == "diplomat":
            key = "foreign_minister"
        if key == "counterpart":
            key = self._counterpart_title(cand.country)
        if is_indefinite(self.doc[cand.span_start : cand.span_end], self.lex):
            self.indefinite_title(cand, key, text)
            return
        found = self._person_with_title(key, cand.country)
        if found is not None and found.ref is not None:
            ref = replace(found.ref, text=text)
            index = self.emit(cand, "TITLE", ref, "title", found.index)
            self._after_title(cand, index, ref, found.entry, key)
            return
        day = self.lookup_day()
        holder = self.kb.role_holder(cand.country, key, day) if cand.country else None
        ahead = self.holder_ahead(cand, key) if holder is None and not cand.country else None
        if holder is not None or ahead is not None:
            holder = holder or ahead
            ref = self._person_ref(holder, text, None)
            index = self.emit(cand, "TITLE", ref, "title-ahead" if ahead else "title-role")
            self._after_title(cand, index, ref, holder, key)
            return
        if cand.country:
            self.generic_title(cand, key, text, "title-generic")
            return
        self.emit(cand, "TITLE", None, "unresolved")

    def _after_title(
        self, cand: Cand, index: int, ref: ActorRef, entry: Entry | None, key: str
    ) -> None:
        self._remember_person(cand, index, ref, key, entry)
        self._remember_country_code(cand, index, ref)

    def _remember_person(
        self,
        cand: Cand,
        index: int,
        ref: ActorRef | None,
        title: str | None,
        entry: Entry | None,
        names: frozenset[str] = frozenset(),
    ) -> None:
        """Keep a person mention for later surnames, titles and pronouns."""
        self.persons.append(
            Seen(index, ref, self.sent_of[cand.start], self._is_subject(cand), title, entry, names)
        )

    def _remember_country_code(self, cand: Cand, index: int, ref: ActorRef) -> None:
        if ref.country:
            entry = self.kb.get(ref.country)
            self.countries.append(
                Seen(
                    index,
                    ActorRef(
                        entry.name if entry else ref.country,
                        ref.text,
                        ref.country,
                        None,
                        ref.country,
                        ref.country,
                    ),
                    self.sent_of[cand.start],
                    entry=entry,
                )
            )

    def _counterpart_title(self, country: str | None) -> str:
        """ "his Turkish counterpart": the title of the last person from another country."""
        for seen in reversed(self.persons):
            if seen.ref is not None and seen.ref.country != country and seen.title:
                return seen.title
        return "official"

    def _person_with_title(self, key: str, country: str | None) -> Seen | None:
        for seen in reversed(self.persons):
            ref = seen.ref
            if ref is None or (country and ref.country != country):
                continue
            if title_fits(key, seen.title, ref.sector):
                return seen
        return None

    def group(self, cand: Cand) -> None:
        text = self.doc[cand.start : cand.end].text
        country, how = cand.country, "group-adjective"
        if country is None and cand.sector in CONTEXT_SECTORS:
            country, how = self._context_country(cand), "group-context"
        ref = None
        if country:
            entry = self.kb.get(country)
            name = f"{entry.name if entry else country} ({cand.sector})"
            ref = ActorRef(name, text, country, cand.sector, country + (cand.sector or ""))
        self.emit(cand, "NOMINAL", ref, how if ref else "unresolved")

    def _towns(self, cands: list[Cand]) -> list[tuple[int, int, str]]:
        """Towns the NER found ("Alep", "Idleb") with their country, as scene evidence."""
        from eventwire.analyze.places.index import lookup

        taken = {i for c in cands for i in range(c.start, c.end)}
        out = []
        for ent in self.doc.ents:
            if ent.label_ not in TOWN_LABELS or any(i in taken for i in range(ent.start, ent.end)):
                continue
            place = lookup(ent.text)
            if place is not None and place.kind == "city" and place.population >= 100_000:
                out.append((ent.start, self.sent_of[ent.start], place.country, True))
        return [t for t in out if t[2]]

    def _context_country(self, cand: Cand) -> str | None:
        """Where an unattributed group acts: a place named in the same sentence, else (armed
        groups, forces, police only) the last country named as a place a few sentences back,
        else the article's main country."""
        sent = self.sent_of[cand.start]
        same = [p for p in self.place_names if p[1] == sent]
        if same:
            return min(same, key=lambda p: abs(p[0] - cand.start))[2]
        if cand.sector not in SCENE_SECTORS:
            return self.main_country
        before = [p for p in self.place_names if p[0] < cand.start and not p[3]]
        if before and before[-1][1] >= sent - HISTORY_SENTENCES * 3:
            return before[-1][2]
        return self.main_country

    # -- anaphora ----------------------------------------------------------------------------


def resolve_actors(
    doc: Doc, article: Article, kb: KnowledgeBase, *, lang: str | None = None
) -> ArticleActors:
    """Resolve every actor mention of ``doc`` (parsed ``article.text``) against ``kb``."""
    lang = lang or article.language or doc.lang_
    lexicon = load_lexicon(lang)
    return _Resolver(doc, article, kb, lexicon).run(collect(doc, kb, lexicon))
