"""Dates: time expressions and the date of an event.

Takes a sentence, the event's anchor token, the publication date and the language; gives a
``DateResolution`` (``resolve_event_date``), or the time expressions of a text for MEANTIME-style
evaluation (``find_timexes``). ``resolve`` (expressions and event dates), ``normalise``
(expression → value), ``lexicon`` (per-language time words and patterns).
"""

from eventwire.analyze.dates.resolve import Timex, find_timexes, resolve_event_date

__all__ = ["Timex", "find_timexes", "resolve_event_date"]
