"""Metadata, language and encoding helpers on real news wording."""

from __future__ import annotations

import codecs
import datetime as dt

import pytest

from eventwire.errors import UndecodableText, UnsupportedFormat
from eventwire.ingest import build_article, stamps
from eventwire.ingest.encoding import decode_bytes
from eventwire.ingest.language import detect_language, normalise_code
from eventwire.ingest.metadata import find_citing, find_dateline, parse_date
from eventwire.ingest.stamps import stamp_date
from eventwire.models import RawDocument
from eventwire.settings import Settings

TODAY = dt.date(2024, 12, 20)


@pytest.mark.parametrize(
    ("text", "date", "agency"),
    [
        ("TEHRAN, Dec. 1 (Reuters) - Iran's president said...", dt.date(2024, 12, 1), "Reuters"),
        ("Madrid, 3 dic (EFE).- El ministro de Exteriores...", dt.date(2024, 12, 3), "EFE"),
        ("PARIS, 12 novembre (AFP) - Le président français...", dt.date(2024, 11, 12), "AFP"),
        ("BEIRUT, Sept. 28, 2024 (AP) — Israeli strikes hit...", dt.date(2024, 9, 28), "AP"),
        ("Ciudad de México, 5 de diciembre (EFE).- La presidenta...", dt.date(2024, 12, 5), "EFE"),
        ("ANKARA, 30 décembre (AFP) - La Turquie a annoncé...", dt.date(2023, 12, 30), "AFP"),
        ("WASHINGTON (AP) — The State Department said on Monday...", None, "AP"),
        ("Headline\n\nDAMASCUS, Nov 29 (Reuters) - Rebels...", dt.date(2024, 11, 29), "Reuters"),
    ],
)  # fmt: skip
def test_datelines(text: str, date: dt.date | None, agency: str) -> None:
    found = find_dateline(text, reference=TODAY)
    assert found is not None
    assert (found.date, found.agency) == (date, agency)


@pytest.mark.parametrize(
    "text",
    [
        "El Presidente iraní Masud Pezeshkian, al expresar su deseo de fortalecer las relaciones",
        "En una reunión celebrada el miércoles 30 de noviembre, con Bassam al-Sabbagh, ministro",
        "Erdogan, for his part, said that Turkey attaches great importance to stability.",
        "On Monday, Syria's state television said around 320 more terrorists had been killed.",
    ],
)
def test_sentences_are_not_datelines(text: str) -> None:
    assert find_dateline(text, reference=TODAY) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-12-20", dt.date(2024, 12, 20)),
        ("2024-12-20T23:30:00+03:30", dt.date(2024, 12, 20)),
        ("Fri, 20 Dec 2024 10:00:00 GMT", dt.date(2024, 12, 20)),
        ("20 December 2024", dt.date(2024, 12, 20)),
        ("3 de diciembre de 2024", dt.date(2024, 12, 3)),
        ("2024-13-45", None),
        ("yesterday-ish", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(value: str | None, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("line", "date", "published"),
    [
        ("Published: 20 December 2024, 10:32 GMT", dt.date(2024, 12, 20), True),
        ("Friday, December 20, 2024", dt.date(2024, 12, 20), True),
        ("Publié le 12/11/2024 à 18h05 Mis à jour le 12/11/2024", dt.date(2024, 11, 12), True),
        ("Updated 21 Dec 2024 | Published 20 Dec 2024", dt.date(2024, 12, 20), True),
        ("Last updated on 21 December 2024", dt.date(2024, 12, 21), False),
        ("Actualizado el 4 dic 2024 a las 10:00 CET", dt.date(2024, 12, 4), False),
        ("02 de julio del 2008", dt.date(2008, 7, 2), True),
        ("Talks on 20 December 2024 ended", None, False),
        ("Iran says 320 killed in Aleppo", None, False),
        ("4194", None, False),
    ],
)  # fmt: skip
def test_stamp_lines(line: str, date: dt.date | None, published: bool) -> None:
    assert stamp_date(line) == (date, published)


# (stamp, whether its date depends on the clock); order DMY as for page stamps
REMEMBERED_CASES = [
    ("17 de septiembre de 2008", False),
    ("December 20, 2024", False),
    ("12/11/2024", False),
    ("Monday", False),  # no date at all, whatever the clock
    ("2 hours ago", True),
    ("yesterday", True),
    ("hace 3 días", True),
    ("il y a 2 jours", True),
]


@pytest.mark.parametrize(("value", "relative"), REMEMBERED_CASES)
def test_only_dates_that_do_not_depend_on_the_clock_are_remembered(
    value: str, relative: bool
) -> None:
    first = parse_date(value, order="DMY")
    assert parse_date(value, order="DMY") == first
    key = (value, stamps.LANGUAGES, "DMY")
    assert (key in stamps._RELATIVE, key in stamps._ABSOLUTE) == (relative, not relative)
    if relative:
        assert first is not None and first > dt.date(2020, 1, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on Wednesday, News.az reports citing Iranian media.", ("News.az", "Iranian media")),
        ("Trend reported, citing the Foreign Ministry.", ("Trend", "the Foreign Ministry")),
        ("informa Prensa Latina citando a fuentes locales.", ("Prensa Latina", "fuentes locales")),
        ("lundi, rapporte Le Monde citant des diplomates.", ("Le Monde", "des diplomates")),
        ("The minister said the talks went well.", None),
        ("The Foreign Ministry said, citing security concerns.", None),
    ],
)  # fmt: skip
def test_citing(text: str, expected: tuple[str, str] | None) -> None:
    assert find_citing(text) == expected


