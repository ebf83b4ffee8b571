"""Canonical events: which reports of a story merge, and which date they settle on."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.stories.merge import Report, canonical_row, group_reports, resolve_date, source_of

D = dt.date


def report(n, etype, actor, recipient, date=None, how="text", *, conflict=False, article=None,
           lang="en", source="outlet-a", future=False):
    """One event report; `how` is the date's source (text | article)."""
    from eventwire.stories.merge import merge_keys

    row = {"type": etype, "actors": [{"country": actor}] if actor else [],
           "recipients": [{"country": recipient}] if recipient else [], "future": future}
    key, family, sides = merge_keys(row)
    return Report(id=f"e{n}", article_id=article or f"art{n}", order=(n,), type=etype,
                  key=key, family=family, sides=sides, date=date, date_source=how if date else None,
                  date_conflict=conflict, language=lang, source=source, row=row)


def shapes(groups):
    return [[r.id for r in g] for g in groups]


@pytest.mark.parametrize("reports, tolerance, expected", [
    # 002 vs 004: a firm English date and a contradicted Spanish one ten days later: one meeting
    ([report(1, "CONSULT", "IRN", "SYR", D(2024, 11, 20)),
      report(2, "CONSULT", "SYR", "IRN", D(2024, 11, 30), conflict=True, lang="es")],
     1, [["e1", "e2"]]),
    # directed types keep their direction
    ([report(1, "ASSAULT", "ISR", "SYR", D(2024, 12, 1)),
      report(2, "ASSAULT", "SYR", "ISR", D(2024, 12, 1))], 1, [["e1"], ["e2"]]),
    # firm dates one day apart are within the default tolerance, not within 0
    ([report(1, "CONSULT", "IRN", "TUR", D(2024, 12, 2)),
      report(2, "CONSULT", "TUR", "IRN", D(2024, 12, 3))], 1, [["e1", "e2"]]),
    ([report(1, "CONSULT", "IRN", "TUR", D(2024, 12, 2)),
      report(2, "CONSULT", "TUR", "IRN", D(2024, 12, 3))], 0, [["e1"], ["e2"]]),
    # two firm dates a week apart are two meetings; the undated report joins the better supported
    ([report(1, "CONSULT", "IRN", "TUR", D(2024, 12, 2)),
      report(2, "CONSULT", "IRN", "TUR", D(2024, 12, 9)),
      report(3, "CONSULT", "TUR", "IRN", D(2024, 12, 9)),
      report(4, "CONSULT", "IRN", "TUR")], 1, [["e1"], ["e2", "e3", "e4"]]),
    # an article-date fallback joins the firm date it is near
    ([report(1, "CONSULT", "IRN", "TUR", D(2024, 12, 2)),
      report(2, "CONSULT", "IRN", "TUR", D(2024, 12, 9)),
      report(3, "CONSULT", "IRN", "TUR", D(2024, 12, 3), how="article")], 1,
     [["e1", "e3"], ["e2"]]),
    # events with no known side are never merged
    ([report(1, "PROTEST", None, None, D(2024, 11, 29)),
      report(2, "PROTEST", None, None, D(2024, 11, 29))], 1, [["e1"], ["e2"]]),
    # one-sided reports join the full dyad they fit (the real 002/004 codings)
    ([report(1, "CONSULT", "IRN", None, D(2024, 11, 20)),
      report(2, "CONSULT", "IRN", "SYR", None, lang="es"),
      report(3, "CONSULT", "SYR", None, None, lang="es")], 1, [["e1", "e2", "e3"]]),
    # ... the best-supported one when several fit
    ([report(1, "CONSULT", "IRN", "TUR"), report(2, "CONSULT", "IRN", "SYR"),
      report(3, "CONSULT", "SYR", "IRN"), report(4, "CONSULT", "IRN", None)], 1,
     [["e1"], ["e2", "e3", "e4"]]),
    # directed: a missing side is filled, a swapped one is not
    ([report(1, "ACCUSE", "IRN", "ISR"), report(2, "ACCUSE", "IRN", None),
      report(3, "ACCUSE", None, "ISR"), report(4, "ACCUSE", "ISR", None)], 1,
     [["e1", "e2", "e3"], ["e4"]]),
    # a planned meeting is not the meeting
    ([report(1, "CONSULT", "IRN", "TUR", D(2024, 12, 2)),
      report(2, "CONSULT", "IRN", "TUR", D(2024, 12, 2), future=True)], 1, [["e1"], ["e2"]]),
])
def test_grouping(reports, tolerance, expected):
    assert shapes(group_reports(reports, tolerance=tolerance)) == expected


