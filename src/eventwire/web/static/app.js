// eventwire web UI charts. Data comes from the page's <script type="application/json"
// id="page-data"> block (the same data as ?format=json); every element with data-chart="kind"
// and data-key="field" gets a chart. Only SVG attributes are set (no inline styles: strict CSP).
(function () {
  "use strict";

  const COOP = "#2e8b57", CONF = "#c0392b", NEUTRAL = "#8a94a6", BAR = "#4a7bd0";

  function pageData() {
    const node = document.getElementById("page-data");
    return node ? JSON.parse(node.textContent) : {};
  }

  function pick(data, key) {
    // "events.items" style paths
    return key.split(".").reduce((v, k) => (v == null ? v : v[k]), data);
  }

  // What a chart shows, for screen readers: its section's heading, or a sentence by kind.
  const KINDS = { bars: "Bar chart", scores: "Cooperation (above zero) and conflict (below) chart",
                  network: "Network of counterparts, each a link to its page",
                  map: "Map of the places with events, each a link to its events" };

  function chartLabel(el) {
    const section = el.closest("section");
    const heading = section && section.querySelector("h2, h3");
    const kind = KINDS[el.dataset.chart] || "Chart";
    return heading ? `${kind}: ${heading.textContent.trim()}` : kind;
  }

  function frame(el, height, margin) {
    // Never wider than its box (at least 280 px: a phone's column), so charts fit small screens.
    const width = Math.max(el.clientWidth || 600, 280);
    // A picture (role img) unless it holds links (network, map): then a labelled group, so the
    // links stay reachable and an img does not nest interactive content.
    const svg = d3.select(el).append("svg")
      .attr("viewBox", `0 0 ${width} ${height}`)
      .attr("role", el.dataset.chart === "network" || el.dataset.chart === "map" ? "group" : "img")
      .attr("aria-label", chartLabel(el));
    return { svg, width, height, inner: { w: width - margin.l - margin.r, h: height - margin.t - margin.b },
             g: svg.append("g").attr("transform", `translate(${margin.l},${margin.t})`) };
  }

  function empty(el, text) {
    d3.select(el).append("p").attr("class", "empty").text(text);
  }

  function scoreColor(s) {
    if (s == null) return NEUTRAL;
    return s > 0 ? COOP : s < 0 ? CONF : NEUTRAL;
  }

  // Periods ("2024-11-04") on a true time axis: each bar spans its day, ISO week or month,
  // so gaps between dates stay gaps. The interval comes from data-interval (default day).
  function timeScale(el, items, width) {
    const steps = { day: d3.utcDay, week: d3.utcMonday, month: d3.utcMonth };
    const step = steps[el.dataset.interval || "day"] || d3.utcDay;
    const days = items.map((d) => new Date(d.period + "T00:00:00Z"));
    const xs = d3.scaleUtc().domain([d3.min(days), step.offset(d3.max(days), 1)]).range([0, width]);
    const at = (d) => new Date(d.period + "T00:00:00Z");
    const span = (d) => Math.max(1, xs(step.offset(at(d), 1)) - xs(at(d)) - 1);
    return { xs, at, span };
  }

  function timeAxis(f, t) {
    f.g.append("g").attr("class", "axis time").attr("transform", `translate(0,${f.inner.h})`)
      .call(d3.axisBottom(t.xs).ticks(Math.max(2, Math.floor(f.inner.w / 90))))
      .selectAll("text").attr("transform", "rotate(-35)").attr("text-anchor", "end");
  }

  function timeBars(el, items) {
    const y = el.dataset.y;
    const m = { t: 10, r: 10, b: 48, l: 36 };
    const f = frame(el, 220, m);
    const t = timeScale(el, items, f.inner.w);
    const top = d3.max(items, (d) => d[y]) || 1;
    const ys = d3.scaleLinear().domain([0, top]).nice().range([f.inner.h, 0]);
    timeAxis(f, t);
    f.g.append("g").call(d3.axisLeft(ys).ticks(Math.min(4, top)).tickFormat(d3.format("d")));
    f.g.selectAll("rect.bar").data(items).join("rect").attr("class", "bar")
      .attr("data-period", (d) => d.period)
      .attr("x", (d) => t.xs(t.at(d))).attr("width", t.span)
      .attr("y", (d) => ys(d[y])).attr("height", (d) => f.inner.h - ys(d[y])).attr("fill", BAR)
      .append("title").text((d) => `${d.period}: ${d[y]}`);
  }

  function bars(el, items) {
    const x = el.dataset.x, y = el.dataset.y;
    if (!items || !items.length) return empty(el, "No data.");
    if (x === "period") return timeBars(el, items);
    const m = { t: 10, r: 10, b: 48, l: 36 };
    const f = frame(el, 220, m);
    const xs = d3.scaleBand().domain(items.map((d) => d[x])).range([0, f.inner.w]).padding(0.2);
    const ys = d3.scaleLinear().domain([0, d3.max(items, (d) => d[y]) || 1]).nice().range([f.inner.h, 0]);
    f.g.append("g").attr("transform", `translate(0,${f.inner.h})`).call(d3.axisBottom(xs))
      .selectAll("text").attr("transform", "rotate(-35)").attr("text-anchor", "end");
    const top = d3.max(items, (d) => d[y]) || 1;
    f.g.append("g").call(d3.axisLeft(ys).ticks(Math.min(4, top)).tickFormat(d3.format("d")));
    f.g.selectAll("rect.bar").data(items).join("rect").attr("class", "bar")
      .attr("x", (d) => xs(d[x])).attr("width", xs.bandwidth())
      .attr("y", (d) => ys(d[y])).attr("height", (d) => f.inner.h - ys(d[y])).attr("fill", BAR)
      .append("title").text((d) => `${d[x]}: ${d[y]}`);
  }

  function scores(el, items) {
    const rows = (items || []).filter((d) => d.mean_score != null);
    if (!rows.length) return empty(el, "No scored events.");
    const m = { t: 10, r: 10, b: 48, l: 36 };
    const f = frame(el, 220, m);
    const t = timeScale(el, rows, f.inner.w);
    const lim = Math.max(1, d3.max(rows, (d) => Math.abs(d.mean_score)));
    const ys = d3.scaleLinear().domain([-lim, lim]).nice().range([f.inner.h, 0]);
    timeAxis(f, t);
    f.g.append("g").call(d3.axisLeft(ys).ticks(5));
    f.g.append("line").attr("x1", 0).attr("x2", f.inner.w).attr("y1", ys(0)).attr("y2", ys(0))
      .attr("stroke", "#999");
    f.g.selectAll("rect.score").data(rows).join("rect").attr("class", "score")
      .attr("data-period", (d) => d.period)
      .attr("x", (d) => t.xs(t.at(d))).attr("width", t.span)
      .attr("y", (d) => ys(Math.max(0, d.mean_score)))
      .attr("height", (d) => Math.abs(ys(d.mean_score) - ys(0)))
      .attr("fill", (d) => scoreColor(d.mean_score))
      .append("title")
      .text((d) => `${d.period}: mean ${d.mean_score} over ${d.events} events ` +
                   `(${d.cooperative} cooperative, ${d.conflictual} conflictual)`);
  }

  function network(el, net) {
    if (!net || !net.links || !net.links.length) return empty(el, "No counterparts.");
    const f = frame(el, 360, { t: 0, r: 0, b: 0, l: 0 });
    const nodes = net.nodes.map((d) => Object.assign({}, d));
    const links = net.links.map((d) => Object.assign({}, d));
    const sim = d3.forceSimulation(nodes)
      .force("link", d3.forceLink(links).id((d) => d.id).distance(110))
      .force("charge", d3.forceManyBody().strength(-380))
      .force("center", d3.forceCenter(f.width / 2, f.height / 2))
      .force("collide", d3.forceCollide(34))
      .stop();
    // a fixed number of ticks: the same layout on every load, no animation needed
    for (let i = 0; i < 300; i += 1) sim.tick();
    nodes.forEach((d) => {
      d.x = Math.max(40, Math.min(f.width - 40, d.x));
      d.y = Math.max(20, Math.min(f.height - 20, d.y));
    });
    const maxN = d3.max(links, (d) => d.events) || 1;
    f.svg.append("defs").append("marker").attr("id", "arrow").attr("viewBox", "0 -4 8 8")
      .attr("refX", 20).attr("markerWidth", 8).attr("markerHeight", 8).attr("orient", "auto")
      .attr("markerUnits", "userSpaceOnUse")
      .append("path").attr("d", "M0,-4L8,0L0,4").attr("fill", "#888");
    f.svg.append("g").selectAll("line").data(links).join("line")
      .attr("x1", (d) => d.source.x).attr("y1", (d) => d.source.y)
      .attr("x2", (d) => d.target.x).attr("y2", (d) => d.target.y)
      .attr("stroke", (d) => scoreColor(d.mean_score)).attr("stroke-opacity", 0.7)
      .attr("stroke-width", (d) => 1.5 + 4 * d.events / maxN).attr("marker-end", "url(#arrow)")
      .append("title").text((d) => `${d.source.name} → ${d.target.name}: ${d.events} events, mean score ${d.mean_score}`);
    const node = f.svg.append("g").selectAll("g").data(nodes).join("a")
      .attr("href", (d) => "/actors/" + encodeURIComponent(d.id))
      .attr("data-node", (d) => d.id);
    node.append("circle").attr("cx", (d) => d.x).attr("cy", (d) => d.y)
      .attr("r", (d) => (d.center ? 12 : 8))
      .attr("fill", (d) => (d.center ? "#1f5fbf" : "#9db8e6")).attr("stroke", "#fff");
    node.append("text").attr("class", "label").attr("x", (d) => d.x + 13).attr("y", (d) => d.y + 4)
      .text((d) => d.name);
  }

  // ---- the map: a fitted world, zoom and pan, symbols by level, colour by score, size by
  // count, labels that never overlap, and a month slider over the places' monthly counts.

  const SCORE_LIM = 10;  // PLOVER/Goldstein scores run from -10 (conflict) to +10 (cooperation)
  const mapColor = d3.scaleDiverging([-SCORE_LIM, 0, SCORE_LIM],
                                     d3.interpolateRgbBasis([CONF, "#b8bec9", COOP])).clamp(true);
  const placeColor = (p) => (p.mean_score == null ? NEUTRAL : mapColor(p.mean_score));

  // Land without Antarctica: what the projection is fitted to (with a margin, so no coast
  // touches the edge and nothing, Alaska included, is cut off).
  function mapLand(world) {
    const land = topojson.feature(world, world.objects.countries);
    const shown = land.features.filter((d) => d.properties.name !== "Antarctica");
    return { all: land.features, fit: { type: "FeatureCollection", features: shown } };
  }

  // The zoom that frames the located places (a margin of 40px, at most 8x), else the world.
  function placesView(located, projection, width, height) {
    if (!located.length) return d3.zoomIdentity;
    const xy = located.map((p) => projection([p.lon, p.lat]));
    const [x0, x1] = d3.extent(xy, (d) => d[0]), [y0, y1] = d3.extent(xy, (d) => d[1]);
    const pad = 40;
    const k = Math.max(1, Math.min(8, (width - 2 * pad) / Math.max(x1 - x0, 1),
                                   (height - 2 * pad) / Math.max(y1 - y0, 1)));
    return d3.zoomIdentity.translate(width / 2 - k * (x0 + x1) / 2, height / 2 - k * (y0 + y1) / 2)
      .scale(k);
  }

  // Greedy label placement, busiest place first: a label goes right, left, above or below its
  // symbol, in the first spot whose box overlaps no placed label and stays inside the map;
  // otherwise it is hidden (the symbol's <title> still names the place). Symbols count as
  // placed from the start: no label covers a place.
  function placeLabels(pins, width, height) {
    const placed = [];
    pins.filter((p) => p.shown).each((p) => {
      placed.push({ x: p.x - p.r, y: p.y - p.r, width: 2 * p.r, height: 2 * p.r });
    });
    const overlaps = (b) => placed.some((o) => b.x < o.x + o.width && o.x < b.x + b.width &&
                                               b.y < o.y + o.height && o.y < b.y + b.height);
    pins.filter((p) => p.shown).sort((a, b) => b.count - a.count).each(function (p) {
      const text = d3.select(this).select("text.label").attr("display", null);
      const r = p.r + 3;
      const spots = [[p.x + r, p.y + 4, "start"], [p.x - r, p.y + 4, "end"],
                     [p.x, p.y - r - 5, "middle"], [p.x, p.y + r + 12, "middle"]];
      const ok = spots.some(([x, y, anchor]) => {
        text.attr("x", x).attr("y", y).attr("text-anchor", anchor);
        const b = this.querySelector("text.label").getBBox();
        if (b.x < 0 || b.y < 0 || b.x + b.width > width || b.y + b.height > height || overlaps(b)) {
          return false;
        }
        placed.push(b);
        return true;
      });
      text.attr("display", ok ? null : "none").classed("hidden", !ok);
    });
    pins.filter((p) => !p.shown).select("text.label").attr("display", "none").classed("hidden", true);
  }

  // The legend sits below the map (its own SVG), so it never hides a place.
  function mapLegend(el, size, maxN) {
    const g = d3.select(el).append("svg").attr("class", "map-legend").attr("role", "img")
      .attr("aria-label", "Legend: colour is the mean score, area the number of events")
      .attr("viewBox", "0 0 520 104").attr("width", 520).attr("height", 104)
      .append("g").attr("transform", "translate(0,0)");
    g.append("text").attr("x", 8).attr("y", 16).text("Mean score: conflict … cooperation");
    [-10, -5, 0, 5, 10].forEach((s, i) => {
      g.append("rect").attr("class", "swatch").attr("x", 8 + i * 34).attr("y", 22)
        .attr("width", 30).attr("height", 10).attr("fill", mapColor(s));
      g.append("text").attr("x", 23 + i * 34).attr("y", 44).attr("text-anchor", "middle")
        .text(s > 0 ? `+${s}` : s);
    });
    const counts = [...new Set([1, Math.round(maxN / 4), maxN].filter((n) => n >= 1))];
    g.append("text").attr("x", 8).attr("y", 62).text("Events");
    let x = 56;
    counts.forEach((n) => {
      const r = size(n);
      g.append("circle").attr("cx", x + r).attr("cy", 82).attr("r", r)
        .attr("fill", "none").attr("stroke", "#666");
      g.append("text").attr("x", x + 2 * r + 3).attr("y", 86).text(n);
      x += 2 * r + 30;
    });
    g.append("circle").attr("cx", 300).attr("cy", 20).attr("r", 5).attr("fill", "#666");
    g.append("text").attr("x", 310).attr("y", 24).text("city (filled dot)");
    g.append("circle").attr("cx", 300).attr("cy", 42).attr("r", 5).attr("fill", "none")
      .attr("stroke", "#666").attr("stroke-width", 2);
    g.append("text").attr("x", 310).attr("y", 46).text("whole country (ring, outline shaded)");
  }

  // The month slider: 0 = all events, 1..n = one month; play steps through the months.
  function timeControls(box, months, show) {
    const slider = box.querySelector("input[data-map-period]");
    const out = box.querySelector("output[data-map-shown]");
    const play = box.querySelector("button[data-map-play]");
    if (!slider) return;
    const period = () => (+slider.value === 0 ? null : months[+slider.value - 1]);
    const update = () => {
      const p = period();
      out.value = p || "all";
      slider.setAttribute("aria-valuetext", p || "all months");
      show(p);
    };
    slider.max = String(months.length);
    slider.disabled = !months.length;
    if (play) play.disabled = !months.length;
    slider.addEventListener("input", update);
    let timer = null;
    const stop = () => {
      if (timer) clearInterval(timer);
      timer = null;
      if (play) { play.textContent = "Play"; play.setAttribute("aria-pressed", "false"); }
    };
    if (play) play.addEventListener("click", () => {
      if (timer) return stop();
      play.textContent = "Pause";
      play.setAttribute("aria-pressed", "true");
      if (+slider.value >= months.length) slider.value = "0";
      timer = setInterval(() => {
        slider.value = String(+slider.value + 1);
        update();
        if (+slider.value >= months.length) stop();
      }, 900);
    });
    update();
  }

  function zoomControls(box, svg, zoom, home) {
    const act = {
      in: () => svg.transition().duration(250).call(zoom.scaleBy, 1.6),
      out: () => svg.transition().duration(250).call(zoom.scaleBy, 1 / 1.6),
      reset: () => svg.transition().duration(250).call(zoom.transform, home),
    };
    box.querySelectorAll("button[data-map-zoom]").forEach((b) => {
      b.addEventListener("click", () => act[b.dataset.mapZoom]());
    });
    // the map itself takes the keyboard too: + and - zoom, 0 resets, arrows pan
    const pans = { ArrowLeft: [60, 0], ArrowRight: [-60, 0], ArrowUp: [0, 60], ArrowDown: [0, -60] };
    svg.attr("tabindex", 0).on("keydown", (ev) => {
      if (ev.key === "+" || ev.key === "=") act.in();
      else if (ev.key === "-") act.out();
      else if (ev.key === "0") act.reset();
      else if (pans[ev.key]) svg.call(zoom.translateBy, pans[ev.key][0] / d3.zoomTransform(svg.node()).k,
                                      pans[ev.key][1] / d3.zoomTransform(svg.node()).k);
      else return;
      ev.preventDefault();
    });
  }

  // A country's largest polygon (France without French Guiana, the US without Alaska).
  function mainPart(feature) {
    const g = feature.geometry;
    if (g.type !== "MultiPolygon") return feature;
    const parts = g.coordinates.map((c) => ({ type: "Polygon", coordinates: c }));
    return parts.reduce((a, b) => (d3.geoArea(b) > d3.geoArea(a) ? b : a));
  }

  function drawMap(el, world, places) {
    const f = frame(el, 480, { t: 0, r: 0, b: 0, l: 0 });
    f.svg.attr("class", "world").attr("aria-label", "Map of event places; + and - zoom, arrows pan, 0 resets");
    const land = mapLand(world);
    const projection = d3.geoNaturalEarth1().fitExtent([[12, 12], [f.width - 12, f.height - 12]], land.fit);
    const path = d3.geoPath(projection);
    const located = (places || []).filter((p) => p.lat != null && p.lon != null);
    f.svg.append("rect").attr("class", "ocean").attr("width", f.width).attr("height", f.height)
      .attr("fill", "#eef5fb");
    const base = f.svg.append("g").attr("class", "land");
    // a country-level place shades its country: the outline that holds its point
    const countries = located.filter((p) => p.level === "country");
    const shadeOf = new Map(land.all.map((d) => [d, countries.find((p) => d3.geoContains(d, [p.lon, p.lat]))]));
    const shaded = (d) => shadeOf.get(d);
    base.selectAll("path").data(land.all).join("path")
      .attr("d", path).attr("class", (d) => (shaded(d) ? "country shaded" : "country"))
      .attr("fill", (d) => (shaded(d) ? placeColor(shaded(d)) : "#dfe4ea"))
      .attr("fill-opacity", (d) => (shaded(d) ? 0.35 : 1))
      .attr("stroke", "#fff").attr("stroke-width", 0.5).attr("vector-effect", "non-scaling-stroke")
      .append("title").text((d) => d.properties.name);
    const maxN = d3.max(located, (p) => p.events) || 1;
    // area by count; a floor of 20 events for the largest symbol, so a handful of single
    // events are small dots, not big discs
    const size = d3.scaleSqrt().domain([0, Math.max(maxN, 20)]).range([0, 18]);
    const radius = (n) => Math.max(3.5, size(n));
    // a country stands at the middle of its outline (analysis puts it at its capital, which
    // would sit on the capital city's dot)
    const middle = new Map([...shadeOf].filter(([, p]) => p).map(([d, p]) => [p, mainPart(d)]));
    located.forEach((p) => {
      [p.px, p.py] = projection(middle.has(p) ? d3.geoCentroid(middle.get(p)) : [p.lon, p.lat]);
      p.shown = true;
      p.count = p.events;
    });
    const pins = f.svg.append("g").attr("class", "places").selectAll("a")
      .data(located.slice().sort((a, b) => b.events - a.events)).join("a")
      .attr("href", (p) => "/events?place=" + encodeURIComponent(p.name))
      .attr("data-place", (p) => p.name).attr("data-level", (p) => p.level)
      .attr("data-score", (p) => (p.mean_score == null ? "" : p.mean_score))
      .attr("class", (p) => `place ${p.level === "country" ? "country" : "city"}`);
    pins.append("circle").attr("fill", (p) => (p.level === "country" ? "none" : placeColor(p)))
      .attr("fill-opacity", 0.85)
      .attr("stroke", (p) => (p.level === "country" ? placeColor(p) : "#fff"))
      .attr("stroke-width", (p) => (p.level === "country" ? 3 : 1));
    pins.append("text").attr("class", "label").text((p) => p.name);
    const title = pins.append("title");
    const caption = (p, period) => {
      const score = p.mean_score == null ? "no score" : `mean score ${p.mean_score}`;
      const when = period ? `${p.count} events in ${period}` : `${p.events} events`;
      return `${p.name} (${p.level}, ${p.country || "?"}): ${when}; ${score}`;
    };
    mapLegend(el, radius, maxN);
    let t = d3.zoomIdentity;
    const layout = () => {
      pins.each((p) => { [p.x, p.y] = t.apply([p.px, p.py]); p.r = radius(p.count); });
      pins.attr("display", (p) => (p.shown ? null : "none"));
      pins.select("circle").attr("cx", (p) => p.x).attr("cy", (p) => p.y).attr("r", (p) => p.r);
      placeLabels(pins, f.width, f.height);
    };
    const zoom = d3.zoom().scaleExtent([1, 40])
      .translateExtent([[0, 0], [f.width, f.height]]).extent([[0, 0], [f.width, f.height]])
      .on("zoom", (ev) => {
        t = ev.transform;
        base.attr("transform", t);
        layout();
      });
    f.svg.call(zoom);
    const home = placesView(located, projection, f.width, f.height);
    f.svg.call(zoom.transform, home);
    const box = el.closest(".map-figure") || el;
    zoomControls(box, f.svg, zoom, home);
    const months = [...new Set(located.flatMap((p) => Object.keys(p.periods || {})))].sort();
    timeControls(box, months, (period) => {
      located.forEach((p) => {
        p.count = period ? (p.periods || {})[period] || 0 : p.events;
        p.shown = p.count > 0;
      });
      title.text((p) => caption(p, period));
      el.setAttribute("data-shown", String(located.filter((p) => p.shown).length));
      layout();
    });
  }

  function worldMap(el, places) {
    d3.json(el.dataset.world).then((world) => {
      drawMap(el, world, places);
      el.setAttribute("data-ready", "true");
    }).catch((err) => {
      empty(el, "The map could not be drawn: " + err);
      el.setAttribute("data-ready", "error");
    });
  }

  const CHARTS = { bars, scores, network, map: worldMap };

  // range inputs show their value in the <output> they name (no inline handlers: strict CSP)
  function rangeOutputs() {
    document.querySelectorAll("input[type=range][data-shows]").forEach((input) => {
      const out = document.getElementById(input.dataset.shows);
      if (out) input.addEventListener("input", () => { out.value = input.value; });
    });
  }

  // the review form posts JSON with the write token (Authorization header), then reloads
  function reviewForms() {
    document.querySelectorAll("form[data-review]").forEach((form) => {
      form.addEventListener("submit", (ev) => {
        ev.preventDefault();
        const data = new FormData(form);
        const body = {};
        for (const [k, v] of data.entries()) if (k !== "token" && v) body[k] = v;
        const status = form.querySelector(".review-status");
        fetch(form.dataset.review, {
          method: "POST",
          headers: { "Content-Type": "application/json", Authorization: "Bearer " + data.get("token") },
          body: JSON.stringify(body),
        }).then((r) => r.json().then((j) => {
          if (r.ok) { window.location.reload(); return; }
          status.value = (j.error && j.error.message) || "failed";
        })).catch((err) => { status.value = String(err); });
      });
    });
  }

  function init() {
    rangeOutputs();
    reviewForms();
    const data = pageData();
    document.querySelectorAll("[data-chart]").forEach((el) => {
      const draw = CHARTS[el.dataset.chart];
      if (!draw || typeof d3 === "undefined") return;
      try {
        draw(el, pick(data, el.dataset.key));
        if (el.dataset.chart !== "map") el.setAttribute("data-ready", "true");
      } catch (err) {
        empty(el, "Chart failed: " + err.message);
        el.setAttribute("data-ready", "error");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", init);
})();
