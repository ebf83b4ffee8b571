"""The pipeline: runs the stages in order, outside them; the only place that joins them up.

Takes inputs (files, folders, feeds, stdin), a ``Store`` and ``Settings``; gives an
``IngestReport`` after reading (``ingest``), analysing (``eventwire.analyze``, possibly on
worker processes or Dask: ``parallel``), storing and clustering stories. Stored learned actors
are read from the store here and passed into the analyzer. ``watch`` polls folders and feeds.
"""

from eventwire.pipeline.run import BATCH_SIZE, IngestReport, ingest

__all__ = ["BATCH_SIZE", "IngestReport", "ingest"]
