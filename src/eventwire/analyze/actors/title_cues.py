"""Titles resolved by their phrase or by what follows: plural ones ("the foreign ministers of
Iran and Turkey"), indefinite ones ("a senior Hamas official", "un alto funcionario iraní") and
headline ones ("..., says president") whose holder the lede names. A mixin of the resolver.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from eventwire.analyze.actors.anaphora import GENERIC_TITLES, Seen, title_fits
from eventwire.analyze.actors.cues import (
    described,
    is_indefinite,
    partitive_head,
    phrase_tokens,
)
from eventwire.knowledge import Entry
from eventwire.models import ActorRef

if TYPE_CHECKING:
    from eventwire.analyze.actors.candidates import Cand

LEAD_SENTENCES = 4  # headline, dateline and lede: a title there may name who comes next
LOOK_AHEAD = 3  # sentences a headline title may look forward for its holder


class TitleCues:
    """Resolution of titles by what follows them or lies inside their phrase."""

    def plural_title(self, cand: Cand) -> None:
        """ "the foreign ministers of Iran and Turkey": one office holder per country."""
        key, refs = cand.title or "official", []
        text = self.doc[cand.span_start : cand.span_end].text
        # "one of the Israeli ministers": some minister, not the ones named before
        new = is_indefinite(self.doc[cand.span_start : cand.span_end], self.lex)
        if not cand.countries and not new:  # "the presidents met": the last two holders
            fitting = [p for p in self.persons if p.ref and title_fits(key, p.title, p.ref.sector)]
            refs = self._last_distinct(fitting, 2)
        if new and not cand.countries:
            inner = self.inner_actor(cand, key, text)
            refs = [inner[0]] if inner else []
        for country in cand.countries or []:
            found = None if new else self._person_with_title(key, country)
            holder = None
            if found is None and not new:
                holder = self.kb.role_holder(country, key, self.lookup_day())
            if found is not None and found.ref is not None:
                ref = found.ref
            elif holder is not None:
                ref = self._person_ref(holder, text, None)
            else:
                sector = self.lex.title_sectors.get(key) or "GOV"
                ref = ActorRef(f"{country} {key}", text, country, sector, country + sector)
            refs.append(replace(ref, text=text))
        self._emit_group(cand, refs, "plural-title", keep=new)
        index = len(self.out.mentions) - 1
        self._map_partitive(cand, index)
        for ref in refs:
            self._remember_person(cand, index, ref, key, self.kb.get(ref.kb_id or ""))

    def generic_title(self, cand: Cand, key: str, text: str, how: str) -> None:
        """ "the Turkish minister" with no known holder: the country's sector actor."""
        sector = self.lex.title_sectors.get(key) if key else "GOV"
        ref = ActorRef(
            f"{cand.country} {key or 'official'}",
            text,
            cand.country,
            sector,
            cand.country + (sector or ""),
        )
        index = self.emit(cand, "TITLE", ref, how)
        self._remember_country_code(cand, index, ref)
        self._remember_new(cand, index, ref, key)

    def indefinite_title(self, cand: Cand, key: str, text: str) -> None:
        """A new referent: the organisation inside the phrase ("a senior Hamas official"),
        else its country ("a senior Iranian official"), else nobody; never an earlier
        person, nor the office holder (an Iranian minister is not the foreign minister)."""
        span = self.doc[cand.span_start : cand.span_end]
        anchor = described(span)
        if anchor is not None and anchor.i in self.out.token_index:
            index = self.out.token_index[anchor.i]
            ref = self.out.mentions[index].actor
            if ref is not None:  # "Araghchi, a veteran diplomat": the same person
                self.emit(cand, "TITLE", replace(ref, text=text), "predicate", index)
                return
        found = self.inner_actor(cand, key, text)
        if found is None:
            self.emit(cand, "TITLE", None, "unresolved")
            return
        ref, how = found
        index = self.emit(cand, "TITLE", ref, how)
        self._map_partitive(cand, index)
        self._remember_country_code(cand, index, ref)
        self._remember_new(cand, index, ref, key)

    def inner_actor(self, cand: Cand, key: str, text: str) -> tuple[ActorRef, str] | None:
        """The organisation named inside the phrase ("a Hamas official", "un portavoz de
        Hezbolá"), else its country with the title's sector ("an Israeli military
        spokesman" -> ISRMIL, "one of the advisers of the Iranian president" -> IRNGOV)."""
        country = cand.country
        sector = None
        span = self.doc[cand.span_start : cand.span_end]
        head = partitive_head(span, self.lex)  # "one of the advisers | to the president"
        tokens = phrase_tokens(span.root) + (phrase_tokens(head) if head is not None else [])
        for i in tokens:
            inner = self.named_at.get(i)
            if inner is None or inner is cand or inner.locative:
                continue  # "an official in Syria" need not be Syrian
            if inner.kind == "org" and inner.entry is not None:
                return self._ref(inner.entry, text, None), "indefinite-org"
            if country is None or (sector is None and inner.sector):
                found = inner.country if inner.kind == "title" else (inner.entry or cand).country
                if found:
                    country, sector = found, inner.sector if inner.kind == "country" else None
        if country is None:
            return None
        sector = sector or self.lex.title_sectors.get(key) or "GOV"
        name = f"{country} {key or 'official'}"
        return ActorRef(name, text, country, sector, country + sector), "indefinite-country"

    def _map_partitive(self, cand: Cand, index: int) -> None:
        """ "One of the Hamas leaders said": the subject "One" is the phrase's mention."""
        head = partitive_head(self.doc[cand.span_start : cand.span_end], self.lex)
        if head is not None and index >= 0:
            self.out.token_index.setdefault(head.i, index)

    def _remember_new(self, cand: Cand, index: int, ref: ActorRef, key: str) -> None:
        """The new referent can be "he" or "the official" later."""
        self.persons.append(
            Seen(index, ref, self.sent_of[cand.start], self._is_subject(cand), key or None)
        )

    def holder_ahead(self, cand: Cand, key: str) -> Entry | None:
        """A headline or lede title ("..., says president") held by the person the next
        sentences name ("Iranian President ...", "Masoud Pezeshkian ...")."""
        sent = self.sent_of[cand.start]
        if not key or key in GENERIC_TITLES or sent >= LEAD_SENTENCES:
            return None
        day = self.lookup_day()
        for other in self.cands:
            if other.start < cand.end or other is cand:
                continue
            if self.sent_of[other.start] > sent + LOOK_AHEAD:
                return None
            if other.kind == "person" and other.entry is not None:
                role = other.entry.role_on(day)
                if role is not None and title_fits(key, role.title, role.sector):
                    return other.entry
            if other.kind == "title" and other.title == key and other.country:
                holder = self.kb.role_holder(other.country, key, day)
                if holder is not None:
                    return holder
        return None
