"""Country-set recall/precision of the resolver on the PLOVER gold-standard sentences.

Floors only go up (measured 2026-11: actors only P 0.825 R 0.940 F1 0.879; with places
P 0.818 R 0.980 F1 0.892).
"""

from __future__ import annotations

import pytest

from eventwire.analyze.actors.benchmark import cameo_codes, gold_countries, score_plover_countries
from paths import GSR


@pytest.mark.parametrize(
    ("places", "precision", "recall", "f1"),
    [
        (False, 0.81, 0.93, 0.87),
        (True, 0.80, 0.97, 0.88),
    ],
)
def test_country_sets_meet_the_floor(
    places: bool, precision: float, recall: float, f1: float
) -> None:
    score = score_plover_countries(GSR, places=places)
    assert score["records"] == 322
    assert score["precision"] >= precision and score["recall"] >= recall and score["f1"] >= f1


def test_old_cameo_codes_map_to_iso() -> None:
    record = {"source": [{"code": "JAP"}], "target": [{"code": "IGO"}, {"code": "ITL"}]}
    assert gold_countries(record, {"JPN", "ITA"}) == {"JPN", "ITA"}
    assert cameo_codes()["VTN"] == "VNM"
