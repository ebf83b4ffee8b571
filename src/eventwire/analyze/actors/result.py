"""What the actor resolver returns for one article, and how other steps query it."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Token

from eventwire.knowledge import Entry
from eventwire.models import ActorRef, Mention

IMPLICIT_SENTENCES = 4  # how far back a left-out subject looks for a person in subject position


@dataclass
class ArticleActors:
    """The actors of one article: mentions in text order, plus what was learned."""

    mentions: list[Mention] = field(default_factory=list)
    learned: list[Entry] = field(default_factory=list)
    groups: dict[int, list[ActorRef]] = field(default_factory=dict)  # plural mentions
    token_index: dict[int, int] = field(default_factory=dict)  # token i -> mention index
    # People in text order as (char offset, sentence number, was a subject, mention index),
    # and the char offset where each sentence starts: what implicit subjects are read from.
    people: list[tuple[int, int, bool, int]] = field(default_factory=list)
    sent_starts: list[int] = field(default_factory=list)
    pro_drop: bool = False  # the language leaves subjects out ("Añadió que...")

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
        # "flat": a name whose head the parser put on a stray token ("\n\n" + "Pezeshkian")
        for dep in ("poss", "compound", "amod", "nmod", "appos", "flat", "flat:name"):
            for child in token.children:
                if child.dep_ == dep and child.i in self.token_index:
                    return self.refs_of(self.token_index[child.i])
        return []

    def implicit_subject(self, verb: Token) -> list[ActorRef]:
        """Who does a verb with no nominal subject speak or act for? Use it when
        ``for_token`` has no subject to read. In order:

        - an inverted pronoun ("a-t-il déclaré", "estime-t-elle"): its resolved person;
        - a conjoined verb ("llegó y dijo", "arrived and said"): the first verb's subject;
        - pro-drop (Spanish), a finite 3rd-person singular verb ("Además, subrayó que...",
          "Consideró que..."): the last person in subject position within a few sentences
          before it, else the last person named before it.

        Returns ``[]`` when the verb has a nominal or clausal subject ("Se informó que..."),
        is 1st/2nd person or plural, or nobody fits. The refs carry the antecedent's text
        (the verb has no span of its own).
        """
        if verb.dep_ in ("cop", "aux", "aux:pass", "aux:tense") and verb.head is not verb:
            return self.implicit_subject(verb.head)  # "está interesada": ask the predicate
        children = list(verb.children)
        # "Se informó que...": the clause is the subject (impersonal "se"), no person is
        if any(
            c.dep_.startswith(("nsubj", "csubj")) and not c.text.startswith("-") for c in children
        ):
            return []
        for child in children:
            if child.text.startswith("-") and child.i in self.token_index:
                return self.refs_of(self.token_index[child.i])
        if verb.dep_ == "conj" and verb.head is not verb:
            subjects = [c for c in verb.head.children if c.dep_.startswith("nsubj")]
            if subjects:
                return self.for_token(subjects[0])
            return self.implicit_subject(verb.head)
        if not self.pro_drop or not _third_singular(verb):
            return []
        return self._salient_before(verb.idx)

    def _salient_before(self, offset: int) -> list[ActorRef]:
        """The last person in subject position a few sentences before ``offset``, else the last."""
        sent = bisect_right(self.sent_starts, offset) - 1
        before = [p for p in self.people if p[0] < offset]
        recent = [p for p in before if p[1] >= sent - IMPLICIT_SENTENCES]
        for _, _, subject, index in reversed(recent):
            if subject and self.refs_of(index):
                return self.refs_of(index)
        return self.refs_of(before[-1][3]) if before else []

    def for_span(self, start: int, end: int) -> list[ActorRef]:
        """Actors of the mentions lying inside the character range ``[start, end)``."""
        refs: list[ActorRef] = []
        for index, mention in enumerate(self.mentions):
            if start <= mention.start and mention.end <= end:
                refs += self.refs_of(index)
        return _dedupe(refs)


def _third_singular(verb: Token) -> bool:
    """A finite 3rd-person singular verb (or its auxiliary: "ha afirmado")."""
    for tok in (verb, *(c for c in verb.children if c.dep_.startswith("aux"))):
        morph = tok.morph
        if morph.get("Person") == ["3"] and morph.get("Number") == ["Sing"]:
            return "Fin" in morph.get("VerbForm") or tok.pos_ == "AUX"
    return False


def _dedupe(refs: list[ActorRef]) -> list[ActorRef]:
    seen, out = set(), []
    for ref in refs:
        key = (ref.kb_id, ref.code, ref.name)
        if key not in seen:
            seen.add(key)
            out.append(ref)
    return out
