"""The packaged KB: completeness of the country data, dated roles, validation, user files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from eventwire.errors import InvalidKnowledgeBase
from eventwire.knowledge import build_kb, entry_from_record, fold, load_kb

D = dt.date


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def test_every_un_member_has_names_and_adjectives_in_three_languages(kb) -> None:
    members = [e for e in kb.countries() if any(a.kind == "adjective" for a in e.aliases)]
    assert len(members) >= 195  # 193 members + 2 observers, plus main territories
    for entry in members:
        for lang in ("en", "es", "fr"):
            kinds = {a.kind for a in entry.aliases if a.lang == lang}
            assert {"name", "adjective"} <= kinds, (entry.kb_id, lang)


FORMS = [
    ("Iranian", "IRN"),
    ("Iranians", "IRN"),
    ("iraní", "IRN"),
    ("iraníes", "IRN"),
    ("iranienne", "IRN"),
    ("iraniens", "IRN"),
    ("Türkiye", "TUR"),
    ("turca", "TUR"),
    ("turque", "TUR"),
    ("Turks", "TUR"),
    ("sirios", "SYR"),
    ("syriennes", "SYR"),
    ("Tehran", "IRN"),
    ("Teherán", "IRN"),
    ("Téhéran", "IRN"),
    ("Ankara", "TUR"),
    ("Zionist regime", "ISR"),
    ("régimen sionista", "ISR"),
    ("régime sioniste", "ISR"),
    ("Tel Aviv regime", "ISR"),
    ("Islamic Republic", "IRN"),
    ("Estados Unidos", "USA"),
    ("EE.UU.", "USA"),
    ("États-Unis", "USA"),
    ("israelíes", "ISR"),
    ("saoudienne", "SAU"),
    ("Moscou", "RUS"),
    ("Pékin", "CHN"),
    ("estadounidenses", "USA"),
    ("Emirati", "ARE"),
]


@pytest.mark.parametrize(("text", "iso3"), FORMS)
def test_country_forms(kb, text: str, iso3: str) -> None:
    assert kb.lookup(text)[0][0].kb_id == iso3


def test_alternative_names_carry_their_sector(kb) -> None:
    alias = kb.lookup("Assad regime")[0][1]
    assert (alias.kind, alias.sector) == ("alt", "GOV")
    assert kb.lookup("Zionist regime")[0][1].sector is None


def test_arab_group_membership(kb) -> None:
    assert "arab" in kb.get("SYR").groups and "arab" not in kb.get("IRN").groups


ROLES = [
    ("masoud-pezeshkian", D(2024, 7, 27), "IRNLEG"),
    ("masoud-pezeshkian", D(2024, 7, 28), "IRNGOV"),
    ("ebrahim-raisi", D(2024, 5, 18), "IRNGOV"),
    ("ebrahim-raisi", D(2024, 5, 20), None),
    ("bashar-al-assad", D(2024, 12, 7), "SYRGOV"),
    ("bashar-al-assad", D(2024, 12, 8), None),
    ("bassam-al-sabbagh", D(2024, 9, 23), "SYRGOV"),
    ("abbas-araghchi", D(2024, 8, 21), "IRNGOV"),
    ("hakan-fidan", D(2023, 6, 4), "TURGOV"),
    ("mohammed-shia-al-sudani", D(2022, 10, 27), "IRQGOV"),
    ("mohammed-shia-al-sudani", D(2022, 10, 26), None),
    ("ahmed-al-sharaa", D(2024, 1, 1), "SYRREB"),
]


@pytest.mark.parametrize(("kb_id", "day", "code"), ROLES)
def test_dated_roles(kb, kb_id: str, day: dt.date, code: str | None) -> None:
    role = kb.get(kb_id).role_on(day)
    assert (role.full_code if role else None) == code


TITLES = [
    ("bassam-al-sabbagh", "foreign_minister", D(2024, 9, 23), D(2024, 12, 8)),
    ("abbas-araghchi", "foreign_minister", D(2024, 8, 21), None),
    ("hakan-fidan", "foreign_minister", D(2023, 6, 4), None),
    ("mohammed-shia-al-sudani", "prime_minister", D(2022, 10, 27), None),
    ("masoud-pezeshkian", "president", D(2024, 7, 28), None),
    ("bashar-al-assad", "president", D(2000, 7, 17), D(2024, 12, 8)),
    ("recep-tayyip-erdogan", "president", D(2014, 8, 28), None),
]


@pytest.mark.parametrize(("kb_id", "title", "start", "end"), TITLES)
def test_office_dates(kb, kb_id: str, title: str, start: dt.date, end: dt.date | None) -> None:
    roles = [r for r in kb.get(kb_id).roles if r.title == title]
    assert (roles[-1].start, roles[-1].end) == (start, end)


@pytest.mark.parametrize(
    "variant", ["Masoud Pezeshkian", "Masud Pezeshkian", "Massoud Pezeshkian", "Pezeshkian"]
)
def test_transliteration_variants(kb, variant: str) -> None:
    assert kb.lookup(variant)[0][0].kb_id == "masoud-pezeshkian"


@pytest.mark.parametrize(
    ("variant", "kb_id"),
    [
        ("Araqchi", "abbas-araghchi"),
        ("Erdoğan", "recep-tayyip-erdogan"),
        ("ERDOGAN", "recep-tayyip-erdogan"),
        ("Sabagh", "bassam-al-sabbagh"),
        ("al Sabbagh", "bassam-al-sabbagh"),
        ("Al Sudani", "mohammed-shia-al-sudani"),
    ],
)
def test_aliases_fold_accents_case_and_hyphens(kb, variant: str, kb_id: str) -> None:
    assert kb.lookup(variant)[0][0].kb_id == kb_id


def test_fold() -> None:
    assert fold("Erdoğan") == fold("erdogan") and fold("al-Sabbagh") == "al sabbagh"
    assert fold("Shia’") == "shia'"


def test_phoenix_base_layer_knows_leaders_up_to_2014(kb) -> None:
    entry = next(e for e, _ in kb.lookup("Nouri al-Maliki") if e.source == "phoenix")
    assert entry.role_on(D(2010, 1, 1)).full_code.startswith("IRQGOV")


def test_user_file_overrides_and_adds(tmp_path: Path) -> None:
    user = tmp_path / "my_kb.yaml"
    user.write_text(
        "people:\n"
        "- id: hakan-fidan\n  name: Hakan Fidan\n  aliases: [H. Fidan]\n  roles:\n"
        "  - {title: ambassador, country: TUR, sector: GOV, start: 2023-06-04}\n"
        "- id: jane-roe\n  name: Jane Roe\n  aliases: [Roe]\n  roles:\n"
        "  - {title: minister, country: CAN, sector: GOV, start: 2024-01-01}\n"
        "organisations:\n"
        "- {id: new-front, name: New Front, country: MLI, sector: REB, aliases: [NF]}\n",
        encoding="utf-8",
    )
    kb = build_kb([user])
    fidan = kb.get("hakan-fidan")
    assert fidan.source == "user" and [r.title for r in fidan.roles] == ["ambassador"]
    assert kb.lookup("H. Fidan")[0][0] is fidan
    assert kb.lookup("Jane Roe")[0][0].role_on(D(2024, 5, 1)).full_code == "CANGOV"
    assert kb.lookup("New Front")[0][0].code is None and kb.get("new-front").country == "MLI"
    assert load_kb().get("hakan-fidan").source == "kb"  # the packaged KB is untouched


def test_user_file_in_json(tmp_path: Path) -> None:
    user = tmp_path / "kb.json"
    user.write_text(
        json.dumps(
            {
                "organisations": [
                    {"id": "x-group", "name": "X Group", "country": "SYR", "sector": "REB"}
                ]
            }
        )
    )
    assert build_kb([user]).get("x-group").country == "SYR"


BAD = [
    ("people:\n- {name: No Id}\n", "needs 'id'"),
    ("people:\n- id: a\n  name: A\n  roles:\n  - {country: XXX, sector: GOV}\n", "XXX"),
    ("people:\n- id: a\n  name: A\n  roles:\n  - {country: IRN, sector: BOSS}\n", "BOSS"),
    (
        "people:\n- id: a\n  name: A\n  roles:\n  - {country: IRN, start: '2024-13-01'}\n",
        "bad date",
    ),
    (
        "people:\n- id: a\n  name: A\n  roles:\n  - {country: IRN, start: 2024-02-01, "
        "end: 2024-01-01}\n",
        "before it starts",
    ),
    ("actors: []\n", "unknown section"),
    ("people: [\n", "not valid"),
]


@pytest.mark.parametrize(("content", "message"), BAD)
def test_invalid_user_files_are_refused_with_a_reason(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidKnowledgeBase, match=message):
        build_kb([path])


def test_learned_actor_from_a_stored_row() -> None:
    kb = build_kb()
    kb.add_learned(
        {
            "kb_id": "learned:ann-lee",
            "name": "Ann Lee",
            "aliases": ["Lee"],
            "roles": [
                {
                    "title": "minister",
                    "country": "SGP",
                    "sector": "GOV",
                    "start": "2024-01-01",
                    "end": None,
                }
            ],
            "source": "learned",
        }
    )
    assert kb.lookup("Ann Lee")[0][0].role_on(D(2024, 3, 1)).full_code == "SGPGOV"
    kb.add_learned(entry_from_record({"kb_id": "IRN", "name": "Fake"}))
    assert kb.get("IRN").name == "Iran"  # a learned actor never replaces a KB entry


def test_curated_aliases_name_one_actor_each(kb) -> None:
    owners: dict[str, set[str]] = {}
    for entry in kb.entries.values():
        if entry.source == "kb" and entry.kind in ("person", "organisation"):
            for alias in entry.aliases:
                owners.setdefault(fold(alias), set()).add(entry.kb_id)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}
    country_forms = {fold(a) for e in kb.countries() for a in e.aliases}
    assert sorted(k for k in owners if k in country_forms) == []


def test_curated_roles_do_not_overlap_for_one_office(kb) -> None:
    for entry in kb.entries.values():
        if entry.source != "kb" or entry.kind != "person":
            continue
        roles = sorted((r for r in entry.roles if r.start), key=lambda r: r.start)
        for a, b in zip(roles, roles[1:], strict=False):
            assert a.end is not None and a.end <= b.start or a.title != b.title, entry.kb_id


@pytest.mark.parametrize(
    ("country", "title", "day", "kb_id"),
    [
        ("GBR", "prime_minister", D(2023, 3, 1), "rishi-sunak"),
        ("GBR", "prime_minister", D(2024, 8, 1), "keir-starmer"),
        ("FRA", "prime_minister", D(2025, 1, 10), "francois-bayrou"),
        ("USA", "president", D(2024, 6, 1), "joe-biden"),
        ("USA", "president", D(2025, 6, 1), "donald-trump"),
        ("USA", "foreign_minister", D(2025, 6, 1), "marco-rubio"),
        ("ISR", "defense_minister", D(2024, 12, 1), "israel-katz"),
        ("LBN", "president", D(2025, 3, 1), "joseph-aoun"),
        ("LBN", "president", D(2024, 3, 1), None),
        ("KWT", "emir", D(2024, 3, 1), "mishal-al-ahmad-al-sabah"),
        ("SYR", "president", D(2024, 12, 20), None),
        ("IRQ", "prime_minister", D(2021, 1, 1), "mustafa-al-kadhimi"),
    ],
)
def test_office_holder_on_a_date(kb, country, title, day, kb_id) -> None:
    holder = kb.role_holder(country, title, day)
    assert (holder.kb_id if holder else None) == kb_id


def test_every_role_title_has_a_sector_entry(kb) -> None:
    from eventwire.analyze.actors.lexicon import load_lexicon

    known = load_lexicon("en").title_sectors
    titles = {r.title for e in kb.entries.values() if e.source == "kb" for r in e.roles}
    assert sorted(t for t in titles if t not in known) == []


def test_user_country_names_reach_the_gazetteer(tmp_path: Path) -> None:
    from eventwire.analyze.actors.resolve import resolve_actors
    from eventwire.analyze.nlp import get_nlp
    from eventwire.models import Article

    user = tmp_path / "names.yaml"
    user.write_text(
        "countries:\n  ISR:\n    alternative:\n      en: {usurping entity: null}\n"
        "people:\n- id: zed-ink\n  name: Zed Ink\n  aliases: [Zed Ink]\n  roles:\n"
        "  - {title: envoy, country: NOR, sector: GOV}\n",
        encoding="utf-8",
    )
    kb = load_kb([user])
    assert kb.lookup("usurping entity")[0][0].kb_id == "ISR"
    assert kb.lookup("Israel")[0][0].kb_id == "ISR"  # packaged names are kept
    text = "Zed Ink said the usurping entity had refused."
    article = Article(id="u", source="u", raw_text=text, text=text, content_hash="", language="en")
    actors = resolve_actors(get_nlp("en", kb_files=[str(user)])(text), article, kb)
    assert [(m.text, m.actor.code) for m in actors.mentions] == [
        ("Zed Ink", "NORGOV"),
        ("usurping entity", "ISR"),
    ]


# Context cues every language needs (indefinite phrases, "selon lui"); pro-drop only in es.
CUE_LISTS = ["indefinite_determiners", "partitive_heads", "attribution_preps"]


@pytest.mark.parametrize(("lang", "pro_drop"), [("en", False), ("es", True), ("fr", False)])
def test_lexicon_context_cues(lang: str, pro_drop: bool) -> None:
    from eventwire.analyze.actors.lexicon import load_lexicon

    lex = load_lexicon(lang)
    assert all(lex.words(key) for key in CUE_LISTS + ["attributed_pronouns"])
    assert bool(lex.anaphora.get("pro_drop")) is pro_drop
