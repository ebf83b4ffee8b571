"""The search language: a query text parsed once into a small tree, before any SQL is built.

    >>> str(parse('Iran OR Turkey "territorial integrity" -Israel diplomat*'))
    '(iran OR (turkey "territorial integrity" diplomat* -israel))'

Words are all required (AND); ``"exact phrase"``; ``OR`` (upper case) between terms or groups,
binding looser than the implicit AND; ``-word`` / ``-"phrase"`` / ``-(group)`` (or ``NOT``)
excludes; ``word*`` is a prefix; parentheses group. Upper-case ``AND`` may be written between
terms and changes nothing. A word is split into tokens where the full-text index splits text
(anything but letters and digits, so ``al-Sabbagh`` is the phrase ``"al sabbagh"``); tokens
are lower-cased, accents kept. ``store.search`` compiles the tree into FTS5 MATCH text, a
PostgreSQL tsquery and a regular expression, so user text never reaches either full-text
syntax as syntax.

A top-level module (pure Python, nothing of ours imported) because every layer reads it:
``query.search`` parses once and hands the tree to the store and the highlighter;
``Store.search`` speaks the same language, and the store may not import the read side; the CLI
shows ``SYNTAX`` in ``--help`` without loading SQLAlchemy, and the API in its OpenAPI text.
Malformed input raises ``SearchSyntaxError`` (a ``ValueError``: the API answers 400) naming
what is wrong, followed by ``SYNTAX_SUMMARY``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_WORDS = 24  # tokens in all terms together: keeps every backend's query small
MAX_DEPTH = 5  # nested parentheses

SYNTAX_SUMMARY = ('search syntax: words (all must occur), "exact phrase", a OR b, -word or '
                  '-"phrase" to leave out, prefix* for word starts, (parentheses) to group')

SYNTAX = """Search syntax:

- Iran Turkey: every word must occur (AND), in any order.

- "territorial integrity": these words next to each other, in this order.

- Iran OR Turkey: either. OR binds looser than AND: a b OR c means (a b) OR c.

- (Iran OR Turkey) talks: parentheses group.

- -Israel, -"Gaza Strip", -(a OR b): leave out hits with this word, phrase or group
(NOT does the same).

- diplomat*: words starting with diplomat (diplomats, diplomatic).

