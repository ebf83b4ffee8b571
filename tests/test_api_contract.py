"""The API says what comes back, and the export and the API say it the same way.

- the export records of a pipeline-built store (SQLite, PostgreSQL) are their models in
  ``eventwire.records``: the same keys, in ``FIELDS`` order, of the declared types;
"""

from __future__ import annotations

import pytest

from eventwire.records import FIELDS, RECORDS

# sample_db: the hand-coded samples; real_store: examples/articles and the en/es/fr story
# fixture as the pipeline stores them (both on SQLite and PostgreSQL)
pytest_plugins = ("test_query_samples", "test_read_consistency")


# ---------------------------------------------------------------------------------------------
# The records are the export's
# ---------------------------------------------------------------------------------------------

EXPORTS = [("articles", {}), ("events", {}), ("events", {"include_negated": True}),
           ("merged", {"merged": True}), ("quotes", {}), ("mentions", {}), ("actors", {}),
           ("stories", {})]


@pytest.mark.parametrize(("kind", "options"), EXPORTS,
                         ids=["-".join([k, *o]) for k, o in EXPORTS])
def test_export_records_are_their_models(real_store, kind, options):
    from eventwire.export.records import iter_records

    what = "events" if kind == "merged" else kind
    records = list(iter_records(real_store[1], what, **options))
    assert records, kind
    for record in records:
        assert tuple(record) == FIELDS[kind], record
        RECORDS[kind].model_validate(record)
