"""Export: stored records out as files.

Takes a ``Store``, a record type (articles, events, quotes, actors, mentions, stories) and a
format; gives JSON Lines or CSV (``records``), Parquet with a fixed schema per record type
(``parquet``) or the GDELT 2.0 event table (``gdelt``), in the shape of ``spec/EXPORT.md``.
"""

from eventwire.export.records import FORMATS, WHAT, UnsupportedExport, export_records

__all__ = ["FORMATS", "WHAT", "UnsupportedExport", "export_records"]
