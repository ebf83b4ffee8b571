"""Export: stored records out as files or HTTP bodies.

Takes a ``Store`` (or Engine), a record type (articles, events, quotes, actors, mentions,
stories), a format and optionally the filter of that type's API listing; gives JSON Lines or
CSV (``records``), Parquet with a fixed schema per record type (``parquet``) or the GDELT 2.0
event table (``gdelt``), in the shape of ``spec/EXPORT.md``, streamed batch by batch
(``stream``) from the rows ``selection`` picks.
"""

from eventwire.export.records import FORMATS, MEDIA_TYPES, WHAT, UnsupportedExport
from eventwire.export.stream import Export, ExportStream, export_records

__all__ = ["FORMATS", "MEDIA_TYPES", "WHAT", "Export", "ExportStream", "UnsupportedExport",
           "export_records"]
