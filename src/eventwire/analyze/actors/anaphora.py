"""Rule-based within-article coreference: pronouns, "the two", "the two countries", "the
country", "his country", "the regime", "the Arab country". A mixin of the resolver, which keeps
the history these rules read (people, countries, places, regimes seen so far).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from eventwire.knowledge import Entry, KnowledgeBase
from eventwire.models import ActorRef

if TYPE_CHECKING:
    from eventwire.analyze.actors.candidates import Cand

GENERIC_TITLES = {"official", "diplomat", "leader", "minister"}
HISTORY_SENTENCES = 4  # how far back pronouns and plural anaphora look


@dataclass
class Seen:
    """A resolved mention remembered for coreference."""

    index: int
    ref: ActorRef | None
    sent: int
    subject: bool = False
    title: str | None = None
    entry: Entry | None = None
    names: frozenset[str] = frozenset()  # folded name forms (full name, surname)


class Anaphora:
    """Resolution of anaphoric candidates; expects the resolver's history attributes."""

    def pronoun(self, cand: Cand) -> None:
        word = self.doc[cand.start].lower_.lstrip("-")  # "-il" of "a-t-il"
        gender = (
            "f"
            if word in self.lex.words("feminine_pronouns")
            else ("m" if word in self.lex.words("masculine_pronouns") else None)
        )
        target = self._salient_person(cand.start, gender)
        ref = (
            replace(target.ref, text=self.doc[cand.start : cand.end].text)
            if target and target.ref
            else None
        )
        index = self.emit(
            cand, "PRON", ref, "pronoun" if ref else "unresolved", target.index if target else None
        )
        if target is not None:
            self.persons.append(
                Seen(
                    index,
                    ref,
                    self.sent_of[cand.start],
                    True,
                    target.title,
                    target.entry,
                    target.names,
                )
            )

    def neuter(self, cand: Cand) -> None:
        """ "Iran said it would respond": the subject of the governing clause, else a state or
        organisation that was a subject in this or the previous sentence."""
        tok = self.doc[cand.start]
        index = None
        clause = tok.head
        if clause.dep_ in ("ccomp", "xcomp", "advcl", "conj", "relcl") and clause.head != clause:
            for child in clause.head.children:
                if child.dep_.startswith("nsubj") and child.i in self.out.token_index:
                    index = self.out.token_index[child.i]
        seen = None
        if index is not None and self.out.mentions[index].label not in ("PERSON", "PRON"):
            actor = self.out.mentions[index].actor
            seen = Seen(index, actor, self.sent_of[cand.start]) if actor else None
        if seen is None:
            sent = self.sent_of[cand.start]
            recent = [s for s in self.agent_subjects if s.sent >= sent - 1]
            seen = recent[-1] if recent else None
        self._emit_copy(cand, seen, "pronoun-neuter", "PRON")

    def _salient_person(self, before: int, gender: str | None = None) -> Seen | None:
        """The last person in subject position within a few sentences, else the last person;
        people of the other gender (when the KB knows it) are passed over."""
        sent = self.sent_of[before]
        people = [p for p in self.persons if _agrees(p, gender)]
        if gender == "f":  # the KB marks women; unmarked people are mostly men
            marked = [p for p in people if p.entry is not None and p.entry.gender == "f"]
            people = marked or people
        recent = [p for p in people if p.sent >= sent - HISTORY_SENTENCES]
        for seen in reversed(recent):
            if seen.subject and seen.ref is not None:
                return seen
        return people[-1] if people else None

    def pair(self, cand: Cand) -> None:
        refs = self._last_distinct(self.persons, 2) or self._last_distinct(self.countries, 2)
        self._emit_group(cand, refs, "pair")

    def pair_countries(self, cand: Cand) -> None:
        """ "the two countries": those of the last two people from different countries (the
        parties of a meeting or call), else the last two countries named."""
        people = [
            Seen(p.index, country_ref(p.ref, self.kb), p.sent)
            for p in self.persons
            if p.ref is not None and p.ref.country
        ]
        refs = self._last_distinct(people, 2) or self._last_distinct(self.countries, 2)
        self._emit_group(cand, refs, "pair-countries")

    def _emit_group(self, cand: Cand, refs: list[ActorRef], how: str, keep: bool = False) -> None:
        """A plural mention; ``keep`` an unresolved one (it then hides the words inside it)."""
        text = self.doc[cand.span_start : cand.span_end].text
        index = self.emit(cand, "NOMINAL", None, how, keep=keep or bool(refs))
        if refs:
            self.out.groups[index] = [replace(r, text=text) for r in refs]

    def _last_distinct(self, seen: list[Seen], count: int) -> list[ActorRef]:
        out: list[ActorRef] = []
        keys: set[str] = set()
        for item in reversed(seen):
            ref = item.ref
            if ref is None:
                continue
            key = ref.kb_id or ref.code or ref.name
            if key not in keys:
                keys.add(key)
                out.append(ref)
            if len(out) == count:
                return list(reversed(out))
        return []

    def the_country(self, cand: Cand) -> None:
        last = self.countries + self.places
        last.sort(key=lambda s: s.index)
        self._emit_copy(cand, last[-1] if last else None, "the-country")

    def poss_country(self, cand: Cand) -> None:
        person = self._salient_person(cand.start)
        ref = None
        if person is not None and person.ref is not None and person.ref.country:
            entry = self.kb.get(person.ref.country)
            ref = ActorRef(
                entry.name if entry else person.ref.country,
                "",
                person.ref.country,
                None,
                person.ref.country,
                person.ref.country,
            )
        seen = Seen(person.index, ref, 0) if person is not None and ref else None
        self._emit_copy(cand, seen, "possessive-country")

    def regime(self, cand: Cand) -> None:
        self._emit_copy(cand, self.regimes[-1] if self.regimes else None, "regime")

    def group_country(self, cand: Cand) -> None:
        found = None
        for seen in reversed(sorted(self.countries + self.places, key=lambda s: s.index)):
            if seen.entry is not None and cand.extra in seen.entry.groups:
                found = seen
                break
        self._emit_copy(cand, found, f"group-country:{cand.extra}")

    def _emit_copy(self, cand: Cand, seen: Seen | None, how: str, label: str = "NOMINAL") -> None:
        text = self.doc[cand.start : cand.end].text
        ref = replace(seen.ref, text=text) if seen is not None and seen.ref else None
        antecedent = seen.index if seen is not None and seen.index >= 0 else None
        index = self.emit(cand, label, ref, how if ref else "unresolved", antecedent)
        if ref is not None and ref.country and cand.kind != "regime":
            self.countries.append(
                Seen(
                    index,
                    replace(ref, sector=None, code=ref.country),
                    self.sent_of[cand.start],
                    entry=self.kb.get(ref.country),
                )
            )


def _agrees(seen: Seen, gender: str | None) -> bool:
    """A pronoun of ``gender`` may refer to this person (unknown genders always agree)."""
    known = seen.entry.gender if seen.entry is not None else None
    return gender is None or known is None or known == gender


def country_ref(ref: ActorRef, kb: KnowledgeBase) -> ActorRef:
    """The country-level actor of a person's reference."""
    entry = kb.get(ref.country or "")
    name = entry.name if entry else (ref.country or "")
    return ActorRef(name, ref.text, ref.country, None, ref.country, ref.country)


def title_fits(wanted: str, held: str | None, sector: str | None) -> bool:
    """Does a person holding ``held`` fit the nominal title ``wanted``?"""
    if held == wanted:
        return True
    if wanted == "minister":
        return bool(held and held.endswith("minister"))
    return wanted in GENERIC_TITLES and sector == "GOV"
