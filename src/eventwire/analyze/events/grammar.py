"""Dependency-parse grammar of event coding: triggers, their arguments, and their moods.

Works on spaCy sentences in English (ClearNLP labels) and Spanish/French (Universal
Dependencies labels) alike; which words matter comes from the lexicon.  It only finds *tokens*
(who is the subject, which phrase holds the recipient); turning them into actors is the actor
layer's job (``analyze/events/coder.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from eventwire.analyze.events.lexicon import Entry, Lexicon

SUBJ = {"nsubj", "nsubjpass", "nsubj:pass", "csubj", "csubjpass", "csubj:pass", "expl:subj"}
PASS_SUBJ = {"nsubjpass", "nsubj:pass", "csubjpass", "csubj:pass"}
OBJ = {"dobj", "obj"}
IOBJ = {"iobj", "dative"}
AUX = {"aux", "auxpass", "aux:pass", "aux:tense", "cop"}
NEG = {"neg"}
# UD dependents that carry a preposition as a `case` child
OBLIQUE = {"obl", "obl:arg", "obl:mod", "obl:agent", "nmod", "obj", "iobj", "advcl"}
# dependents that are not part of what a governor asks for / promises
NOT_COMPLEMENT = SUBJ | AUX | NEG | {"punct", "cc", "conj", "mark", "advcl", "parataxis",
                                      "npadvmod", "advmod", "det", "case", "appos", "relcl"}
CONTENT = {"ccomp", "xcomp", "parataxis", "advcl"}  # clauses a speech verb introduces


@dataclass
class Frame:
    """An event as the grammar sees it: a trigger and the tokens that hold its arguments."""

    type: str
    mode: str | None
    trigger: Token  # the head word (its date, place and offsets anchor the event)
    words: list[Token]  # all trigger words, e.g. [held, talks], [called, for]
    kind: str  # verb | light | noun | inherited | governed | speech
    rule: str
    entry: Entry | None = None
    actors: list[Token] = field(default_factory=list)
    # ordered recipient slots: the first slot whose tokens resolve to actors wins
    recipients: list[list[Token]] = field(default_factory=list)
    negated: bool = False
    future: bool = False
    hypothetical: bool = False
    inner: Frame | None = None  # the event a governor asks for / promises / refuses
    alt_actors: list[Token] = field(default_factory=list)  # tried when `actors` do not resolve


def lemma(tok: Token) -> str:
    """Lower-case lemma, falling back on the word when the lemmatiser left it empty."""
    return (tok.lemma_ or tok.text).lower()


def _case(tok: Token) -> str | None:
    """The preposition of a UD oblique ("con" in "con Siria"), if any."""
    cases = [c for c in tok.children if c.dep_ in {"case", "mark"} and c.i < tok.i]
    return lemma(cases[-1]) if cases else None


def prep_args(tok: Token) -> dict[str, list[Token]]:
    """Preposition -> its noun(s), for both ClearNLP (prep/pobj) and UD (obl + case)."""
    out: dict[str, list[Token]] = {}
    for child in tok.children:
        if child.dep_ in {"prep", "agent", "prt", "dative"}:
            objs = [g for g in child.children if g.dep_ in {"pobj", "pcomp"}]
            # "with visiting minister X": the participle's object is the noun
            objs += [o for g in objs if g.dep_ == "pcomp" for o in g.children if o.dep_ in OBJ]
            if not objs and child.dep_ == "prep":
                objs = _stranded_object(child)
            key = "by" if child.dep_ == "agent" else lemma(child)
            out.setdefault(key, []).extend(objs)
        elif child.dep_ in OBLIQUE:
            case = _case(child)
            if case:
                out.setdefault(case, []).append(child)
    return out


_NP_WORDS = {"DET", "ADJ", "NUM", "NOUN", "PROPN"}


def _stranded_object(prep: Token) -> list[Token]:
    """A preposition the parser left without its noun ("to five Panamanian army officers
    holed up ..." parsed as a clause): the last noun of the phrase right after it."""
    last = None
    for tok in prep.doc[prep.i + 1: prep.i + 8]:
        if tok.pos_ not in _NP_WORDS or tok.sent != prep.sent:
            break
        if tok.pos_ in {"NOUN", "PROPN"}:
            last = tok
    return [last] if last is not None else []


def subjects(tok: Token, depth: int = 0) -> list[Token]:
    """Grammatical subject(s) of a predicate; inherited through conj / xcomp / participles."""
    own = [c for c in tok.children if c.dep_ in SUBJ and c.dep_ not in PASS_SUBJ]
    if own and tok.dep_ in {"relcl", "acl:relcl"} and _relative(own[0]):
        return [tok.head]  # "groups who launched an attack": the groups
    if own or depth > 3:
        return own
    if tok.dep_ == "acl" and _infinitive(tok):  # "its stance to support X": the stance holder
        holder = agents(tok.head) or [
            c for c in tok.head.children if c.dep_ in {"poss", "nmod:poss"}
        ]
        verb = governing_verb(tok.head)
        return holder or (subjects(verb, depth + 1) if verb is not None else [])
    if tok.dep_ == "relcl" or (tok.dep_ == "acl" and tok.tag_ != "VBN"):
        return [tok.head]  # "groups who launched", "forces fighting"
    if tok.dep_ == "xcomp":  # object control: "urged X to boost" -> X
        controller = direct_objects(tok.head) + indirect_objects(tok.head)
        if controller:
            return controller
    if tok.dep_ in {"acomp", "pcomp"} and tok.head.i != tok.i:  # "is about to restore"
        return subjects(tok.head, depth + 1)
    if tok.dep_ in {"conj", "xcomp", "advcl"} and tok.head.i != tok.i:
        nonfinite = set(tok.morph.get("VerbForm")) & {"Ger", "Part", "Inf"} or tok.tag_ in {
            "VBG", "VBN", "VB"}
        if tok.dep_ == "advcl" and not nonfinite:
            return []  # a finite adverbial clause without its own subject: unknown
        return subjects(tok.head, depth + 1)
    return []


def _infinitive(tok: Token) -> bool:
    return "Inf" in tok.morph.get("VerbForm") or any(
        c.dep_ == "aux" and c.lower_ == "to" for c in tok.children
    )


def reduced_relative(tok: Token) -> bool:
    """'Israel, backed by the United States': a participle describing a noun, not an event."""
    return tok.dep_ in {"acl", "amod", "compound", "nmod", "npadvmod"} and (
        tok.tag_ in {"VBN", "VBG"} or "Part" in tok.morph.get("VerbForm")
    )


def _relative(tok: Token) -> bool:
    return "Rel" in tok.morph.get("PronType") or tok.tag_ in {"WDT", "WP"}


def participle_with_aux(tok: Token) -> bool:
    """"a nié", "sont descendus" mistagged DET / ADJ: a tense auxiliary makes it a verb."""
    return tok.pos_ in {"ADJ", "DET", "ADV"} and tok.dep_ not in {"amod", "det", "advmod"} and any(
        c.dep_ in {"aux", "aux:tense", "aux:pass", "auxpass"} for c in tok.children)


def conditional(tok: Token, lex: Lexicon) -> bool:
    """'atacaría', 'frapperait': the conditional, also when the tagger calls it an imperfect
    (regular stems: the infinitive, without the final e of French -re verbs)."""
    if "Cnd" in tok.morph.get("Mood"):
        return True
    base, word = lemma(tok), tok.lower_
    stems = {base, base[:-1]} if base.endswith("re") else {base}
    return tok.pos_ in {"VERB", "AUX"} and any(
        word == stem + end for stem in stems for end in lex.cue("conditional_endings"))


def reflexive(tok: Token) -> bool:
    """'se reunió', "s'est retiré": the verb has a reflexive clitic."""
    return any(c.dep_.startswith("expl") or lemma(c) == "se" for c in tok.children)


def is_passive(tok: Token, aux_words: frozenset[str] = frozenset()) -> bool:
    """'were killed by', 'fueron detenidos por' (ser + participle), 'ont été arrêtés par'."""
    deps = {c.dep_ for c in tok.children}
    if deps & (PASS_SUBJ | {"auxpass", "aux:pass"}):
        return True
    return "Part" in tok.morph.get("VerbForm") and not reflexive(tok) and any(
        c.dep_ in AUX and lemma(c) in aux_words for c in tok.children)


def passive_subjects(tok: Token) -> list[Token]:
    return [c for c in tok.children if c.dep_ in PASS_SUBJ]


def agents(tok: Token) -> list[Token]:
    """The by-phrase of a passive ("killed by government forces", "arrêtés par la police")."""
    preps = prep_args(tok)
    found = preps.get("by", []) + [c for c in tok.children if c.dep_ == "obl:agent"]
    for word in ("por", "par"):
        found += preps.get(word, [])
    # "atacado por yihadistas del Estado Islámico": a misparse gives the phrase two case words
    found += [c for c in tok.children if c.dep_ in OBLIQUE and any(
        x.dep_ == "case" and x.i < c.i and lemma(x) in {"por", "par"} for x in c.children)]
    return list(dict.fromkeys(found))


def direct_objects(tok: Token, aux_words: frozenset[str] = frozenset()) -> list[Token]:
    """Direct objects (Spanish personal "a" objects included); passive subjects for passives."""
    if is_passive(tok, aux_words):
        return passive_subjects(tok) or [c for c in tok.children if c.dep_ in SUBJ]
    objs = [c for c in tok.children if c.dep_ in OBJ and _case(c) in (None, "a", "al")]
    # small models tag some objects "xcomp" ("a rencontré Vladimir Poutine")
    objs += [c for c in tok.children if c.dep_ == "xcomp" and c.pos_ in {"NOUN", "PROPN"}
             and _case(c) is None]
    return objs


def indirect_objects(tok: Token) -> list[Token]:
    return [c for c in tok.children if c.dep_ in IOBJ]


def object_clitic(tok: Token) -> bool:
    """'lui a demandé', 'le pidió' (not doubled by 'a Israel'): a third-person object clitic."""
    morph = tok.morph
    if tok.pos_ != "PRON" or tok.i > tok.head.i or tok.dep_ not in OBJ | IOBJ \
            or "3" not in morph.get("Person") or "Yes" in morph.get("Reflex"):
        return False
    doubled = indirect_objects(tok.head) + prep_args(tok.head).get("a", []) + \
        prep_args(tok.head).get("al", [])  # "le pidió a Israel": the clitic doubles Israel
    return not [c for c in doubled if c.i != tok.i and c.pos_ != "PRON"]


def has_particle(tok: Token, particle: str) -> bool:
    """'call' has 'for' in 'called for', as a particle, preposition or UD case."""
    for child in tok.children:
        if child.dep_ in {"prt", "prep", "compound:prt", "agent"} and lemma(child) == particle:
            return True
        if child.dep_ in OBLIQUE | {"xcomp", "ccomp"} and _case(child) == particle:
            return True
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return nxt is not None and lemma(nxt) == particle


def modifiers(tok: Token) -> set[str]:
    return {lemma(c) for c in tok.children if c.dep_ in {"amod", "compound", "nmod", "flat"}} | {
        lemma(c) for c in tok.lefts
    }


def negated(tok: Token, lex: Lexicon) -> bool:
    """'did not attack', 'no atacó', "n'a pas attaqué"."""
    cues = lex.cue("negation")
    for child in tok.children:
        if child.dep_ in NEG or "Neg" in child.morph.get("Polarity"):
            return True
        if child.dep_ in {"advmod", "det", "neg"} and lemma(child) in cues:
            return True
    return False


def future(tok: Token, lex: Lexicon) -> bool:
    """'will meet', 'se reunirán', 'va a visitar', 'rencontrera', 'va visiter'."""
    if "Fut" in tok.morph.get("Tense") or reported_future(tok, lex):
        return True
    if "Sub" in tok.morph.get("Mood") and any(c.dep_ == "mark" for c in tok.children):
        return True  # "para que visite Siria", "pour qu'il visite": wished, not done
    aux = lex.cue("future_aux")
    if any(c.dep_ in AUX and (lemma(c) in aux or c.lower_ in aux) for c in tok.children):
        return True
    go = lex.cue("future_go")  # "aller" + infinitive
    return tok.dep_ == "xcomp" and lemma(tok.head) in go and "Inf" in tok.morph.get("VerbForm")


def hypothetical(tok: Token, lex: Lexicon) -> bool:
    """'if...', 'would', conditional mood: up the clause (through xcomp / conj)."""
    cues = lex.cue("hypothetical")
    reported = reported_future(tok, lex)
    if reported:
        cues = cues - lex.cue("reported_future")
    node = tok
    for _ in range(4):
        if conditional(node, lex) and not (reported and node.i == tok.i):
            return True
        for child in node.children:
            if child.dep_ in AUX | {"mark"} and (lemma(child) in cues or child.lower_ in cues):
                return True
            if "Cnd" in child.morph.get("Mood") and child.dep_ in AUX:
                return True
        if node.dep_ not in {"xcomp", "conj"} or node.head.i == node.i:
            return False
        node = node.head
    return False


def reported_future(tok: Token, lex: Lexicon) -> bool:
    """'said it would allow': "would" in a reported clause is the future of the past."""
    would = lex.cue("reported_future")
    # "said it would allow", "afirmó que atacaría", "a dit qu'il riposterait"
    if not any(c.dep_ in AUX and c.lower_ in would for c in tok.children) and not conditional(
            tok, lex):
        return False
    node = tok
    for _ in range(3):
        if node.dep_ in {"ccomp", "parataxis"} and lemma(node.head) in lex.speech_verbs:
            return not any(c.dep_ == "mark" and lemma(c) in lex.cue("hypothetical")
                           for c in tok.children)
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def continued(tok: Token, lex: Lexicon) -> bool:
    """'will keep supporting', 'continuará apoyando': an ongoing act, not a promise."""
    return tok.dep_ in {"xcomp", "ccomp"} and lemma(tok.head) in lex.cue("continuation")


def complement(tok: Token) -> list[Token]:
    """What a governor asks for / promises: its dependents minus subject, aux, conj, ..."""
    out: list[Token] = []
    for child in tok.children:
        if child.dep_ not in NOT_COMPLEMENT or (child.dep_ == "advcl" and _case(child)):
            out.extend(child.subtree)
    if tok.dep_ == "ROOT" and not any(c.dep_ in OBJ for c in tok.children):
        # a parse split in two ("a rejeté | les accusations des États-Unis"): the orphan
        # noun phrase right after the verb is its object
        sent = tok.sent
        follow = tok.doc[sent.end:sent.end + 1] if sent[-1].pos_ != "PUNCT" else []
        nxt = [t.sent.root for t in follow if t.sent.root.pos_ == "NOUN"]
        if nxt:
            out.extend(nxt[0].subtree)
    return sorted(out, key=lambda t: t.i)


def content(tok: Token) -> list[Token]:
    """The reported clause of a speech verb ('said that X ...')."""
    out: list[Token] = []
    for child in tok.children:
        if child.dep_ in CONTENT:
            out.extend(child.subtree)
    if tok.dep_ in {"parataxis", "ccomp"} and tok.head.i != tok.i:
        # '"Such incidents are plots", Pezeshkian said': the quote is the head clause
        own = {t.i for t in tok.subtree}
        out = [t for t in tok.head.subtree if t.i not in own]
    return out


def governing_verb(tok: Token) -> Token | None:
    """The verb a noun phrase hangs from ("said" for "during a meeting with")."""
    node = tok
    for _ in range(4):
        if node.head.i == node.i:
            return None
        node = node.head
        if node.pos_ in {"VERB", "AUX"}:
            return node
    return None


def light_head(tok: Token, lex: Lexicon) -> Token | None:
    """The light verb of a nominal event ("held talks", "voiced concern", "launched an attack")."""
    if tok.dep_ == "conj" and tok.head.i != tok.i:  # "conveyed greetings and an invitation"
        tok = tok.head
    head = tok.head
    if head.i == tok.i:
        return None
    roles = OBJ | PASS_SUBJ | {"attr", "nsubj", "obl:arg", "obl"}
    if tok.dep_ in roles and lemma(head) in lex.light_verbs:
        return head
    # "engaged in talks", "expressed its hope": the noun under a preposition of the light verb
    if head.dep_ == "prep" and lemma(head.head) in lex.light_verbs:
        return head.head
    # "launched 10 days of war games", "a wave of arrests": through a measure noun
    if head.dep_ == "prep" and lemma(head) in {"of", "de"} and head.head.dep_ in OBJ \
            and lemma(head.head.head) in lex.light_verbs:
        return head.head.head
    return None


def noun_actors(tok: Token) -> list[Token]:
    """Who does a nominal event: possessor, by-phrase, or a nationality adjective."""
    poss = [c for c in tok.children if c.dep_ in {"poss", "nmod:poss"}]
    if poss:
        return poss
    by = agents(tok)
    if by:
        return by
    return [c for c in tok.children
            if c.dep_ in {"amod", "compound"} and c.pos_ in {"ADJ", "PROPN"}]

