"""GDELT 2.0 event-table export: 61 columns in codebook order, filled from our events."""

from __future__ import annotations

import io

import pytest

from conftest import add_sample_stories, make_analysis_en, make_analysis_es, make_article
from eventwire.export import export_records
from eventwire.export.gdelt import COLUMNS, gdelt_rows

EN = make_article("000_2008e6402e0ebef9.txt", language="en")
ES = make_article("004_1d7981e0e1efbe65.txt", language="es")

# GDELT 2.0 Event Database codebook, in order (written out: the code must match it).
CODEBOOK = """GLOBALEVENTID SQLDATE MonthYear Year FractionDate
Actor1Code Actor1Name Actor1CountryCode Actor1KnownGroupCode Actor1EthnicCode
Actor1Religion1Code Actor1Religion2Code Actor1Type1Code Actor1Type2Code Actor1Type3Code
Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode
Actor2Religion1Code Actor2Religion2Code Actor2Type1Code Actor2Type2Code Actor2Type3Code
IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions
NumSources NumArticles AvgTone
Actor1Geo_Type Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code Actor1Geo_ADM2Code
Actor1Geo_Lat Actor1Geo_Long Actor1Geo_FeatureID
Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code Actor2Geo_ADM2Code
Actor2Geo_Lat Actor2Geo_Long Actor2Geo_FeatureID
ActionGeo_Type ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code ActionGeo_ADM2Code
ActionGeo_Lat ActionGeo_Long ActionGeo_FeatureID
DATEADDED SOURCEURL""".split()


def test_columns_are_the_codebook_columns():
    assert len(CODEBOOK) == 61
    assert list(COLUMNS) == CODEBOOK


@pytest.fixture
def rows(store):
    store.save(EN, make_analysis_en(EN), run_id=None)
    store.save(ES, make_analysis_es(ES), run_id=None)
    out = io.BytesIO()
    n = export_records(store, "events", "gdelt", out)
    lines = out.getvalue().decode("utf-8").splitlines()
    assert n == len(lines)
    return [dict(zip(CODEBOOK, line.split("\t"), strict=True)) for line in lines]


def _row(rows, code):
    return next(r for r in rows if r["EventCode"] == code)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        # Pezeshkian meets Erdogan in Cairo on Thursday 2024-12-19, in the lead paragraph
        ("040", {"SQLDATE": "20241219", "MonthYear": "202412", "Year": "2024",
                 "Actor1Code": "IRNGOV", "Actor1Name": "MASOUD PEZESHKIAN",
                 "Actor1CountryCode": "IRN", "Actor1Type1Code": "GOV", "Actor2Code": "TURGOV",
                 "IsRootEvent": "1", "EventBaseCode": "040", "EventRootCode": "04",
                 "QuadClass": "1", "GoldsteinScale": "2.5", "NumMentions": "1",
                 "ActionGeo_Type": "4", "ActionGeo_FullName": "Cairo, Egypt",
                 "ActionGeo_CountryCode": "EG", "ActionGeo_FeatureID": "360630",
                 "ActionGeo_Lat": "30.06263", "AvgTone": "",
                 "SOURCEURL": "examples/articles/000_2008e6402e0ebef9.txt"}),
        # an undated demand: the article's date; verbal conflict-ish root 10 -> QuadClass 3
        ("104", {"SQLDATE": "20241220", "Actor2Code": "ISR", "Actor2Name": "ISRAEL",
                 "IsRootEvent": "0", "EventRootCode": "10", "QuadClass": "3",
                 "GoldsteinScale": "-1.0", "ActionGeo_Type": ""}),
        ("030", {"EventRootCode": "03", "QuadClass": "1", "IsRootEvent": "0"}),
    ],
)
def test_rows_are_filled_from_our_events(rows, code, expected):
    row = _row(rows, code)
    assert {k: row[k] for k in expected} == expected
    assert len(row["DATEADDED"]) == 14 and row["DATEADDED"].isdigit()
    assert row["FractionDate"].startswith(row["Year"] + ".")


def test_negated_events_stay_out_and_ids_are_unique_numbers(rows):
    assert "190" not in {r["EventCode"] for r in rows}  # the negated ASSAULT
    ids = [r["GLOBALEVENTID"] for r in rows]
    assert all(i.isdigit() for i in ids) and len(set(ids)) == len(ids) == 4


@pytest.mark.parametrize(
    ("record", "n_rows", "pairs"),
    [
        # "A and B held talks with C": one GDELT row per dyad
        ({"actors": [{"code": "IRNGOV"}, {"code": "TURGOV"}], "recipients": [{"code": "SYR"}]},
         2, [("IRNGOV", "SYR"), ("TURGOV", "SYR")]),
        ({"actors": [{"code": "IRNGOV"}], "recipients": []}, 1, [("IRNGOV", "")]),
    ],
)
def test_one_row_per_dyad(record, n_rows, pairs):
    rec = {"id": "x:e0", "type": "CONSULT", "cameo": "04", "date": "2024-02-29", **record}
    got = gdelt_rows(rec)
    assert len(got) == n_rows
    assert [(r["Actor1Code"], r["Actor2Code"] or "") for r in got] == pairs
    assert got[0]["EventCode"] == "040" and got[0]["FractionDate"] == "2024.1612"


def test_missing_cameo_comes_from_the_plover_table():
    got = gdelt_rows({"id": "x:e1", "type": "CONSULT", "mode": "phone", "cameo": None,
                      "date": None, "actors": [], "recipients": []})[0]
    assert (got["EventCode"], got["EventRootCode"], got["QuadClass"]) == ("041", "04", 1)
    assert got["SQLDATE"] is None


def test_merged_rows_use_the_story_level_counts(store):
    store.save(EN, make_analysis_en(EN), run_id=None)
    store.save(ES, make_analysis_es(ES), run_id=None)
    add_sample_stories(store, EN, ES)
    out = io.BytesIO()
    assert export_records(store, "events", "gdelt", out, merged=True) == 1
    row = dict(zip(CODEBOOK, out.getvalue().decode().rstrip("\n").split("\t"), strict=True))
    assert (row["SQLDATE"], row["EventCode"], row["NumArticles"]) == ("20241120", "040", "1")
    assert row["SOURCEURL"] == "examples/articles/004_1d7981e0e1efbe65.txt"


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ({"name": "Masoud Pezeshkian", "country": "IRN", "sector": "GOV", "code": "IRNGOV"},
         {"Actor1CountryCode": "IRN", "Actor1KnownGroupCode": None, "Actor1Type1Code": "GOV",
          "Actor1Type2Code": None}),
        ({"name": "UNHCR", "country": None, "sector": "IGO", "code": "IGOUNOREF"},
         {"Actor1CountryCode": None, "Actor1KnownGroupCode": "UNO", "Actor1Type1Code": "IGO",
          "Actor1Type2Code": "REF"}),
        ({"name": "Israel", "country": "ISR", "sector": None, "code": "ISR"},
         {"Actor1CountryCode": "ISR", "Actor1KnownGroupCode": None, "Actor1Type1Code": None}),
        ({"name": "Syrian army", "country": "SYR", "sector": "MIL", "code": None},
         {"Actor1Code": None, "Actor1Type1Code": "MIL"}),
    ],
)
def test_actor_codes_are_split_into_gdelt_fields(actor, expected):
    row = gdelt_rows({"id": "x:e0", "type": "ACCUSE", "cameo": "111", "date": "2024-12-19",
                      "actors": [actor], "recipients": []})[0]
    assert {k: row[k] for k in expected} == expected
