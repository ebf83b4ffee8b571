"""The actor knowledge base, shared by analysis and the read side (it imports neither).

Takes the packaged files under ``eventwire/data/kb/``, user KB files (``--kb FILE``) and stored
actor records; gives a validated :class:`KnowledgeBase` of entries with dated roles and aliases
(``load_kb``). ``tabari`` imports TABARI/PETRARCH actor and agent dictionaries.
"""

from eventwire.knowledge.base import KnowledgeBase
from eventwire.knowledge.entries import NAME_PARTICLES, SECTORS, Alias, Entry, Role, fold
from eventwire.knowledge.load import build_kb, load_kb
from eventwire.knowledge.validate import entry_from_record

__all__ = [
    "NAME_PARTICLES",
    "SECTORS",
    "Alias",
    "Entry",
    "KnowledgeBase",
    "Role",
    "build_kb",
    "entry_from_record",
    "fold",
    "load_kb",
]