OR, AND and NOT are operators in upper case and plain words otherwise. Case does not matter,
accents do (é is not e), punctuation is ignored: al-Sabbagh is the phrase "al Sabbagh". At most
24 words."""

TOKEN = re.compile(r"[^\W_]+")  # letters and digits: what FTS5's unicode61 keeps as a token
_SPECIAL = '"()'
_KEYWORDS = ("OR", "AND", "NOT")


class SearchSyntaxError(ValueError):
    """A search text that does not parse; the message says what is wrong and the syntax."""

    def __init__(self, problem: str) -> None:
        super().__init__(f"{problem}; {SYNTAX_SUMMARY}")
        self.problem = problem


class EmptySearch(SearchSyntaxError):
    """A search text with no words at all (blank, or punctuation only)."""


@dataclass(frozen=True)
class Term:
    """A word, a prefix or a phrase: its tokens in order (lower case) and the text as written."""

    tokens: tuple[str, ...]
    prefix: bool = False  # the last token is a word start
    text: str = ""

    def __str__(self) -> str:
        body = " ".join(self.tokens)
        body = f'"{body}"' if len(self.tokens) > 1 else body
        return body + ("*" if self.prefix else "")


@dataclass(frozen=True)
class AllOf:
    """Every ``include`` node holds and no ``exclude`` node does (at least one include)."""

    include: tuple[Node, ...]
    exclude: tuple[Node, ...] = ()

    def __str__(self) -> str:
        return "(" + " ".join([*map(str, self.include), *(f"-{n}" for n in self.exclude)]) + ")"


@dataclass(frozen=True)
class AnyOf:
    """At least one option holds."""

    options: tuple[Node, ...]

    def __str__(self) -> str:
        return "(" + " OR ".join(map(str, self.options)) + ")"


Node = Term | AllOf | AnyOf


def terms(node: Node, *, excluded: bool = False) -> list[Term]:
    """The terms a hit must be able to show (``excluded=False``), or the excluded ones."""
    if isinstance(node, Term):
        return [] if excluded else [node]
    if isinstance(node, AnyOf):
        return [t for n in node.options for t in terms(n, excluded=excluded)]
    found = [t for n in node.include for t in terms(n, excluded=excluded)]
    if excluded:  # everything below an exclusion is excluded, whatever its own sign
        found += [t for n in node.exclude for t in terms(n)]
    return found


def parse(text: str) -> Node:
    """The tree of a search text; ``SearchSyntaxError`` if it is malformed or has no words.

    >>> str(parse("al-Sabbagh (Iran OR Irán) -Israel"))
    '("al sabbagh" (iran OR irán) -israel)'
    """
    parser = _Parser(_lex(unicodedata.normalize("NFC", text)))
    if not parser.items:
        raise EmptySearch("the search text has no words")
    node = parser.expression(depth=0)
    if parser.peek() is not None:  # only a stray ")" stops an expression early
        raise SearchSyntaxError('a ")" closes no "("')
    words = sum(len(t.tokens) for t in [*terms(node), *terms(node, excluded=True)])
    if words > MAX_WORDS:
        raise SearchSyntaxError(f"too many words ({words}); at most {MAX_WORDS}")
    return node


# ---------------------------------------------------------------------------------------------
# Lexing: the text -> terms, "(", ")", "-" (exclude) and the upper-case keywords
# ---------------------------------------------------------------------------------------------

Item = Term | str  # a term, or one of ( ) - OR AND NOT


def _lex(text: str) -> list[Item]:
    items: list[Item] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c in "()":
            items.append(c)
            i += 1
        elif c == '"':
            close = text.find('"', i + 1)
            if close < 0:
                raise SearchSyntaxError(f'the quote at character {i + 1} is never closed')
            j = close + 1
            star = j < n and text[j] == "*"
            inner = text[i + 1:close]
            phrase = _term(inner, prefix=star, where=f'the phrase "{inner}"')
            if phrase:
                items.append(phrase)
            i = j + star
        elif c == "-" and i + 1 < n and (text[i + 1] in '"(' or TOKEN.match(text, i + 1)):
            items.append("-")  # a leading minus excludes the next word, phrase or group
            i += 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in _SPECIAL:
                j += 1
            items.extend(_word(text[i:j]))
            i = j
    return items


def _word(chunk: str) -> list[Item]:
    """A bare word: a keyword, a term (prefix if it ends in ``*``), or punctuation (nothing)."""
    if chunk in _KEYWORDS:
        return [chunk]
    found = list(TOKEN.finditer(chunk))
    stars = [m.start() for m in re.finditer(r"\*", chunk)]
    if not found:
        if stars:
            raise SearchSyntaxError(f'"{chunk}": a * must follow the start of a word, as in '
                                    "diplomat*")
        return []  # punctuation alone, such as a dash between words
    end = found[-1].end()
    prefix = end < len(chunk) and chunk[end] == "*"
    if any(s != end for s in stars):
        raise SearchSyntaxError(f'"{chunk}": * may only end a word, as in diplomat*')
    term = _term(chunk, prefix=prefix, where=f'"{chunk}"')
    return [term] if term else []


def _term(text: str, *, prefix: bool, where: str) -> Term | None:
    tokens = tuple(m.group().lower() for m in TOKEN.finditer(text))
    if not tokens:
        if prefix:
            raise SearchSyntaxError(f"{where}*: a * must follow a word, as in diplomat*")
        return None  # "" or punctuation only: nothing to find
    return Term(tokens, prefix, text)


# ---------------------------------------------------------------------------------------------
# Parsing: expression := group (OR group)* ; group := item+ ; item := [-|NOT] (term | "(" expr ")")
# ---------------------------------------------------------------------------------------------


class _Parser:
    def __init__(self, items: list[Item]) -> None:
        self.items = items
        self.at = 0

    def peek(self) -> Item | None:
        return self.items[self.at] if self.at < len(self.items) else None

    def take(self) -> Item | None:
        item = self.peek()
        self.at += 1
        return item

    def expression(self, depth: int) -> Node:
        options = [self.group(depth)]
        while self.peek() == "OR":
            self.take()
            if self.peek() in (None, ")", "OR"):
                raise SearchSyntaxError("OR needs a word, phrase or group on both sides")
            options.append(self.group(depth))
        return options[0] if len(options) == 1 else AnyOf(tuple(options))

    def group(self, depth: int) -> Node:
        include: list[Node] = []
        exclude: list[Node] = []
        while self.peek() not in (None, ")", "OR"):
            if self.peek() == "AND":
                self.take()
                if not (include or exclude) or self.peek() in (None, ")", "OR", "AND"):
                    raise SearchSyntaxError("AND needs a word, phrase or group on both sides")
                continue
            negated = self.peek() in ("-", "NOT")
            if negated:
                sign = self.take()
                if self.peek() in (None, ")", "OR", "AND", "-", "NOT"):
                    raise SearchSyntaxError(f"{sign} must be followed by the word, phrase or "
                                            "group to leave out")
            (exclude if negated else include).append(self.atom(depth))
        if not include:
            raise SearchSyntaxError(self._empty_group(exclude, depth))
        if len(include) == 1 and not exclude:
            return include[0]
        return AllOf(tuple(include), tuple(exclude))

    def _empty_group(self, exclude: list[Node], depth: int) -> str:
        """What is wrong where a group has nothing to find."""
        before = self.items[self.at - 1] if self.at else None
        if exclude:
            left_out = " ".join(f"-{n}" for n in exclude)
            return f"{left_out} only leaves out: add what to find, as in Syria -Israel"
        if "OR" in (before, self.peek()):
            return "OR needs a word, phrase or group on both sides"
        if self.peek() == ")" and depth == 0:
            return 'a ")" closes no "("'
        if before == "(" and self.peek() is None:
            return 'a "(" is never closed'
        return 'empty parentheses "()"'

    def atom(self, depth: int) -> Node:
        item = self.take()
        if isinstance(item, Term):
            return item
        if item == "(":
            if depth + 1 > MAX_DEPTH:
                raise SearchSyntaxError(f"parentheses nested more than {MAX_DEPTH} deep")
            node = self.expression(depth + 1)
            if self.take() != ")":
                raise SearchSyntaxError('a "(" is never closed')
            return node
        raise SearchSyntaxError(f'"{item}" cannot start a term')  # not reached by valid lexing
