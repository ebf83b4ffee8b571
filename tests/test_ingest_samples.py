"""The five sample articles through the readers and build_article."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from eventwire.ingest import build_article, iter_documents
from eventwire.models import Article, RawDocument
from eventwire.settings import Settings
from paths import SAMPLES

SETTINGS = Settings()


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    docs = list(iter_documents([str(SAMPLES)], settings=SETTINGS))
    assert all(isinstance(d, RawDocument) for d in docs), docs
    return {Path(d.source).name[:3]: build_article(d, settings=SETTINGS) for d in docs}


@pytest.mark.parametrize(
    ("sample", "published", "source", "language", "outlet", "cited"),
    [
        ("000", dt.date(2024, 12, 20), "header", "en", None, None),
        ("001", None, None, "en", None, None),
        ("002", dt.date(2024, 11, 20), "header", "en", "News.Az", "Iranian media"),
        ("003", dt.date(2024, 12, 1), "header", "en", None, None),
        ("004", None, None, "es", None, None),
    ],
)
def test_sample_metadata(articles, sample, published, source, language, outlet, cited) -> None:
    article = articles[sample]
    assert article.published == published
    assert article.published_source == source
    assert article.language == language
    assert article.language_score is not None and article.language_score > 0.5
    assert article.outlet == outlet
    assert article.cited_source == cited


@pytest.mark.parametrize(
    ("sample", "gone", "rule"),
    [
        ("000", "date 2024-12-20", "header"),
        ("002", "+ ↺ − 16 px", "web-residue"),
        (
            "002",
            "Iran will not halt its support for its allies, says president",
            "repeated-headline",
        ),
        ("002", "News.Az", "outlet-tag"),
        ("003", "4194", "stray-number"),
    ],
)
def test_sample_residue_is_removed_and_recorded(articles, sample, gone, rule) -> None:
    article = articles[sample]
    assert gone not in article.text
    assert gone in article.raw_text
    recorded = [r for r in article.removals if r.rule == rule]
    assert recorded and gone in recorded[0].text
    assert article.raw_text[recorded[0].raw_start : recorded[0].raw_end] == recorded[0].text


@pytest.mark.parametrize(
    ("sample", "present"),
    [
        ("002", "with Syria are of special importance to Iran. Referring to the increase"),
        ("002", "News.az reports citing Iranian media. “The Islamic Republic of Iran"),
        ("002", "in various fields,” he said. The President stated"),
        ("002", "to all Muslims.” Pezeshkian noted that “we are ready"),
        (
            "003",
            "should make efforts on the same front to restore stability and security to Syria”",
        ),
        ("004", "pueden traer progreso y excelencia para todos los musulmanes”, enfatizó."),
        ("000", "Egypt’s capital Cairo.\n\nThe Iranian president"),
        ("001", "and the anti-terror fight.\n\nHeading a diplomatic delegation"),
    ],
)
def test_sample_text_is_repaired_not_lost(articles, sample, present) -> None:
    assert present in articles[sample].text


def test_sample_titles_ids_and_hashes(articles) -> None:
    assert articles["002"].title == "Iran will not halt its support for its allies, says president"
    assert articles["002"].text.startswith("Iranian President stated that")
    assert articles["000"].text.startswith("“Any developments in Syria")
    for article in articles.values():
        assert len(article.id) == 16 and article.content_hash.startswith(article.id)
        assert "\n\n\n" not in article.text and article.text == article.text.strip()
    assert len({a.content_hash for a in articles.values()}) == 5
