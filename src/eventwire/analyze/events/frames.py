"""Find event frames in a parsed sentence: lexicon triggers, governors, reported accusations.

``find_frames(sent, lex)`` returns :class:`Frame` objects whose argument *tokens* the event layer
then resolves to actors.  Order of work:
1. triggers: verbs and nouns of the lexicon (light-verb constructions like "held talks");
2. governors ("urged ... to", "ready to", "refused to", "threatened to") take the first trigger
   of their complement as the thing asked for / promised / refused, and consume it;
3. what is left is coded as it stands; speech verbs' clauses are searched for accusations.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from eventwire.analyze.events import grammar as g
from eventwire.analyze.events.lexicon import Entry, Lexicon


def _depth(tok: Token) -> int:
    return sum(1 for _ in tok.ancestors)


def _object_lemmas(tok: Token) -> set[str]:
    objs = g.direct_objects(tok)
    if not objs and tok.dep_ in {"relcl", "acl:relcl", "acl"}:
        objs = [tok.head]  # object relative: "the agreement it struck"
    # "expressed its readiness", "boost cooperation and convergence": conjuncts count too
    objs += [c for o in objs for c in o.conjuncts]
    # "25,000 tons of food aid", "part of a military aid program": the of-phrase names it
    objs += [p for o in objs for p in g.prep_args(o).get("of", []) + g.prep_args(o).get("de", [])]
    # "halted mediation efforts", "suspended aid shipments": a noun modifier names it too
    objs += [c for o in objs for c in o.children if c.dep_ == "compound"]
    return {g.lemma(o) for o in objs}


def _prep_lemmas(tok: Token, preps: frozenset[str]) -> set[str]:
    """Nouns under the entry's prepositions, with their of-phrases: an entry with objects and
    preps also matches "condenado a muerte", "placé en état d'alerte", "puesto en libertad"
    (the phrase may hang from the object: "condamné un Français à trois ans de prison")."""
    if not preps:
        return set()
    heads = [tok] + g.direct_objects(tok)
    nouns = [n for h in heads for p in preps for n in g.prep_args(h).get(p, [])]
    nouns += [x for n in nouns for x in g.prep_args(n).get("de", []) + g.prep_args(n).get("of", [])]
    # "condenó a muerte": the small model makes "a muerte" a fixed adverb
    nouns += [f for c in tok.children if c.dep_ == "advmod" and g.lemma(c) in preps
              for f in c.children if f.dep_ == "fixed"]
    return {g.lemma(n) for n in nouns}


def _verb_entry(tok: Token, lex: Lexicon) -> Entry | None:
    """First lexicon entry of a verb whose particle / object constraints hold."""
    if not (tok.pos_ == "VERB" or g.participle_with_aux(tok)) or g.reduced_relative(tok):
        return None
    entries = lex.verb_entries(g.lemma(tok))
    if lex.verb_forms:  # an imported dictionary: its verbs by the forms they list
        entries = entries + [e for e in lex.verb_forms.get(tok.lower_, []) if e not in entries]
    for entry in entries:
        if entry.particle and not g.has_particle(tok, entry.particle):
            continue
        found = _prep_lemmas(tok, entry.preps) if entry.objects else set()
        if entry.objects and not entry.objects & (_object_lemmas(tok) | found):
            continue
        if entry.preps and not found and not entry.preps & set(g.prep_args(tok)):
            continue
        if entry.forms and tok.lower_ not in entry.forms:
            continue
        if entry.intransitive and (g.direct_objects(tok) or any(
                c.dep_ in {"ccomp", "xcomp"} for c in tok.children)):
            continue
        if entry.pattern is not None and not entry.pattern.matches(tok):
            continue
        return None if entry.skip else entry
    return None


def _noun_entry(tok: Token, lex: Lexicon, *, allow_light: bool) -> Entry | None:
    """First noun entry whose modifier / light-verb constraints hold."""
    if tok.pos_ not in {"NOUN", "PROPN"}:
        return None
    mods = g.modifiers(tok)
    for entry in lex.noun_entries(g.lemma(tok)):
        if entry.modifiers and not entry.modifiers & mods:
            continue
        if entry.preps and not entry.preps & set(g.prep_args(tok)):
            continue
        if entry.light and not allow_light and g.light_head(tok, lex) is None:
            continue
        return None if entry.skip else entry
    return None


def governor_kind(tok: Token, lex: Lexicon) -> str | None:
    """request | intent | reject | threaten when the word takes an event as complement."""
    word = g.lemma(tok)
    for kind, gov in lex.governors.items():
        if tok.pos_ in {"VERB", "AUX"} and word in gov.verbs:
            own = _verb_entry(tok, lex) if kind == "request" else None
            if own is not None and own.objects:
                continue  # "pidió disculpas", "demande pardon": a sense of its own, not a request
            particles = gov.verbs[word]
            if None in particles or any(p and g.has_particle(tok, p) for p in particles):
                return kind
        if tok.pos_ == "ADJ" and word in gov.adjectives:
            return kind
        if tok.pos_ in {"NOUN", "PROPN"} and word in gov.nouns:
            head = g.light_head(tok, lex)
            if head is None and g.lemma(tok.head) not in lex.speech_verbs:
                continue  # "in protest of the refusal": a mention, not a refusal being made
            if _verb_entry(tok.head, lex) is not None:
                continue  # "accepted demands", "dismissed an appeal": the verb codes it
            specific = [e for e in lex.noun_entries(word) if e.modifiers & g.modifiers(tok)]
            return None if specific else kind  # "phone call" is a call, not a call for
    return None


def _flags(frame: g.Frame, lex: Lexicon) -> g.Frame:
    head = frame.words[0] if frame.kind == "light" else frame.trigger
    frame.negated = any(g.negated(w, lex) for w in frame.words)
    frame.future = g.future(head, lex) and not g.continued(head, lex)
    frame.hypothetical = g.hypothetical(head, lex)
    return frame


def plain_frame(tok: Token, lex: Lexicon, *, in_complement: bool = False) -> g.Frame | None:
    """The frame of a lexicon trigger as it stands (verb, light-verb noun or noun)."""
    entry = _verb_entry(tok, lex)
    if entry is not None:
        if not in_complement and _purpose(tok, lex):
            return None
        return _flags(_verb_frame(tok, entry, lex), lex)
    entry = _noun_entry(tok, lex, allow_light=in_complement)
    if entry is None:
        return None
    light = g.light_head(tok, lex)
    if light is not None:
        return _flags(_light_frame(tok, light, entry, lex), lex)
    temporal = lex.cue("temporal_preps")
    if tok.dep_ in {"pobj", "obl", "nmod"} and (g.lemma(tok.head) in temporal or any(
            g.lemma(c) in temporal for c in tok.children if c.dep_ == "case")):
        return None  # "since the attacks of 2001": a reference to the past, not a new event
    return _flags(_noun_frame(tok, entry, lex), lex)


def _slots(tok: Token, entry: Entry, extra: list[Token] = ()) -> list[list[Token]]:
    """Recipient slots of a trigger in lexicon order."""
    preps = g.prep_args(tok)
    for other in list(extra) + g.direct_objects(tok):
        for key, vals in g.prep_args(other).items():
            preps.setdefault(key, []).extend(vals)
    out = []
    for slot in entry.recipient:
        if slot == "obj" and tok.pos_ in {"VERB", "AUX"}:
            objs = g.direct_objects(tok)  # "condemned Israeli attacks": the attackers after
            out.append(objs + [a for o in objs for a in g.noun_actors(o)])
        elif slot == "iobj":
            out.append(g.indirect_objects(tok))
        elif slot == "after":  # TABARI: the first actor after the verb (or its pattern's mark)
            start = entry.pattern.role_start(tok) if entry.pattern is not None else tok.i + 1
            out.append([t for t in tok.subtree if t.i >= (start or tok.i + 1)
                        and t.pos_ in {"PROPN", "NOUN"}])
        elif slot == "comp":
            out.append([t for t in g.complement(tok) if t.pos_ in {"PROPN", "NOUN", "ADJ", "PRON"}])
        else:
            out.append(preps.get(slot, []))
    return [s for s in out if s]


def _purpose(tok: Token, lex: Lexicon) -> bool:
    """'para fortalecer ...' (also through 'y mejorar ...'): an aim without its own subject."""
    cues = lex.cue("purpose")
    for node in (tok, tok.head if tok.dep_ == "conj" else tok):
        if any(c.dep_ == "mark" and g.lemma(c) in cues for c in node.children) and not [
                c for c in node.children if c.dep_ in g.SUBJ]:
            return True
    return False


def _verb_frame(tok: Token, entry: Entry, lex: Lexicon) -> g.Frame:
    aux = lex.cue("passive_aux")
    # "se sont rassemblés", "sont descendus": pronominal verbs and verbs conjugated with "être"
    # are no passives, though the parser may label their subject a passive one
    active = g.reflexive(tok) or g.lemma(tok) in lex.cue("etre_verbs")
    if g.is_passive(tok, aux) and (g.agents(tok) or not active):
        actors = g.agents(tok)
        objects = g.direct_objects(tok, aux)
        slots = [objects if s in {"obj", "after"} else [] for s in entry.recipient[:1]] + _slots(
            tok, entry)
        words = [tok]
        return g.Frame(entry.type, entry.mode, tok, words, "verb", entry.rule, entry, actors,
                       [s for s in slots if s])
    actors = g.subjects(tok) or (g.passive_subjects(tok) if active else [])
    words = [tok] + [c for c in tok.children if entry.particle and g.lemma(c) == entry.particle]
    return g.Frame(entry.type, entry.mode, tok, words, "verb", entry.rule, entry, actors,
                   _slots(tok, entry))


def _attending(heads: list[Token], lex: Lexicon) -> list[Token]:
    """'in the presence of Iran, Russia and Turkey': the attendees of a meeting."""
    out = []
    for head in heads:
        for nouns in g.prep_args(head).values():
            for n in nouns:
                if g.lemma(n) in lex.cue("attendance"):
                    out += [t for p in lex.cue("partitive") for t in g.prep_args(n).get(p, [])]
    return out


def _light_frame(noun: Token, light: Token, entry: Entry, lex: Lexicon) -> g.Frame:
    actors = g.agents(light) if g.is_passive(light) else g.subjects(light)
    actors = [a for a in actors if a.i != noun.i]  # "la reunión se celebró": no actor named
    if not actors:  # "talks were held between X and Y": both are actors of a joint act
        actors = g.prep_args(noun).get("between", []) + g.prep_args(light).get("between", [])
    if not actors:
        actors = _attending([noun, light], lex)
    if not actors:  # "Palestinian riots are continuing": the noun names its own actor
        actors = g.noun_actors(noun)
    slots = _slots(noun, entry, extra=[]) + [s for s in _slots(light, entry) if s]
    if noun.dep_ not in g.OBJ | g.PASS_SUBJ:  # "placed X under arrest", "X were taken into
        # custody", "puso bajo custodia a X": the verb's object undergoes the noun's act
        undergo = [t for t in g.direct_objects(light) if t.i != noun.i]
        slots += [undergo] if undergo else []
    return g.Frame(entry.type, entry.mode, noun, [light, noun], "light", entry.rule, entry,
                   actors, slots)


def _noun_frame(noun: Token, entry: Entry, lex: Lexicon) -> g.Frame:
    actors, kind, alt = g.noun_actors(noun), "noun", []
    verb = g.governing_verb(noun) if entry.inherit else None
    if verb is not None and entry.inherit == "participation" and \
            g.lemma(verb) not in lex.cue("participation"):
        verb = None  # "police dispersed the rally" is no rally by the police
    if verb is not None:  # "said during a meeting with": the speaker met
        alt = g.subjects(verb)
        if not actors:
            actors, alt, kind = alt, [], "inherited"
    # "una reunión celebrada el miércoles con X": the participle carries the with-phrase
    held = [c for c in noun.children if c.dep_ in {"acl", "amod"} and c.pos_ in {"VERB", "ADJ"}]
    slots = _slots(noun, entry, extra=held)
    if verb is not None:  # "En una reunión celebrada el miércoles, con X, ...": the with-phrase
        preps = g.prep_args(verb)  # may hang from the clause instead of the noun
        slots += [preps[p] for p in entry.recipient if p in preps and p not in {"obj", "comp"}]
    frame = g.Frame(entry.type, entry.mode, noun, [noun], kind, entry.rule, entry, actors, slots)
    frame.alt_actors = alt
    return frame


def _governor_actors(tok: Token, lex: Lexicon) -> list[Token]:
    """Who asks / promises: subject of the verb or adjective, possessor or subject for nouns."""
    if tok.pos_ in {"NOUN", "PROPN"}:
        poss = [c for c in tok.children if c.dep_ in {"poss", "nmod:poss"}]
        head = g.light_head(tok, lex) or g.governing_verb(tok)
        subj = g.subjects(head) if head is not None else []
        return subj or poss
    own = g.subjects(tok)
    if own or tok.pos_ != "ADJ":
        return own
    return g.subjects(tok.head) if tok.dep_ in {"acomp", "xcomp", "amod"} else []


def _inner(gov: Token, lex: Lexicon, taken: set[int]) -> g.Frame | None:
    """The closest lexicon trigger inside a governor's complement (not in a condition on it:
    "warned Armenia of military action if Yerevan refused ...")."""
    cues = lex.cue("hypothetical")
    conditions = {t.i for c in gov.children if c.dep_ == "advcl" and any(
        m.dep_ == "mark" and g.lemma(m) in cues for m in c.children) for t in c.subtree}
    comp = [t for t in g.complement(gov) if t.i not in taken and t.i not in conditions]
    for tok in sorted(comp, key=_depth):
        frame = plain_frame(tok, lex, in_complement=True)
        if frame is not None:
            return frame
    return None


def _mode_cue(tokens: list[Token], lex: Lexicon) -> str | None:
    words = {g.lemma(t) for t in tokens} | {t.lower_ for t in tokens}
    for mode, cues in lex.mode_cues.items():
        if cues & words:
            return mode
    return None


def governed_frame(gov: Token, kind: str, lex: Lexicon, taken: set[int]) -> g.Frame | None:
    """REQUEST / AGREE / REJECT / THREATEN from a governor and what it governs."""
    rules = lex.ontology.rules
    inner = _inner(gov, lex, taken)
    own = _verb_entry(gov, lex)
    comp = g.complement(gov)
    if kind == "intent":
        if inner is not None and inner.type in rules["hostile"] and \
                g.lemma(gov) in lex.cue("decision"):
            taken.add(gov.i)  # "decided to suspend aid": the suspension, coded as it stands
            return None
        if inner is not None and inner.type in rules["hostile"]:
            type_, mode = "THREATEN", _threat_mode(inner, rules)
        elif inner is not None and inner.type in rules["cooperative"]:
            type_, mode = "AGREE", None
        elif own is not None:
            return None  # a plain verb entry ("agreed on a pact"), coded as it stands
        else:
            return None
    elif kind == "threaten":
        type_, mode = "THREATEN", _threat_mode(inner, rules) if inner else None
    else:
        type_ = "REQUEST" if kind == "request" else "REJECT"
        mode = rules["request_modes"].get(inner.type) if inner else None
        mode = mode or _mode_cue(comp, lex)
        if mode not in lex.ontology.categories[type_].modes:
            mode = None
    light = g.light_head(gov, lex) if gov.pos_ in {"NOUN", "PROPN"} else None
    words = ([light] if light is not None else []) + [gov]
    words += [c for c in gov.children
              if c.dep_ in {"prt", "prep"} and c.i == gov.i + 1 and g.has_particle(gov, g.lemma(c))]
    own_slots = [g.direct_objects(gov), g.indirect_objects(gov),
                 g.prep_args(gov).get("on", []) + g.prep_args(gov).get("upon", [])]
    inner_actors = [inner.actors] if inner is not None else []
    inner_slots = inner.recipients if inner is not None else []
    comp_nouns = [[t for t in comp if t.pos_ in {"PROPN", "NOUN", "ADJ"}]]
    if type_ == "REQUEST":  # "demanded that the United States match ...": who is to act
        told = [[s for c in gov.children if c.dep_ in {"ccomp", "acl"} for s in c.children
                 if s.dep_ in g.SUBJ]]
        slots = own_slots + told + inner_actors + inner_slots + comp_nouns
    elif type_ == "AGREE":
        slots = inner_slots + own_slots[:1] + [g.prep_args(gov).get("with", [])] + comp_nouns
    else:
        slots = own_slots + inner_slots + comp_nouns
    frame = g.Frame(type_, mode, gov, words, "governed", f"{g.lemma(gov)}:{kind}", own,
                    _governor_actors(gov, lex), [s for s in slots if s], inner=inner)
    return _flags(frame, lex)


def _threat_mode(inner: g.Frame, rules: dict) -> str | None:
    modes = rules["threat_modes"]
    return modes.get(f"{inner.type}/{inner.mode}") or modes.get(inner.type)


def _culprits(word: Token, within: set[int]) -> list[Token]:
    """Who an accusation word is about: subject, by-phrase or possessor, up to three heads up."""
    node = word
    for _ in range(4):
        found = (g.subjects(node) if node.pos_ in {"VERB", "AUX"} else []) + g.agents(node) + [
            c for c in node.children if c.dep_ in {"poss", "nmod:poss"}
        ]
        found = [t for t in found if t.i in within]
        if found:
            return found
        if node.head.i == node.i or node.head.i not in within:
            return []
        node = node.head
    return []


def accusations(tokens: list[Token], lex: Lexicon, speaker: list[Token]) -> list[g.Frame]:
    """ACCUSE frames: a reported statement that an actor plots, exploits, commits crimes..."""
    within = {t.i for t in tokens}
    frames = []
    for tok in tokens:
        if g.lemma(tok) not in lex.accusation or g.negated(tok, lex):
            continue
        culprits = _culprits(tok, within)
        if culprits:
            frame = g.Frame("ACCUSE", "allege", tok, [tok], "speech", f"{g.lemma(tok)}:accusation",
                            None, list(speaker), [culprits])
            frames.append(frame)
    return frames


def find_frames(sent: Span, lex: Lexicon) -> list[g.Frame]:
    """All event frames of one sentence (see the module docstring for the order)."""
    frames: list[g.Frame] = []
    taken: set[int] = set()  # tokens consumed by a governor's complement or a light verb
    govs = [(t, governor_kind(t, lex)) for t in sent]
    for tok, kind in sorted(((t, k) for t, k in govs if k), key=lambda p: _depth(p[0])):
        if tok.i in taken:
            continue
        frame = governed_frame(tok, kind, lex, taken)
        if frame is not None:
            frames.append(frame)
            taken |= {t.i for t in g.complement(tok)} | {w.i for w in frame.words}
    speech = [t for t in sent if t.pos_ == "VERB" and g.lemma(t) in lex.speech_verbs]
    for tok in speech:  # "X said Y must ...": the obligation is X's REQUEST
        if tok.i not in taken:
            for frame in obligations(tok, lex, taken):
                frames.append(frame)
                taken |= {t.i for t in g.complement(frame.trigger)} | {frame.trigger.i}
    for tok in sent:
        if tok.i in taken:
            continue
        frame = plain_frame(tok, lex)
        if frame is None:
            continue
        if frame.kind == "light" and _verb_entry(frame.words[0], lex) is not None:
            continue  # "provided aid": the verb entry codes it
        frames.append(frame)
        taken |= {w.i for w in frame.words}
    for tok in speech:
        if tok.i not in taken:
            said = [t for t in g.content(tok) if t.i not in taken]
            frames += accusations(said, lex, g.subjects(tok))
    return frames


def obligations(speech: Token, lex: Lexicon, taken: set[int]) -> list[g.Frame]:
    """'X said Y must hand over the suspects': a REQUEST by X to Y (mode from what is asked)."""
    out = []
    cues = lex.cue("obligation")
    clauses = [c for c in speech.children if c.dep_ in {"ccomp", "parataxis"}]
    if speech.dep_ in {"ccomp", "parataxis"} and speech.head.i != speech.i:
        clauses.append(speech.head)  # '"Y must go," X said': the quote heads the sentence
    for clause in clauses:
        if clause.i in taken or not any(
            a.dep_ in g.AUX | {"aux"} and (g.lemma(a) in cues or a.lower_ in cues)
            for a in clause.children
        ) and g.lemma(clause) not in cues:
            continue
        inner = plain_frame(clause, lex, in_complement=True) or _inner(clause, lex, taken)
        mode = lex.ontology.rules["request_modes"].get(inner.type) if inner else None
        mode = mode or _mode_cue(g.complement(clause) + [clause], lex)
        if mode not in lex.ontology.categories["REQUEST"].modes:
            mode = None
        addressee = [t for t in g.subjects(clause)]
        slots = [addressee] + (inner.recipients if inner else [])
        frame = g.Frame("REQUEST", mode, clause, [clause], "governed",
                        f"{g.lemma(clause)}:obligation", None, g.subjects(speech),
                        [s for s in slots if s], inner=inner)
        frame.negated = g.negated(clause, lex)
        out.append(frame)
    return out