@pytest.mark.parametrize(
    ("text", "given", "published", "source"),
    [
        (" date 2024-12-20 Talks ended in Cairo.", "2024-12-19", dt.date(2024, 12, 19), "json"),
        (" date 2024-12-20 TEHRAN, Dec. 1 (AFP) - Talks.", None, dt.date(2024, 12, 20), "header"),
        ("TEHRAN, Dec. 1 (AFP) - Talks ended.", None, dt.date(2024, 12, 1), "dateline"),
        ("Published: 19 Dec 2024\n\nPARIS, 1 déc (AFP) - X", None, dt.date(2024, 12, 19), "header"),
        ("Talks ended in Cairo on Thursday.", None, None, None),
    ],
)  # fmt: skip
def test_date_priority(text: str, given: str | None, published, source) -> None:
    doc = RawDocument("a.json", text, published=given)
    article = build_article(doc, settings=Settings(), today=TODAY)
    assert (article.published, article.published_source) == (published, source)


def test_outlet_priority_and_cited_source() -> None:
    text = "TEHRAN, Dec. 1 (Reuters) - Iran said on Sunday it would keep backing Syria.\n\nIRNA"
    tagged = build_article(RawDocument("a", text), settings=Settings(), today=TODAY)
    assert (tagged.outlet, tagged.cited_source) == ("IRNA", "Reuters")
    given = build_article(RawDocument("b", text, outlet="Tehran Times"), settings=Settings())
    assert given.outlet == "Tehran Times"
    wire = build_article(RawDocument("c", text.replace("\n\nIRNA", "")), settings=Settings())
    assert (wire.outlet, wire.cited_source) == ("Reuters", None)
    plain = RawDocument(
        "d", "Iran said on Sunday it would back Syria.", url="https://www.tehrantimes.com/news/1"
    )
    assert build_article(plain, settings=Settings()).outlet == "tehrantimes.com"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Iranian President Masoud Pezeshkian met his Turkish counterpart on Thursday.", "en"),
        ("El presidente iraní se reunió con el ministro sirio de Exteriores en Teherán.", "es"),
        ("Le président français a reçu mardi le roi de Jordanie à l'Elysée.", "fr"),
        ("Der iranische Präsident traf am Donnerstag seinen türkischen Amtskollegen.", "de"),
        ("4194 16 px", "en"),  # nothing to go on: the default
        # foreign names fool the n-gram model (0.46 "es"); the function words settle it
        ("Paraguayan Interior Minister Tomás Quiroga Bellido met police chiefs in Asunción on "
         "Monday to discuss border security.", "en"),
        ("Le ministre Tomás Quiroga Bellido a rencontré les chefs de la police à Asunción.", "fr"),
    ],
)  # fmt: skip
def test_language(text: str, lang: str) -> None:
    assert detect_language(text, default="en")[0] == lang


def test_language_given_by_a_record_wins_and_codes_are_normalised() -> None:
    doc = RawDocument("a", "Iran and Turkey held talks in Ankara on Monday.", language="fr-FR")
    assert build_article(doc, settings=Settings()).language == "fr"
    assert [normalise_code(c) for c in ("en-US", "ES", "fr_FR", "english!", None)] == [
        "en", "es", "fr", None, None,
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        ("Teherán".encode(), "Teherán", "utf-8"),
        (codecs.BOM_UTF8 + "Teherán".encode(), "Teherán", "utf-8-sig"),
        ("Teherán “q”".encode("utf-16"), "Teherán “q”", "utf-16"),
        ("señaló «paz»".encode("cp1252"), "señaló «paz»", "cp1252"),
        ("L’Élysée a déclaré".encode("cp1252"), "L’Élysée a déclaré", "cp1252"),
        ("قال الرئيس".encode("cp1256"), "قال الرئيس", "windows-1256"),
        (  # UTF-8 with two stray cp1252 quote bytes: keep the UTF-8, mark the damage
            "El presidente iraní señaló que Irán".encode() + b" \x93paz\x94",
            "El presidente iraní señaló que Irán \ufffdpaz\ufffd",
            "utf-8+replace",
        ),
    ],
)
def test_decode_bytes(data: bytes, text: str, encoding: str) -> None:
    assert decode_bytes(data) == (text, encoding)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", UnsupportedFormat),
        (bytes(range(1, 9)) * 20, UnsupportedFormat),
        (codecs.BOM_UTF16_LE + b"a\x00b", UndecodableText),
    ],
)
def test_undecodable_bytes(data: bytes, error: type) -> None:
    with pytest.raises(error):
        decode_bytes(data)