@pytest.mark.parametrize("reports, expected", [
    # firm text date beats a contradicted one (002 vs 004)
    ([report(1, "CONSULT", "IRN", "SYR", D(2024, 11, 20)),
      report(2, "CONSULT", "IRN", "SYR", D(2024, 11, 30), conflict=True)],
     (D(2024, 11, 20), True, {"2024-11-20": 1, "2024-11-30": 1})),
    # a text date beats two article-date fallbacks, which are guesses, not a conflict
    ([report(1, "CONSULT", "IRN", "SYR", D(2024, 12, 1), how="article"),
      report(2, "CONSULT", "IRN", "SYR", D(2024, 12, 1), how="article"),
      report(3, "CONSULT", "IRN", "SYR", D(2024, 11, 30))],
     (D(2024, 11, 30), False, {"2024-11-30": 1, "2024-12-01": 2})),
    # two texts disagreeing within the tolerance are a conflict
    ([report(1, "CONSULT", "IRN", "SYR", D(2024, 12, 1)),
      report(2, "CONSULT", "IRN", "SYR", D(2024, 12, 2), lang="es")],
     (D(2024, 12, 1), True, {"2024-12-01": 1, "2024-12-02": 1})),
    # among firm dates, the majority
    ([report(1, "CONSULT", "IRN", "SYR", D(2024, 12, 3)),
      report(2, "CONSULT", "IRN", "SYR", D(2024, 12, 2)),
      report(3, "CONSULT", "IRN", "SYR", D(2024, 12, 2))],
     (D(2024, 12, 2), True, {"2024-12-02": 2, "2024-12-03": 1})),
    # agreement: no conflict; undated reports do not count
    ([report(1, "CONSULT", "IRN", "SYR", D(2024, 12, 2)), report(2, "CONSULT", "IRN", "SYR")],
     (D(2024, 12, 2), False, {"2024-12-02": 1})),
    ([report(1, "CONSULT", "IRN", "SYR")], (None, False, {})),
])
def test_date_resolution(reports, expected):
    assert resolve_date(reports) == expected


def test_canonical_row_counts_articles_sources_languages():
    group = [report(1, "CONSULT", "IRN", "SYR", D(2024, 11, 20), article="a", source="news.az"),
             report(2, "CONSULT", "IRN", "SYR", D(2024, 11, 20), article="a", source="news.az"),
             report(3, "CONSULT", "SYR", "IRN", None, article="b", lang="es", source="hispan.tv")]
    row = canonical_row("st-1", group)
    assert (row["num_articles"], row["num_sources"], row["num_mentions"]) == (2, 2, 3)
    assert row["languages"] == ["en", "es"] and row["date"] == D(2024, 11, 20)
    assert row["id"] == canonical_row("st-1", list(group))["id"]  # deterministic


@pytest.mark.parametrize("outlet, url, source, expected", [
    ("News.Az", "https://news.az/x", "f.txt", "news.az"),
    (None, "https://www.lemonde.fr/international/article.html", "f.txt", "lemonde.fr"),
    (None, None, "examples/articles/004.txt", "examples/articles/004.txt"),
])
def test_source_of(outlet, url, source, expected):
    assert source_of(outlet, url, source) == expected
