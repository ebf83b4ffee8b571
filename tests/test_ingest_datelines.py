"""Publication metadata from wherever it is: date headers, wire datelines, HTML and JSON fields.

Every header and dateline form in en/es/fr; a header below the first line; the header removed
from the text with offsets that still map to the raw text; and a year-less date that stays
year-less (stored with its precision) instead of taking the current year.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from eventwire.errors import InvalidKnowledgeBase
from eventwire.ingest import build_article, clean_text
from eventwire.ingest.dateparts import PubDate, compile_dateline_data, parse_written
from eventwire.ingest.metadata import find_dateline
from eventwire.ingest.readers import record_document
from eventwire.models import Analysis, RawDocument, Removal
from eventwire.settings import Settings
from eventwire.store import migrations, open_store
from eventwire.store.schema import articles

BODY = {
    "en": "The ministers met in Geneva on Thursday and agreed to hold new talks next month.",
    "es": "Los ministros se reunieron en Ginebra el jueves y acordaron nuevas conversaciones.",
    "fr": "Les ministres se sont réunis à Genève jeudi et ont convenu de nouveaux pourparlers.",
}
MAY_8 = dt.date(2014, 5, 8)


def _article(text: str, **kw) -> object:
    return build_article(RawDocument("a.txt", text, origin="text"), settings=Settings(), **kw)


# (language, header as written, date, precision); each is tried as the whole first line
HEADERS = [
    ("en", " date 2014-05-08", MAY_8, "day"),
    ("en", " date: 2014-05-08", MAY_8, "day"),
    ("en", "Date: 2014-05-08T09:30:00Z", MAY_8, "day"),
    ("en", "Date: 8 May 2014", MAY_8, "day"),
    ("en", "Published: 8 May 2014", MAY_8, "day"),
    ("en", "Published on Thursday, May 8, 2014 10:32 GMT", MAY_8, "day"),
    ("en", "Posted: May 8th, 2014", MAY_8, "day"),
    ("en", "Published: May 2014", dt.date(2014, 5, 1), "month"),
    ("es", "Publicado el 8 de mayo de 2014", MAY_8, "day"),
    ("es", "Fecha: 8 de mayo de 2014", MAY_8, "day"),
    ("es", "Fecha: 08/05/2014", MAY_8, "day"),
    ("es", "Publicado: jueves, 8 de mayo de 2014 a las 10:32", MAY_8, "day"),
    ("fr", "Publié le 8 mai 2014", MAY_8, "day"),
    ("fr", "Publié le 8 mai 2014 à 18h05", MAY_8, "day"),
    ("fr", "Date de publication : 08/05/2014", MAY_8, "day"),
    ("fr", "Date : jeudi 8 mai 2014", MAY_8, "day"),
]


@pytest.mark.parametrize(("lang", "header", "date", "precision"), HEADERS)
def test_header_forms_are_read_and_removed(lang: str, header: str, date, precision: str) -> None:
    article = _article(f"{header}\n\n{BODY[lang]}")
    assert (article.published, article.published_source) == (date, "header")
    assert article.published_precision == precision
    assert article.text == BODY[lang]


@pytest.mark.parametrize(("lang", "header", "date", "precision"), HEADERS)
def test_header_below_the_headline_is_read_and_removed(
    lang: str, header: str, date, precision: str
) -> None:
    headline = {"en": "Talks resume", "es": "Se reanudan las conversaciones",
                "fr": "Reprise des pourparlers"}[lang]  # fmt: skip
    for raw in (f"{headline}\n{header}\n{BODY[lang]}", f"{headline}\n\n{header}\n\n{BODY[lang]}"):
        article = _article(raw)
        assert (article.published, article.published_precision) == (date, precision), raw
        assert article.text == f"{headline}\n\n{BODY[lang]}"
        assert header.strip() not in article.text


def test_header_on_the_same_line_as_the_text_keeps_the_text() -> None:
    article = _article(f"Published: 8 May 2014 {BODY['en']}")
    assert (article.published, article.text) == (MAY_8, BODY["en"])


def test_header_under_page_furniture_is_found() -> None:
    article = _article(f"Share Print\n\nFecha: 8 de mayo de 2014\n\n{BODY['es']}")
    assert (article.published, article.text) == (MAY_8, BODY["es"])


@pytest.mark.parametrize(
    "line",
    [
        "Published in May 2014, the report found that talks had stalled.",
        "Dated agreements from 2014 were not renewed, the minister said.",
        "La fecha de las elecciones, el 8 de mayo de 2014, fue confirmada.",
        "Publié après de longues négociations, le texte date de 2014.",
    ],
)
def test_sentences_that_mention_dates_are_not_headers(line: str) -> None:
    article = _article(f"{line}\n\n{BODY['en']}")
    assert article.text.startswith(line)
    assert article.published_source != "header"


def _rebuild(raw: str, removals: list[Removal]) -> tuple[str, list[int]]:
    """The cleaned text replayed from raw + removals, and each cleaned char's raw offset.

    A removal may cover an earlier one (a header line removed after its "\\r\\n" became
    "\\n"): the covering one is what the text shows, the covered one is skipped.
    """
    text: list[str] = []
    origin: list[int] = []
    cursor = 0
    for r in sorted(removals, key=lambda r: (r.raw_start, -r.raw_end)):
        if r.raw_end <= cursor and r.raw_start < cursor:
            continue  # inside a removal already replayed
        assert r.raw_start >= cursor, f"removals overlap without one covering the other: {r}"
        text.append(raw[cursor : r.raw_start])
        origin.extend(range(cursor, r.raw_start))
        text.append(r.replacement)
        origin.extend([-1] * len(r.replacement))
        cursor = r.raw_end
    text.append(raw[cursor:])
    origin.extend(range(cursor, len(raw)))
    return "".join(text), origin


@pytest.mark.parametrize(
    "raw",
    [
        "Talks resume\r\n Date: 8 May 2014\r\n\r\n+ ↺ − 16 px\n\nThe ministers met in Geneva.They "
        "agreed.\n\nNews.Az",
        "Share Print\n\nSe reanudan\n\nPublicado el 8 de mayo de 2014\n\nLos ministros llegaron a "
        "Ginebra.\n\n4194",
        " date 2014-05-08 Reprise des pourparlers\n\nLes ministres sont arrivés à Genève.",
    ],
)
def test_header_removal_keeps_offsets_into_the_raw_text(raw: str) -> None:
    result = clean_text(raw)
    assert result.header["date"] == "2014-05-08"
    assert {"header", "date-stamp"} & {r.rule for r in result.removals}
    assert not any(w in result.text for w in ("Date:", "Publicado", "date 2014"))
    for removal in result.removals:
        assert raw[removal.raw_start : removal.raw_end] == removal.text
    rebuilt, origin = _rebuild(raw, result.removals)
    assert rebuilt == result.text
    for place in ("Geneva", "Ginebra", "Genève"):  # a span after the header
        start = result.text.find(place)
        if start >= 0:
            raw_start = origin[start]
            assert raw[raw_start : raw_start + len(place)] == place


# (dateline, written date as ISO, agency, place); no reference date: a year-less one stays so
DATELINES = [
    ("MOSCOW, May 8 (Reuters) - Russia said", "--05-08", "Reuters", "MOSCOW"),
    ("PARIS (Reuters) - France said", None, "Reuters", "PARIS"),
    ("KYIV, Ukraine (AP) — Ukraine asked", None, "AP", "KYIV, Ukraine"),
    ("BEIRUT, Sept. 28, 2024 (AP) — Israeli strikes", "2024-09-28", "AP", "BEIRUT"),
    ("WASHINGTON, May 8, 2014 (AP) — The State Department", "2014-05-08", "AP", "WASHINGTON"),
    ("Washington (CNN) — The State Department", None, "CNN", "Washington"),
    ("BOGOTA, 11 jun (AFP) - El Gobierno", "--06-11", "AFP", "BOGOTA"),
    ("RABAT, 14 mar (EFE).- El Gobierno de Marruecos", "--03-14", "EFE", "RABAT"),
    ("Ciudad de México, 5 de diciembre (EFE).- La presidenta", "--12-05", "EFE",
     "Ciudad de México"),
    ("Bogotá, 11 de junio de 2014 (EFE).- El presidente", "2014-06-11", "EFE", "Bogotá"),
    ("MADRID, 8 May. (EUROPA PRESS) - El Gobierno", "--05-08", "Europa Press", "MADRID"),
    ("LA HABANA (Prensa Latina) - El canciller", None, "Prensa Latina", "LA HABANA"),
    ("DAKAR, 14 mars (AFP) - Le président", "--03-14", "AFP", "DAKAR"),
    ("ATHÈNES, 7 déc (AFP) - Le Premier ministre", "--12-07", "AFP", "ATHÈNES"),
    ("Paris, le 8 mai 2014 (AFP) - Le président", "2014-05-08", "AFP", "Paris"),
    ("GENÈVE (Reuters) - Les négociations", None, "Reuters", "GENÈVE"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "written", "agency", "place"), DATELINES)
def test_dateline_forms(text: str, written: str | None, agency: str, place: str) -> None:
    found = find_dateline(text)
    assert found is not None
    assert (found.written.iso() if found.written else None, found.agency) == (written, agency)
    assert found.place == place
    assert text[found.end :].startswith(" ")  # the dateline ends at its dash
    article = _article(text + " on Thursday it would keep talking.")
    assert (article.dateline_place, article.outlet) == (place, agency)
    assert article.text.startswith(text)  # the dateline stays: the analysers read it
    if written and not written.startswith("--"):
        assert (article.published, article.published_precision) == (
            dt.date.fromisoformat(written),
            "day",
        )


@pytest.mark.parametrize(
    "text",
    [
        "Erdogan, for his part, said that Turkey attaches great importance to stability.",
        "En una reunión celebrada el miércoles 30 de noviembre, con Bassam al-Sabbagh, ministro",
        "Le président, le 8 mai, a déclaré que la France (Paris) - restait prudente.",
        "May 8 (Reuters) - Without a place, this is no dateline.",
    ],
)
def test_sentences_are_not_datelines(text: str) -> None:
    found = find_dateline(text)
    assert found is None or found.place is None


# --------------------------------------------------------------------------------------------
# year unknown: never the current year
# --------------------------------------------------------------------------------------------

YEARLESS = [
    "MOSCOW, May 8 (Reuters) - Russia said on Thursday it would keep talking.",
    "RABAT, 8 may (EFE).- El Gobierno de Marruecos se comprometió este jueves.",
    "DAKAR, 8 mai (AFP) - Le président sénégalais a reçu jeudi son homologue.",
    "Date: May 8\n\nThe ministers met in Geneva on Thursday.",
]


@pytest.mark.parametrize("text", YEARLESS)
def test_a_year_less_date_stays_year_less(text: str) -> None:
    article = _article(text)
    assert article.published is None  # not 2026-05-08 or whatever year the clock says
    assert (article.published_precision, article.published_partial) == ("month-day", "--05-08")
    assert article.published_source in {"dateline", "header"}


@pytest.mark.parametrize("text", YEARLESS)
def test_a_year_is_inferred_only_from_a_given_reference_and_flagged(text: str) -> None:
    article = _article(text, today=dt.date(2014, 6, 1))
    assert (article.published, article.published_precision) == (MAY_8, "day-inferred-year")
    assert article.published_partial is None
    earlier = _article(text, today=dt.date(2015, 2, 1))  # the latest May 8 before it
    assert earlier.published == MAY_8


def test_a_written_year_elsewhere_wins_over_the_year_less_dateline() -> None:
    article = _article("Published: 9 May 2014\n\nMOSCOW, May 8 (Reuters) - Russia said.")
    assert (article.published, article.published_source) == (dt.date(2014, 5, 9), "header")
    assert (article.published_precision, article.dateline_place) == ("day", "MOSCOW")


def test_the_year_less_date_is_stored_with_its_precision(store_url: str) -> None:
    article = _article(YEARLESS[0])
    with open_store(store_url) as store:
        store.save(article, Analysis(article.id, "en"), run_id=None)
        with store.read() as conn:
            row = conn.execute(select(articles).where(articles.c.id == article.id)).one()
    assert row.published is None
    assert (row.published_precision, row.published_partial) == ("month-day", "--05-08")
    assert (row.published_source, row.dateline_place) == ("dateline", "MOSCOW")


def test_a_database_from_before_gets_the_new_columns(store_url: str, monkeypatch) -> None:
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:5])
    with open_store(store_url) as store, store.write() as conn:  # as 0001 made them before
        for column in migrations.PUBLICATION_COLUMNS:
            conn.exec_driver_sql(f"ALTER TABLE articles DROP COLUMN {column.split()[0]}")
    monkeypatch.undo()
    article = _article(YEARLESS[1])
    with open_store(store_url) as store:
        store.save(article, Analysis(article.id, "es"), run_id=None)
        with store.read() as conn:
            row = conn.execute(select(articles.c.published_partial)).one()
    assert row.published_partial == "--05-08"


# --------------------------------------------------------------------------------------------
# reader fields: HTML metadata (trafilatura) and JSON records
# --------------------------------------------------------------------------------------------

_PARAGRAPH = "<p>" + " ".join([BODY["en"]] * 3) + "</p>"
HTML = {
    "meta": '<meta property="article:published_time" content="2014-05-08T10:00:00Z">',
    "json-ld": '<script type="application/ld+json">{"@context": "https://schema.org", "@type": '
    '"NewsArticle", "headline": "Talks", "datePublished": "2014-05-08T10:00:00Z"}</script>',
    "time": "",
}


@pytest.mark.parametrize("kind", sorted(HTML))
def test_html_page_dates(kind: str) -> None:
    stamp = '<time datetime="2014-05-08">8 May 2014</time>' if kind == "time" else ""
    page = (f"<html><head><title>Talks</title>{HTML[kind]}</head><body><article>{stamp}"
            f"{_PARAGRAPH}</article></body></html>")  # fmt: skip
    doc = RawDocument("a.html", page, kind="html", origin="html")
    from eventwire.ingest.html import extract_page

    doc.published = extract_page(page).date
    article = build_article(doc, settings=Settings())
    assert (article.published, article.published_source) == (MAY_8, "html")
    assert article.published_precision == "day"


@pytest.mark.parametrize(
    ("field", "value", "published", "precision", "partial"),
    [
        ("published", "2014-05-08", MAY_8, "day", None),
        ("date", "8 de mayo de 2014", MAY_8, "day", None),
        ("datePublished", "2014-05-08T10:00:00+02:00", MAY_8, "day", None),
        ("published_at", "Thu, 08 May 2014 10:00:00 GMT", MAY_8, "day", None),
        ("published", "May 2014", dt.date(2014, 5, 1), "month", None),
        ("published", "8 mai", None, "month-day", "--05-08"),
    ],
)
def test_json_record_dates(field: str, value: str, published, precision, partial) -> None:
    record = {"text": BODY["en"], field: value}
    doc = record_document(json.loads(json.dumps(record)), source="a.json", settings=Settings())
    article = build_article(doc, settings=Settings())
    assert (article.published, article.published_source) == (published, "json")
    assert (article.published_precision, article.published_partial) == (precision, partial)


# --------------------------------------------------------------------------------------------
# the date parts and the data file
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("May 8", PubDate(None, 5, 8)),
        ("8 de mayo de 2014", PubDate(2014, 5, 8)),
        ("julio del 2008", PubDate(2008, 7, None)),
        ("1er mai 2014", PubDate(2014, 5, 1)),
        ("the 8th of May 2014", PubDate(2014, 5, 8)),
        ("29 February", PubDate(None, 2, 29)),
        ("31 June 2014", None),
        ("Mayor 8", None),
    ],
)
def test_written_dates(value: str, expected: PubDate | None) -> None:
    assert parse_written(value) == expected
    if expected is not None:
        assert PubDate.from_iso(expected.iso()) == expected


def test_invalid_dateline_data_is_refused() -> None:
    good = {
        "header_labels": {"en": ["date"]}, "extra_months": {"sept": 9},
        "wire_agencies": {"AFP": []},
        **{k: ["x"] for k in ("day_prefixes", "day_suffixes", "day_month_links",
                              "month_year_links", "time_links")},
    }  # fmt: skip
    compile_dateline_data(good)
    with pytest.raises(InvalidKnowledgeBase, match="'extra_months' must map names to 1..12"):
        compile_dateline_data({**good, "extra_months": {"sept": 13}})
    with pytest.raises(InvalidKnowledgeBase, match="'header_labels.en' must be a non-empty list"):
        compile_dateline_data({**good, "header_labels": {"en": []}})
    with pytest.raises(InvalidKnowledgeBase, match="'wire_agencies'"):
        compile_dateline_data({**good, "wire_agencies": []})
