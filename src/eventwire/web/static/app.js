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

  // The region around the events (with a margin in degrees), so nearby places stay apart;
  // the whole world when there is nothing to show.
  function focus(located) {
    if (!located.length) return null;
    const lons = located.map((p) => p.lon), lats = located.map((p) => p.lat);
    const pad = 12;
    const w = Math.max(-180, d3.min(lons) - pad), e = Math.min(180, d3.max(lons) + pad);
    const s = Math.max(-85, d3.min(lats) - pad), n = Math.min(85, d3.max(lats) + pad);
    return { type: "MultiPoint", coordinates: [[w, s], [e, n], [w, n], [e, s]] };
  }

  function worldMap(el, places) {
    const f = frame(el, 460, { t: 0, r: 0, b: 0, l: 0 });
    const projection = d3.geoNaturalEarth1();
    const path = d3.geoPath(projection);
    d3.json(el.dataset.world).then((world) => {
      const land = topojson.feature(world, world.objects.countries);
      const located = (places || []).filter((p) => p.lat != null && p.lon != null);
      projection.fitSize([f.width, f.height], focus(located) || land);
      f.svg.append("path").attr("d", path({ type: "Sphere" })).attr("fill", "#eef5fb");
      f.svg.append("g").selectAll("path").data(land.features).join("path")
        .attr("d", path).attr("fill", "#dfe4ea").attr("stroke", "#fff").attr("stroke-width", 0.5)
        .append("title").text((d) => d.properties.name);
      const maxN = d3.max(located, (p) => p.events) || 1;
      const pin = f.svg.append("g").selectAll("g").data(located).join("a")
        .attr("href", (p) => "/events?place=" + encodeURIComponent(p.name))
        .attr("data-place", (p) => p.name);
      pin.append("circle")
        .attr("cx", (p) => projection([p.lon, p.lat])[0]).attr("cy", (p) => projection([p.lon, p.lat])[1])
        .attr("r", (p) => 4 + 6 * Math.sqrt(p.events / maxN))
        .attr("fill", CONF).attr("fill-opacity", 0.75).attr("stroke", "#fff");
      pin.append("text").attr("class", "label")
        .attr("x", (p) => projection([p.lon, p.lat])[0] + 8).attr("y", (p) => projection([p.lon, p.lat])[1] - 6)
        .text((p) => p.name);
      pin.append("title").text((p) => `${p.name} (${p.country || "?"}): ${p.events} events`);
      el.setAttribute("data-ready", "true");
    }).catch((err) => {
      empty(el, "The world outline could not be loaded: " + err);
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
