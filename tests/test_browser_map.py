"""The map in real Chromium: fitted, zoomable, labels that never overlap, cities and countries
drawn apart, colour by mean score, and a month slider over the places' monthly counts.

The coded samples plus two country-level places (an undated event of each sample becomes an
event in Syria and in Iran, as analysis locates a country: at its capital), so both levels
and three months are on the map.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import select, update

from eventwire.api import create_app
from eventwire.settings import Settings
from eventwire.store.schema import events
from test_browser import serving, visit
from test_query_samples import sample_engine

pytest_plugins = ("test_browser",)  # the browser and page fixtures
pytestmark = pytest.mark.browser

COUNTRIES = [  # (name, alpha-3, lat, lon, day)
    ("Syria", "SYR", 33.5102, 36.2913, dt.date(2024, 10, 5)),
    ("Iran", "IRN", 35.6944, 51.4215, dt.date(2024, 11, 21)),
]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    engine = sample_engine(tmp_path_factory.mktemp("map") / "samples.db")
    with engine.begin() as conn:
        unlocated = conn.execute(
            select(events.c.id).where(events.c.location_name.is_(None),
                                      events.c.negated.is_(False)).order_by(events.c.id)
        ).scalars().all()
        for event_id, (name, country, lat, lon, day) in zip(unlocated, COUNTRIES, strict=False):
            conn.execute(update(events).where(events.c.id == event_id).values(
                location={"name": name, "country": country, "lat": lat, "lon": lon},
                location_name=name, location_country=country, lat=lat, lon=lon, date=day))
    with serving(create_app(Settings(), db=engine)) as url:
        yield url
    engine.dispose()


def _circles(page) -> list[dict]:  # noqa: ANN001 - a playwright Page
    """Every drawn place symbol in SVG user units, with its class, level and colour."""
    return page.locator(".map a.place").evaluate_all("""as => as.map(a => {
        const c = a.querySelector('circle');
        return {name: a.dataset.place, cls: a.getAttribute('class'), level: a.dataset.level,
                score: a.dataset.score, shown: a.getAttribute('display') !== 'none',
                x: +c.getAttribute('cx'), y: +c.getAttribute('cy'), r: +c.getAttribute('r'),
                fill: c.getAttribute('fill'), stroke: c.getAttribute('stroke')};
    })""")


def _view(page) -> tuple[float, float]:  # noqa: ANN001
    box = page.locator(".map svg.world").get_attribute("viewBox").split()
    return float(box[2]), float(box[3])


def _label_boxes(page) -> list[dict]:  # noqa: ANN001
    return page.locator(".map text.label").evaluate_all("""ts => ts
        .filter(t => t.getAttribute('display') !== 'none'
                     && t.closest('a').getAttribute('display') !== 'none')
        .map(t => { const b = t.getBoundingClientRect();
                    return {name: t.textContent, x: b.x, y: b.y, w: b.width, h: b.height}; })""")


def _overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    return [(a["name"], b["name"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
            and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]]


def test_map_fits_every_place(page, base_url):
    visit(page, base_url, "/map", "map-fitted")
    width, height = _view(page)
    circles = _circles(page)
    assert {c["name"] for c in circles} == {"Cairo", "Ankara", "Damascus", "Aleppo", "Tehran",
                                            "Syria", "Iran"}
    for c in circles:
        assert c["r"] < c["x"] < width - c["r"] and c["r"] < c["y"] < height - c["r"], c
    assert page.locator(".map svg.map-legend .swatch").count() == 5


def test_map_zoom_buttons_change_the_view_and_keep_symbol_sizes(page, base_url):
    visit(page, base_url, "/map", "map")
    land = page.locator(".map g.land")
    before, radii = land.get_attribute("transform"), [c["r"] for c in _circles(page)]
    page.get_by_role("button", name="Zoom in").click()
    page.wait_for_function(
        "t => document.querySelector('.map g.land').getAttribute('transform') !== t", arg=before)
    page.wait_for_timeout(400)  # the transition
    assert land.get_attribute("transform") != before
    assert [c["r"] for c in _circles(page)] == radii  # symbols keep their size
    assert _overlapping(_label_boxes(page)) == []  # labels recomputed after the zoom
    page.get_by_role("button", name="Zoom out").focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Reset the view to the event places").click()
    page.wait_for_timeout(400)
    assert land.get_attribute("transform") == before
    page.locator(".map svg.world").focus()
    for _ in range(6):  # the keyboard zooms out to the whole world (scale 1, no further)
        page.keyboard.press("-")
        page.wait_for_timeout(300)  # each step's transition
    assert land.get_attribute("transform") == "translate(0,0) scale(1)"
    page.screenshot(path=str(__import__("test_browser").ARTIFACTS / "map-world.png"))
    assert page.problems == []  # type: ignore[attr-defined]


def test_map_labels_do_not_overlap(page, base_url):
    visit(page, base_url, "/map", "map-labels")
    boxes = _label_boxes(page)
    assert len(boxes) >= 3 and _overlapping(boxes) == []
    hidden = page.locator(".map text.label.hidden").evaluate_all("ts => ts.map(t => t.textContent)")
    for name in hidden:  # a hidden label still names its place in the symbol's tooltip
        assert name in page.locator(f".map [data-place='{name}'] > title").text_content()


def test_map_draws_countries_and_cities_apart_coloured_by_score(page, base_url):
    visit(page, base_url, "/map", "map-levels")
    by_name = {c["name"]: c for c in _circles(page)}
    assert "country" in by_name["Syria"]["cls"].split() and by_name["Syria"]["fill"] == "none"
    assert "city" in by_name["Damascus"]["cls"].split() and by_name["Damascus"]["fill"] != "none"
    assert page.locator(".map path.country.shaded").count() == 2  # Syria's and Iran's outlines
    # Aleppo's mean score is -9 (red), Damascus's +4 (green)
    red, green = (by_name[n]["fill"] for n in ("Aleppo", "Damascus"))
    assert red != green
    assert _rgb(red)[0] > _rgb(red)[1] and _rgb(green)[1] > _rgb(green)[0]


def _rgb(color: str) -> tuple[int, ...]:
    return tuple(int(v) for v in color.removeprefix("rgb(").removesuffix(")").split(","))


def test_map_month_slider_and_play(page, base_url):
    visit(page, base_url, "/map", "map-all")
    shown = lambda: sum(c["shown"] for c in _circles(page))  # noqa: E731
    assert shown() == 7 and page.locator("output[data-map-shown]").inner_text() == "all"
    slider = page.locator("input[data-map-period]")
    assert slider.get_attribute("max") == "3"  # 2024-10, 2024-11, 2024-12
    slider.focus()
    page.keyboard.press("ArrowRight")
    assert page.locator("output[data-map-shown]").inner_text() == "2024-10"
    assert [c["name"] for c in _circles(page) if c["shown"]] == ["Syria"]
    page.keyboard.press("ArrowRight")
    assert page.locator("output[data-map-shown]").inner_text() == "2024-11"
    assert {c["name"] for c in _circles(page) if c["shown"]} == {"Tehran", "Iran"}
    page.screenshot(path=str(__import__("test_browser").ARTIFACTS / "map-2024-11.png"))
    assert _overlapping(_label_boxes(page)) == []
    page.get_by_role("button", name="Play").click()
    page.wait_for_function(
        "() => document.querySelector('output[data-map-shown]').value === '2024-12'", timeout=5000)
    assert [c["name"] for c in _circles(page) if c["shown"]] == ["Cairo"]
    assert page.problems == []  # type: ignore[attr-defined]
