"""Short articles: a headline and one full sentence in the main element are stored, not refused;
empty and boilerplate-only pages are still refused with the reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.errors import EmptyDocument, InvalidKnowledgeBase
from eventwire.ingest import build_article, iter_documents
from eventwire.ingest.html import extract_page
from eventwire.ingest.shortpage import compile_rules, is_full_sentence
from eventwire.models import ItemError, RawDocument
from eventwire.settings import Settings

SETTINGS = Settings()


def page(body: str, *, title: str = "Gulf Wire", lang: str = "en") -> str:
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}'
            f"</title></head><body>{body}</body></html>")


NAV = '<header><nav><a href="/">Home</a> | <a href="/world">World</a></nav></header>'
FOOT = "<footer><p>Copyright 2024 Gulf Wire. All rights reserved.</p></footer>"

ACCEPTED = [
    # (case, body, headline, text)
    ("article h1 + p",
     NAV + "<article><h1>Iran and Iraq sign gas deal</h1><p>Iran and Iraq signed a gas supply "
     "deal in Baghdad on Monday.</p></article>" + FOOT,
     "Iran and Iraq sign gas deal", "Iran and Iraq signed a gas supply deal in Baghdad on Monday."),
    ("main h2 + p",
     "<main><h2>Strike in Paris</h2><p>French unions called a national strike for Thursday.</p>"
     "</main>",
     "Strike in Paris", "French unions called a national strike for Thursday."),
    ("role=main, text without <p>",
     '<div role="main"><h1>Talks end</h1>The talks in Doha ended without an agreement.</div>',
     "Talks end", "The talks in Doha ended without an agreement."),
    ("h1 outside the article",
     "<h1>Ceasefire holds</h1><article><p>The ceasefire in Gaza held for a third day, officials "
     "said.</p></article>",
     "Ceasefire holds", "The ceasefire in Gaza held for a third day, officials said."),
    ("two sentences, furniture paragraph dropped",
     "<article><h1>Quake</h1><p>A strong earthquake struck eastern Turkey on Sunday. No deaths "
     "were reported.</p><p>Accept cookies to continue reading.</p></article>",
     "Quake", "A strong earthquake struck eastern Turkey on Sunday. No deaths were reported."),
    ("quoted sentence",
     "<article><h1>Albares</h1><p>“Queremos una solución política para Siria”, dijo Albares."
     "</p></article>",
     "Albares", "“Queremos una solución política para Siria”, dijo Albares."),
]

REFUSED = [
    # (case, body, words in the reason)
    ("empty body", "", "no text in the main element"),
    ("navigation and footer only", NAV + '<div id="app"></div><script>x=1</script>' + FOOT,
     "no text in the main element"),
    ("no headline", "<article><p>Iran and Iraq signed a gas supply deal in Baghdad.</p></article>",
     "no headline"),
    ("headline and a teaser", "<article><h1>Gas deal</h1><p>Read more</p></article>",
     "no full sentence"),
    ("headline and boilerplate",
     "<article><h1>Subscribe</h1><p>Accept cookies to continue reading this page.</p>"
     "<p>All rights reserved.</p><p>Sign in to read the full story today.</p></article>",
     "no full sentence"),
    ("headline and a fragment", "<article><h1>Markets</h1><p>Oil prices, gold and the dollar"
     "</p></article>", "no full sentence"),
    ("headline and a lower-case snippet", "<article><h1>Talks</h1><p>and then the talks went on "
     "until late.</p></article>", "no full sentence"),
]


@pytest.mark.parametrize(("case", "body", "headline", "text"), ACCEPTED,
                         ids=[c[0] for c in ACCEPTED])
def test_a_short_article_is_accepted(case, body, headline, text) -> None:
    found = extract_page(page(body))
    assert found.short and found.title == headline and found.text == text
    article = build_article(RawDocument(source=case, content=page(body), kind="html",
                                        title=found.title), settings=SETTINGS)
    assert article.text == text and article.title == headline


@pytest.mark.parametrize(("case", "body", "reason"), REFUSED, ids=[c[0] for c in REFUSED])
def test_an_empty_or_boilerplate_page_is_refused_with_the_reason(case, body, reason) -> None:
    with pytest.raises(EmptyDocument) as caught:
        extract_page(page(body))
    assert str(caught.value).startswith("no article body found in the HTML page (")
    assert reason in str(caught.value)


@pytest.mark.parametrize(
    ("sentence", "full"),
    [
        ("Iran and Iraq signed a gas deal.", True),
        ("Did the talks in Doha fail?", True),
        ("El gobierno anunció nuevas medidas…", True),
        ("Iran and Iraq signed", False),  # no final stop
        ("Talks ended.", False),  # too few words
        ("and then the talks went on.", False),  # starts mid-sentence
        ("We use cookies to improve your experience.", False),  # furniture
        ("Copyright 2024 Gulf Wire Media Group.", False),
    ],
)
def test_what_counts_as_a_full_sentence(sentence, full) -> None:
    assert is_full_sentence(sentence) is full


def test_a_long_page_is_not_marked_short() -> None:
    body = "<article><h1>Talks</h1><p>" + "The delegations met again in Doha today. " * 6
    assert extract_page(page(body + "</p></article>")).short is False


@pytest.mark.parametrize(
    "raw",
    [[], {"min_sentence_words": 0, "furniture_sentences": []},
     {"min_sentence_words": 5, "furniture_sentences": ["(unclosed"]}],
)
def test_bad_page_rules_are_refused(raw) -> None:
    with pytest.raises(InvalidKnowledgeBase):
        compile_rules(raw)


def test_a_short_page_is_stored_and_a_boilerplate_page_refused(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "flash.html").write_text(page(ACCEPTED[0][1]), encoding="utf-8")
    (folder / "cookies.html").write_text(page(REFUSED[4][1]), encoding="utf-8")
    items = list(iter_documents([str(folder)], settings=SETTINGS))
    assert [type(i).__name__ for i in items] == ["ItemError", "RawDocument"]
    assert isinstance(items[0], ItemError) and "no full sentence" in items[0].message
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "s.db"), "ingest", "-q",
                                       str(folder)], catch_exceptions=False)
    assert result.exit_code == 1  # the boilerplate page is one item error
    assert "stored 1" in result.stdout and "failed 1" in result.stdout
    assert "cookies.html" in result.stderr and "no full sentence" in result.stderr
