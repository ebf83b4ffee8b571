"""The read side (eventwire.query) on the five coded sample articles, SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from eventwire import query
from eventwire.query import ArticleFilter, EventFilter, NotFound, Page, QuoteFilter
from eventwire.query.aggregates import place_level
from eventwire.query.article import Span, segment_text
from test_query_samples import article_id, article_text

pytest_plugins = ("test_query_samples",)  # the sample_db fixture

NUM = {article_id(n): n for n in ("000", "001", "002", "003", "004")}
D = dt.date.fromisoformat


def labels(items: list[dict]) -> set[str]:
    """'000 CONSULT meeting' for each event: article number, category, trigger."""
    return {f"{NUM[e['article_id']]} {e['type']} {e['trigger']}" for e in items}


PEZESHKIAN = {"000 CONSULT meeting", "000 REQUEST stressed", "000 AGREE announced",
              "002 CONSULT meeting", "002 SUPPORT supporting", "003 CONSULT phone conversation",
              "003 AGREE ready", "004 CONSULT reunión"}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"actor": "Masoud Pezeshkian"}, PEZESHKIAN),
        ({"actor": "masoud-pezeshkian", "actor_exact": True}, PEZESHKIAN),
        ({"actor": "irngov"}, PEZESHKIAN | {"001 CONSULT held talks", "001 CONSULT meeting",
                                            "001 ACCUSE emphasized"}),
        ({"actor": "TUR", "actor_role": "recipient"},
         {"000 CONSULT meeting", "000 AGREE announced", "001 CONSULT held talks"}),
        ({"actor": "TUR", "actor_role": "actor"}, {"000 REQUEST emphasized"}),
        ({"actor_country": "IRQ"}, {"003 CONSULT phone conversation"}),
        ({"actor_sector": "MIL"}, {"001 ASSAULT killed"}),
        ({"dyad": ("IRN", "TUR")},
         {"000 CONSULT meeting", "000 AGREE announced", "001 CONSULT held talks"}),
        ({"dyad": ("TUR", "IRN")},
         {"000 CONSULT meeting", "000 AGREE announced", "001 CONSULT held talks"}),
        ({"dyad": ("TUR", "IRN"), "either_direction": False}, set()),
        ({"dyad": ("TUR", "ISR"), "either_direction": False}, {"000 REQUEST emphasized"}),
        ({"type": "consult"}, {"000 CONSULT meeting", "001 CONSULT held talks",
                               "001 CONSULT meeting", "002 CONSULT meeting",
                               "003 CONSULT phone conversation", "004 CONSULT reunión"}),
        ({"mode": "phone"}, {"003 CONSULT phone conversation"}),
        ({"date_from": D("2024-11-30"), "date_to": D("2024-12-01")},
         {"003 CONSULT phone conversation", "003 AGREE ready", "004 CONSULT reunión"}),
        ({"place": "cair"}, {"000 CONSULT meeting"}),
        ({"country": "syr"}, {"001 CONSULT meeting", "001 ASSAULT killed"}),
        ({"story_id": "story-c"},
         {"002 CONSULT meeting", "002 SUPPORT supporting", "004 CONSULT reunión"}),
        ({"language": "es"}, {"004 CONSULT reunión"}),
        ({"text": "PHONE"}, {"003 CONSULT phone conversation"}),
        ({"text": "100%_"}, set()),  # LIKE wildcards in user input are literal
        ({"actor": "SYR", "actor_role": "recipient", "include_negated": True},
         {"001 CONSULT meeting", "002 CONSULT meeting", "002 SUPPORT supporting",
          "002 SANCTION halt", "003 AGREE ready", "004 CONSULT reunión"}),
        ({"has_location": True, "type": "CONSULT"},
         {"000 CONSULT meeting", "001 CONSULT held talks", "001 CONSULT meeting",
          "002 CONSULT meeting"}),
    ],
)
def test_event_filters(sample_db, filters, expected):
    result = query.list_events(sample_db, EventFilter(**filters), Page(limit=100))
    assert labels(result.items) == expected
    assert result.total == len(expected)


def test_events_sorted_newest_first_undated_last(sample_db):
    items = query.list_events(sample_db, page=Page(limit=100)).items
    dated = [e["date"] for e in items if e["date"]]
    assert dated == sorted(dated, reverse=True)
    first_undated = next(i for i, e in enumerate(items) if not e["date"])
    assert all(not e["date"] for e in items[first_undated:])
    undated_ids = [e["id"] for e in items[first_undated:]]
    assert undated_ids == sorted(undated_ids)


@pytest.mark.parametrize("size", [1, 4, 5, 13])
def test_pages_cover_every_event_once(sample_db, size):
    seen, offset = [], 0
    while offset is not None:
        result = query.list_events(sample_db, page=Page(limit=size, offset=offset))
        assert result.total == 13
        seen += [e["id"] for e in result.items]
        offset = result.next_offset
    assert len(seen) == len(set(seen)) == 13


def test_event_record_has_the_export_fields_and_evidence(sample_db):
    event = query.get_event(sample_db, f"{article_id('000')}:e0")
    text = article_text("000")
    assert text[event["start"]:event["end"]] == event["evidence"]
    assert text[event["trigger_start"]:event["trigger_end"]] == "meeting"
    assert event["location"]["name"] == "Cairo" and event["date"] == "2024-12-19"
    assert event["actors"][0]["code"] == "IRNGOV" and event["recipients"][0]["code"] == "TURGOV"
    with pytest.raises(NotFound):
        query.get_event(sample_db, "nope:e0")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Page(limit=0), "limit"),
        (lambda: Page(limit=501), "limit"),
        (lambda: Page(offset=-1), "offset"),
        (lambda: Page(offset=2**63), "offset"),
        (lambda: EventFilter(actor_role="speaker"), "actor_role"),
        (lambda: EventFilter(date_from=D("2024-12-02"), date_to=D("2024-12-01")), "after"),
    ],
)
def test_invalid_filters_are_refused(make, message):
    with pytest.raises(ValueError, match=message):
        make()


@pytest.mark.parametrize(
    ("interval", "expected"),
    [
        ("day", [("2024-11-20", 2), ("2024-11-30", 2), ("2024-12-01", 1), ("2024-12-19", 1)]),
        ("week", [("2024-11-18", 2), ("2024-11-25", 3), ("2024-12-16", 1)]),
        ("month", [("2024-11-01", 4), ("2024-12-01", 2)]),
    ],
)
def test_event_counts_per_period(sample_db, interval, expected):
    rows = query.event_counts(sample_db, interval=interval)
    assert [(r["period"], r["count"]) for r in rows] == expected


def test_unknown_interval_is_refused(sample_db):
    with pytest.raises(ValueError, match="day, week, month"):
        query.event_counts(sample_db, interval="year")


def test_score_series_for_a_dyad(sample_db):
    rows = query.score_series(sample_db, EventFilter(dyad=("IRN", "SYR")), interval="month")
    assert rows == [
        {"period": "2024-11-01", "events": 3, "total_score": 10.0, "mean_score": 3.33,
         "cooperative": 3, "conflictual": 0},
        {"period": "2024-12-01", "events": 1, "total_score": 2.5, "mean_score": 2.5,
         "cooperative": 1, "conflictual": 0},
    ]


@pytest.mark.parametrize(
    ("level", "expected_top"),
    [
        ("country", [("Iran", "Syria", 5), ("Iran", "Turkey", 3), ("Iran", "Israel", 2)]),
        ("code", [("Iran · government", "Syria · government", 3),
                  ("Iran · government", "Israel", 2), ("Iran · government", "Syria", 2),
                  ("Iran · government", "Turkey · government", 2)]),
        ("actor", [("Masoud Pezeshkian", "Bassam al-Sabbagh", 2),
                   ("Masoud Pezeshkian", "Syria", 2)]),
    ],
)
def test_dyad_matrix(sample_db, level, expected_top):
    rows = query.dyad_matrix(sample_db, level=level, limit=len(expected_top))
    got = [(r["source"]["name"], r["target"]["name"], r["count"]) for r in rows]
    # ties are ordered by the database's collation: compare counts in order, pairs as a set
    assert [c for *_, c in got] == [c for *_, c in expected_top]
    assert set(got) == set(expected_top)


def test_top_actors_places_and_types(sample_db):
    top = query.top_actors(sample_db, limit=2)
    assert [(a["kb_id"], a["events"]) for a in top] == [("masoud-pezeshkian", 8),
                                                        ("abbas-araghchi", 3)]
    recipients = query.top_actors(sample_db, role="recipient", limit=1)
    assert recipients[0]["name"] == "Israel" and recipients[0]["events"] == 3
    places = {p["name"]: p for p in query.top_places(sample_db)}
    assert set(places) == {"Cairo", "Ankara", "Damascus", "Aleppo", "Tehran"}
    assert places["Cairo"]["country"] == "EGY" and round(places["Tehran"]["lon"]) == 51
    types = query.type_counts(sample_db)
    assert types[0] == {"type": "CONSULT", "events": 6, "mean_score": 2.58}


def test_top_places_level_score_and_months(sample_db):
    places = {p["name"]: p for p in query.top_places(sample_db)}
    assert {p["level"] for p in places.values()} == {"city"}
    assert places["Aleppo"]["mean_score"] == -9.0 and places["Damascus"]["mean_score"] == 4.0
    assert places["Tehran"]["periods"] == {"2024-11": 1}
    assert places["Cairo"]["periods"] == {"2024-12": 1}
    assert places["Ankara"]["periods"] == {} and places["Ankara"]["first"] is None
    assert all(sum(p["periods"].values()) <= p["events"] for p in places.values())


@pytest.mark.parametrize(
    ("name", "country", "level"),
    [("Syria", "SYR", "country"), ("Siria", "SYR", "country"), ("Damascus", "SYR", "city"),
     ("United States", "USA", "country"), ("Georgia", "USA", "city"), ("Nowhere", None, "city")],
)
def test_place_level(name, country, level):
    assert place_level(name, country) == level


@pytest.mark.parametrize(
    ("text", "kinds", "language", "expected"),
    [
        ("territorial integrity", ("article", "quote", "event"), None,
         {("article", "000"), ("quote", "000"), ("article", "003")}),
        ("Territorial   INTEGRITY!", ("quote",), None, {("quote", "000")}),
        ("Sabbagh", ("quote",), None, {("quote", "002")}),
        ("cooperación", ("article", "quote"), None, {("article", "004"), ("quote", "004")}),
        ("Pezeshkian", ("article",), "es", {("article", "004")}),
        ("phone conversation", ("event",), None, {("event", "003")}),
        ("NEAR(territorial integrity)", ("article", "quote"), None, set()),  # FTS5's NEAR: a word
        ('Zionist "goals"', ("quote",), None, {("quote", "001")}),
        ("Sabbagh OR Sudani", ("article", "quote"), None,
         {("article", "002"), ("article", "003"), ("article", "004"), ("quote", "002"),
          ("quote", "003")}),
        ("cooperaci*", ("article", "quote", "event"), None, {("article", "004"), ("quote", "004")}),
        ("phone OR meeting -Pezeshkian", ("event",), None, {("event", "001"), ("event", "003")}),
        ("(phone OR meeting) -Pezeshkian", ("event",), None, {("event", "001")}),
    ],
)
def test_search(sample_db, text, kinds, language, expected):
    result = query.search(sample_db, text, kinds=kinds, language=language, page=Page(limit=50))
    assert {(h["kind"], NUM[h["article_id"]]) for h in result.items} == expected
    words = re.findall(r"\w+", text.lower())
    for hit in result.items:  # offsets point at query words in the snippet and the cleaned text
        if hit["start"] is None:  # matched the speaker's name, not the quoted words
            assert hit["kind"] == "quote" and any(w in hit["title"].lower() for w in words)
            assert hit["highlights"] == hit["matches"] == []
            continue
        body = article_text(NUM[hit["article_id"]])
        assert [hit["start"], hit["end"]] == hit["matches"][0]
        for s, e in hit["matches"]:
            assert any(body[s:e].lower().startswith(w) for w in words), body[s:e]
        marked = [hit["snippet"][s:e] for s, e in hit["highlights"]]
        assert marked and marked == [body[s:e] for s, e in hit["matches"][: len(marked)]]


@pytest.mark.parametrize(
    ("bad", "problem"),
    [
        ("", "no words"),
        ("  ", "no words"),
        ("!!", "no words"),
        ('Zionist "goals', "the quote at character 9 is never closed"),
        ("-Pezeshkian", "only leaves out"),
        ("Sabbagh OR", "OR needs a word"),
        ("*", "a * must follow"),
    ],
)
def test_search_refuses_malformed_text(sample_db, bad, problem):
    with pytest.raises(query.SearchSyntaxError, match=re.escape(problem)):
        query.search(sample_db, bad)


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("abcdef", [], [("abcdef", [])]),
        ("Pezeshkian said", [Span(0, 10, "actor", "P")],
         [("Pezeshkian", ["actor"]), (" said", [])]),
        # a trigger inside a quote: three flat pieces, the middle one carries both
        ('"we will meet" he said', [Span(0, 14, "quote", "q"), Span(9, 13, "trigger", "t")],
         [('"we will ', ["quote"]), ("meet", ["quote", "trigger"]), ('"', ["quote"]),
          (" he said", [])]),
        # a place that is also a mention
        ("in Cairo.", [Span(3, 8, "mention", "GPE"), Span(3, 8, "place", "Cairo")],
         [("in ", []), ("Cairo", ["mention", "place"]), (".", [])]),
    ],
)
def test_segment_text(text, spans, expected):
    segments = segment_text(text, spans)
    assert [(s["text"], s["kinds"]) for s in segments] == expected
    assert "".join(s["text"] for s in segments) == text


@pytest.mark.parametrize(
    ("n", "kind", "words"),
    [
        ("000", "trigger", "meeting"),
        ("000", "date", "on Thursday"),
        ("000", "place", "Cairo"),
        ("000", "actor", "Recep Tayyip Erdogan"),
        ("000", "quote", "Islamic nations must fulfill their duty in combating crimes"),
        ("003", "trigger", "phone conversation"),
        ("004", "date", "el miércoles 30 de noviembre"),
        ("004", "trigger", "reunión"),
    ],
)
def test_article_detail_highlights_by_offsets(sample_db, n, kind, words):
    detail = query.article_detail(sample_db, article_id(n))
    text = detail["text"]
    assert "".join(s["text"] for s in detail["segments"]) == text
    found = [text[a["start"]:a["end"]] for a in detail["annotations"] if a["kind"] == kind]
    assert any(f.startswith(words) for f in found), found
    assert detail["bad_offsets"] == 0


def test_article_detail_lists_its_records(sample_db):
    detail = query.article_detail(sample_db, article_id("002"))
    assert detail["story"] == {"id": "story-c", "title":
                               "Iran will not halt its support for its allies, says president"}
    assert [e["type"] for e in detail["events"]] == ["SANCTION", "SUPPORT", "CONSULT"] or \
        {e["type"] for e in detail["events"]} == {"SANCTION", "SUPPORT", "CONSULT"}
    assert len(detail["quotes"]) == 2 and detail["mentions"]
    with pytest.raises(NotFound):
        query.article_detail(sample_db, "missing")


@pytest.mark.parametrize("key", ["masoud-pezeshkian", "Masoud Pezeshkian", "masoud pezeshkian"])
def test_actor_profile(sample_db, key):
    profile = query.actor_profile(sample_db, key)
    assert profile["actor"]["kb_id"] == "masoud-pezeshkian"
    assert profile["actor"]["roles"][0]["title"] == "President"
    assert "Pezeshkian" in profile["actor"]["aliases"]
    assert labels(profile["events"]["items"]) == PEZESHKIAN
    countries = {c["country"] for c in profile["counterparts"]}
    assert {"TUR", "SYR", "IRQ", "ISR"} <= countries
    assert profile["quotes"]["total"] == 5
    assert profile["mentions"] > 5
    centre = [n for n in profile["network"]["nodes"] if n["center"]]
    assert [n["id"] for n in centre] == ["actor:masoud-pezeshkian"]
    assert len(profile["network"]["links"]) == len(profile["counterparts"])


def test_unknown_actor_is_not_found(sample_db):
    with pytest.raises(NotFound, match="nobody"):
        query.actor_profile(sample_db, "nobody")


def test_actor_list_filters(sample_db):
    turks = query.list_actors(sample_db, country="tur")
    assert {a["name"] for a in turks.items} == {"Recep Tayyip Erdogan", "Hakan Fidan", "Turkey"}
    assert query.list_actors(sample_db, text="sabb").items[0]["kb_id"] == "bassam-al-sabbagh"


def test_story_detail_spans_languages(sample_db):
    story = query.story_detail(sample_db, "story-c")
    assert {a["language"] for a in story["articles"]} == {"en", "es"}
    merged = story["canonical_events"][0]
    assert merged["date_conflict"] is True and merged["num_articles"] == 2
    assert story["events"]["total"] == 3
    with pytest.raises(NotFound):
        query.story_detail(sample_db, "story-z")


def test_story_and_article_listings(sample_db):
    stories = query.list_stories(sample_db)
    assert [s["id"] for s in stories.items] == ["story-a", "story-d", "story-c", "story-b"]
    assert stories.items[2]["articles"] == 2
    assert [s["id"] for s in query.list_stories(sample_db, language="es").items] == ["story-c"]
    arts = query.list_articles(sample_db)
    assert [NUM[a["id"]] for a in arts.items] == ["000", "003", "002", "004", "001"]
    assert "text" not in arts.items[0]
    assert [NUM[a["id"]] for a in query.list_articles(
        sample_db, ArticleFilter(language="es")).items] == ["004"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"speaker": "Sudani"}, {"003:q1"}),
        ({"speaker": "masoud-pezeshkian", "language": "es"}, {"004:q0"}),
        ({"contains": "zionist"}, {"000:q1", "001:q0", "003:q0"}),
        ({"since": D("2024-12-01")}, {"000:q0", "000:q1", "003:q0", "003:q1"}),
        ({"story_id": "story-c"}, {"002:q0", "002:q1", "004:q0"}),
    ],
)
def test_quote_filters(sample_db, filters, expected):
    result = query.list_quotes(sample_db, QuoteFilter(**filters))
    got = {f"{NUM[q['article_id']]}:{q['id'].split(':')[1]}" for q in result.items}
    assert got == expected


def test_dashboard(sample_db):
    board = query.dashboard(sample_db)
    assert board["totals"] == {"articles": 5, "events": 13, "quotes": 8, "stories": 4,
                               "actors": 11}
    assert board["dyads"][0]["source"]["key"] == "IRN"
    assert board["stories"][0]["id"] == "story-a"


def test_actor_roles_fall_back_to_the_packaged_kb(sample_db):
    """A stored actor row without roles gets them from the KB (dated, as the KB has them)."""
    actor = query.actor_profile(sample_db, "hakan-fidan")["actor"]
    assert actor["aliases"] == ["Fidan"]  # stored aliases win
    assert {"title": "foreign_minister", "country": "TUR", "sector": "GOV",
            "start": "2023-06-04", "end": None} in actor["roles"]


@pytest.mark.parametrize(("title", "lead", "name"), [
    ("Talks in Ankara", "Araghchi and Fidan held talks", "Talks in Ankara"),
    (None, "Short lead.", "Short lead."),
    ("  ", "Iranian President Masoud Pezeshkian made the comments in a meeting with visiting "
     "Syrian Foreign Minister Bassam", "Iranian President Masoud Pezeshkian made the comments "
     "in a meeting …"),
    (None, None, "untitled article"),
])
def test_untitled_articles_are_named_by_their_first_words(title, lead, name):
    from eventwire.query.fulltext import article_name

    assert article_name(title, lead) == name


def test_search_hits_name_their_article_never_by_its_id(sample_db):
    hits = query.search(sample_db, "Pezeshkian OR Erdogan").items
    assert hits and all(h["article_title"] and h["article_title"] != h["article_id"]
                        for h in hits)
