"""Syntactic cues the resolver reads around a candidate: indefinite phrases ("a senior Hamas
official", "l'un des responsables"), French inverted subject pronouns ("a-t-il déclaré") and
attributed pronouns ("selon lui", "according to him"). Word lists come from the lexicon.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from eventwire.analyze.actors.lexicon import Lexicon

CLAUSE_DEPS = {"relcl", "acl", "acl:relcl", "appos", "ccomp", "advcl", "conj"}
OF_WORDS = {"of", "de", "des", "du", "d'", "d’", "del", "de los", "de las"}


def _core(word: str) -> str:
    """ "-il" -> "il", "l’un" -> "l'un": the word as the lexicon lists it."""
    return word.lower().lstrip("-").replace("’", "'")


def is_indefinite(span: Span, lex: Lexicon) -> bool:
    """Does the noun phrase headed by ``span`` introduce a new referent? "A senior official",
    "un alto funcionario", "one of the officials", "l'un des responsables"."""
    root = span.root
    determiners = lex.words("indefinite_determiners")
    if any(c.dep_ == "det" and _core(c.text) in determiners for c in root.children):
        return True
    return partitive_head(span, lex) is not None


def partitive_head(span: Span, lex: Lexicon) -> Token | None:
    """ "One" of "one of the officials", "uno" of "uno de los asesores": the word that
    stands for the whole phrase as a subject."""
    root = span.root
    partitive = {_core(w) for w in lex.words("partitive_heads")}
    if root.dep_ not in ("pobj", "nmod", "obl") or root.head is root:
        return None
    head = root.head  # "uno -nmod- ministros" (es/fr), or "one -prep- of -pobj- officials"
    if head.lower_ in OF_WORDS and head.dep_ == "prep":
        head = head.head
    return head if _core(head.text) in partitive and head.i < root.i else None


def described(span: Span) -> Token | None:
    """The person an indefinite title describes rather than introduces: the head of an
    apposition ("Araghchi, a veteran diplomat") or the subject of a copula ("Araghchi is a
    diplomat", "Araghchi es un diplomático")."""
    root = span.root
    if root.dep_ == "appos" and root.head is not root:
        return root.head
    clause = root.head if root.dep_ in ("attr", "acomp") else root
    if clause is root and not any(c.dep_ == "cop" for c in root.children):
        return None
    subjects = [c for c in clause.children if c.dep_.startswith("nsubj")]
    return subjects[0] if subjects else None


def phrase_tokens(root: Token) -> list[int]:
    """Token indices of the noun phrase headed by ``root``, without its clauses ("an official
    who met Netanyahu" stops before "who"), nearest to the head first."""
    out: list[int] = []
    stack = [root]
    while stack:
        tok = stack.pop()
        out.append(tok.i)
        stack += [c for c in tok.children if c.dep_ not in CLAUSE_DEPS]
    return sorted(out, key=lambda i: abs(i - root.i))


def inverted_pronoun(tok: Token, lex: Lexicon) -> str | None:
    """ "a-t-il déclaré", "estime-t-elle": the pronoun word of an inverted subject."""
    if not tok.text.startswith("-"):  # the small fr model may tag "-elle" X, not PRON
        return None
    word = _core(tok.text)
    return word if word in lex.words("person_pronouns") else None


def attributed_pronoun(tok: Token, lex: Lexicon) -> str | None:
    """ "selon lui", "según él", "according to him": the pronoun of a source phrase."""
    word = tok.lower_
    if word not in lex.words("attributed_pronouns"):
        return None
    for prep in lex.words("attribution_preps"):
        size = len(prep.split())
        before = tok.doc[max(tok.i - size, 0) : tok.i]
        if len(before) == size and _core(before.text) == _core(prep):
            return word
    return None
