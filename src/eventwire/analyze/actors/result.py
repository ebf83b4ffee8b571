"""What the actor resolver returns for one article, and how other steps query it."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from eventwire.analyze.actors.kb import Entry
from eventwire.models import ActorRef, Mention


@dataclass
class ArticleActors:
    """The actors of one article: mentions in text order, plus what was learned."""

    mentions: list[Mention] = field(default_factory=list)
    learned: list[Entry] = field(default_factory=list)
    groups: dict[int, list[ActorRef]] = field(default_factory=dict)  # plural mentions
    token_index: dict[int, int] = field(default_factory=dict)  # token i -> mention index

    def refs_of(self, index: int) -> list[ActorRef]:
        """The actor(s) of mention ``index`` (several for "the two", "they")."""
        if index in self.groups:
            return list(self.groups[index])
        actor = self.mentions[index].actor
        return [actor] if actor else []

    def for_token(self, token: Token) -> list[ActorRef]:
        """Actors a subject/object token refers to, conjuncts and possessors included."""
        refs: list[ActorRef] = []
        for tok in (token, *token.conjuncts):
            refs += self._token_refs(tok)
        return _dedupe(refs)

    def _token_refs(self, token: Token) -> list[ActorRef]:
        index = self.token_index.get(token.i)
        if index is not None:
            return self.refs_of(index)
        for dep in ("poss", "compound", "amod", "nmod", "appos"):
            for child in token.children:
                if child.dep_ == dep and child.i in self.token_index:
                    return self.refs_of(self.token_index[child.i])
        return []

    def for_span(self, start: int, end: int) -> list[ActorRef]:
        """Actors of the mentions lying inside the character range ``[start, end)``."""
        refs: list[ActorRef] = []
        for index, mention in enumerate(self.mentions):
            if start <= mention.start and mention.end <= end:
                refs += self.refs_of(index)
        return _dedupe(refs)


def _dedupe(refs: list[ActorRef]) -> list[ActorRef]:
    seen, out = set(), []
    for ref in refs:
        key = (ref.kb_id, ref.code, ref.name)
        if key not in seen:
            seen.add(key)
            out.append(ref)
    return out
