"""Readers: every format, every kind of bad input, one ItemError per bad item."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from pathlib import Path

import pytest

from eventwire.errors import ArticleTooLarge, EmptyDocument, MalformedRecord
from eventwire.ingest import build_article, iter_documents
from eventwire.ingest.readers import record_document, sniff_format, walk
from eventwire.models import ItemError, RawDocument
from eventwire.settings import Settings

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
SETTINGS = Settings()


def read(*names: str, settings: Settings = SETTINGS) -> list[RawDocument | ItemError]:
    return list(iter_documents([str(FIXTURES / n) for n in names], settings=settings))


def only(items: list) -> RawDocument | ItemError:
    assert len(items) == 1, items
    return items[0]


@pytest.mark.parametrize(
    ("name", "step", "exception", "words"),
    [
        ("photo.png", "read", "UnsupportedFormat", ".png files are not read"),
        ("empty.txt", "parse", "EmptyDocument", "empty (0 bytes)"),
        ("blank.txt", "parse", "EmptyDocument", "only whitespace"),
        ("nobody.html", "parse", "EmptyDocument", "no article body"),
        ("missing.txt", "read", "", "no such file"),
    ],
)
def test_bad_files_give_one_clear_item_error(name, step, exception, words) -> None:
    error = only(read(name))
    assert isinstance(error, ItemError)
    assert error.source.endswith(name)
    assert error.step == step
    assert error.message.startswith(exception) and words in error.message


@pytest.mark.parametrize(
    ("name", "encoding", "expected"),
    [
        ("cp1252.txt", "cp1252", "“Queremos una solución política”, señaló Albares"),
        ("windows1256.txt", "windows-1256", "قال الرئيس الإيراني مسعود بزشكيان"),
        ("utf16.txt", "utf-16", "Iraqi Prime Minister Mohammed Shia al-Sudani received"),
    ],
)
def test_text_files_in_other_encodings(name, encoding, expected) -> None:
    doc = only(read(name))
    assert isinstance(doc, RawDocument) and doc.encoding == encoding
    assert expected in build_article(doc, settings=SETTINGS).text


def test_windows_1256_article_is_detected_as_arabic() -> None:
    article = build_article(only(read("windows1256.txt")), settings=SETTINGS)
    assert article.language == "ar"


def test_html_page_gives_body_and_page_metadata() -> None:
    doc = only(read("page.html"))
    assert isinstance(doc, RawDocument) and doc.kind == "html"
    article = build_article(doc, settings=SETTINGS)
    assert article.title == "Iran and Iraq discuss Syria in phone call"
    assert article.published == dt.date(2024, 12, 1) and article.published_source == "html"
    assert article.outlet == "Gulf Wire"
    assert article.url == "https://gulfwire.example/world/2024/12/01/iran-iraq-syria"
    assert article.language == "en"
    assert article.text.startswith("Iranian President Masoud Pezeshkian spoke by phone")
    for boilerplate in (
        "Share",
        "Print",
        "Oil prices rise",
        "Great reporting",
        "Copyright",
        "Home",
    ):
        assert boilerplate not in article.text
    assert "“These incidents have doubled the necessity" in article.text


def test_json_lines_file_reports_bad_lines_by_number() -> None:
    items = read("records.jsonl")
    assert [type(i).__name__ for i in items] == [
        "RawDocument", "ItemError", "ItemError", "RawDocument",
    ]  # fmt: skip
    good, broken, no_text, no_id = items
    assert good.source.endswith("records.jsonl:1") and good.id == "efe-2024-12-03-01"
    assert (broken.line, broken.step) == (2, "parse")
    assert "invalid JSON on line 2" in broken.message and str(broken).endswith(
        f"records.jsonl:2: parse: {broken.message}"
    )
    assert no_text.line == 3 and 'no "text" or "html"' in no_text.message
    assert no_id.source.endswith("records.jsonl:4") and no_id.id is None


@pytest.mark.parametrize(
    ("index", "fields"),
    [
        (0, {"id": "efe-2024-12-03-01", "published": dt.date(2024, 12, 3), "language": "es",
             "outlet": "EFE", "published_source": "json",
             "title": "Albares y Fidan analizan la situación en Siria"}),
        (3, {"published": dt.date(2024, 11, 12), "published_source": "dateline",
             "language": "fr", "outlet": "AFP", "url": "https://example.org/fr/macron-abdallah"}),
    ],
)  # fmt: skip
def test_json_lines_records_become_articles(index, fields) -> None:
    doc = read("records.jsonl")[index]
    article = build_article(doc, settings=SETTINGS, today=dt.date(2024, 12, 31))
    for name, value in fields.items():
        assert getattr(article, name) == value, name
    if "id" not in fields:
        assert article.id == article.content_hash[:16]


def test_json_list_with_text_and_html_records() -> None:
    first, second = read("records.json")
    assert first.source.endswith("records.json[0]") and first.id == "1001"
    a1 = build_article(first, settings=SETTINGS)
    assert a1.published == dt.date(2024, 12, 2) and a1.outlet == "Anadolu"
    assert second.kind == "html" and second.id == "1002"
    a2 = build_article(second, settings=SETTINGS)
    assert a2.text.startswith("Qatar hosted a new round of talks in Doha on Tuesday")
    assert a2.title == "Qatar hosts talks" and "Qatar hosts talks\n" not in a2.text


def test_json_wrapped_list_like_the_api_body(tmp_path: Path) -> None:
    body = {"documents": [{"id": "a", "text": "Iran and Turkey held talks in Ankara."}]}
    path = tmp_path / "posted.json"
    path.write_text(json.dumps(body))
    (doc,) = iter_documents([str(path)], settings=SETTINGS)
    assert (doc.source, doc.id) == (f"{path}[0]", "a")


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"title": "No body"}, 'no "text" or "html"'),
        ({"text": "   "}, 'no "text" or "html"'),
        (["a list"], "expected a JSON object"),
    ],
)
def test_bad_json_records(record, message) -> None:
    with pytest.raises(MalformedRecord, match=message):
        record_document(record, source="x.json", settings=SETTINGS)


def test_rss_feed_file_gives_one_document_per_item() -> None:
    docs = read("feed.rss")
    assert [d.source for d in docs] == [
        "https://gulfwire.example/world/iran-iraq-syria",
        "https://gulfwire.example/world/fidan-araghchi",
    ]
    article = build_article(docs[1], settings=SETTINGS)
    assert article.title == "Turkey and Iran foreign ministers meet in Ankara"
    assert article.published == dt.date(2024, 12, 2) and article.published_source == "feed"
    assert article.outlet == "Gulf Wire - World" and article.language == "en"
    assert article.text.count("\n\n") == 2


def test_atom_feed_file_with_an_empty_entry() -> None:
    doc, error = read("feed.atom")
    article = build_article(doc, settings=SETTINGS)
    assert article.language == "fr" and article.published == dt.date(2024, 11, 12)
    assert article.text.startswith("Le président Emmanuel Macron a reçu mardi à l'Elysée")
    assert isinstance(error, ItemError) and error.source.endswith("feed.atom#2")
    assert "no content or summary" in error.message


def test_feed_encoding_declaration_is_honoured() -> None:
    doc = only(read("latin1.rss"))
    assert doc.content.startswith("El ministro de Asuntos Exteriores de España, José Manuel")
    assert (doc.language, doc.outlet, doc.published) == ("es", "Agencia de Noticias", "2024-12-03")


def test_folder_is_read_recursively_in_order_skipping_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    for rel in ("b/2.txt", "a.txt", ".hidden.txt", ".git/config", "b/1.txt"):
        (tmp_path / rel).write_text("Iran and Turkey held talks in Ankara on Monday.")
    assert [Path(p).relative_to(tmp_path).as_posix() for p in walk(str(tmp_path))] == [
        "a.txt", "b/1.txt", "b/2.txt",
    ]  # fmt: skip


def test_one_bad_file_does_not_stop_the_folder() -> None:
    items = list(iter_documents([str(FIXTURES)], settings=SETTINGS))
    errors = [i for i in items if isinstance(i, ItemError)]
    docs = [i for i in items if isinstance(i, RawDocument)]
    assert {Path(e.source.split("#")[0]).name for e in errors} == {
        "blank.txt", "empty.txt", "nobody.html", "photo.png", "records.jsonl", "feed.atom",
    }  # fmt: skip
    assert len(docs) == 12


def test_binary_content_under_a_text_name_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes((FIXTURES / "photo.png").read_bytes())
    error = only(list(iter_documents([str(path)], settings=SETTINGS)))
    assert error.message.startswith("UnsupportedFormat") and "binary file" in error.message


def test_size_limit_gives_article_too_large(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("Iran and Turkey held talks. " * 100)
    error = only(list(iter_documents([str(big)], settings=Settings(max_article_bytes=1000))))
    assert error.message.startswith("ArticleTooLarge") and "max_article_bytes" in error.message
    doc = RawDocument(source="api", content="x" * 2000)
    with pytest.raises(ArticleTooLarge):
        build_article(doc, settings=Settings(max_article_bytes=1000))


def test_stdin_is_sniffed(monkeypatch) -> None:
    lines = [json.dumps({"text": "Iran and Turkey held talks in Ankara.", "id": str(n)})
             for n in (1, 2)]  # fmt: skip
    stdin = io.TextIOWrapper(io.BytesIO("\n".join(lines).encode()))
    monkeypatch.setattr(sys, "stdin", stdin)
    docs = list(iter_documents(["-"], settings=SETTINGS))
    assert [(d.source, d.id) for d in docs] == [("-:1", "1"), ("-:2", "2")]


@pytest.mark.parametrize(
    ("content", "fmt"),
    [
        ('<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', "feed"),
        ('<feed xmlns="http://www.w3.org/2005/Atom"></feed>', "feed"),
        ("<!DOCTYPE html><html><body><p>Talks</p></body></html>", "html"),
        ('{"text": "Talks in Ankara."}', "json"),
        ('{"text": "a"}\n{"text": "b"}\n', "jsonl"),
        ('[{"text": "a"}]', "json"),
        ("TEHRAN, Dec. 1 (Reuters) - Iran said on Sunday...", "text"),
    ],
)
def test_sniff_format(content: str, fmt: str) -> None:
    assert sniff_format(content) == fmt


def test_build_article_refuses_an_empty_page() -> None:
    with pytest.raises(EmptyDocument):
        build_article(RawDocument(source="x", content="Share\n\n+ ↺ − 16 px\n"), settings=SETTINGS)
