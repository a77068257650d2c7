// gapmap's explorer: the map, the totals and the edits, all from the JSON API of `gapmap serve`.
"use strict";
(function () {
  const cs = document.documentElement.lang === "cs";
  const T = (c, e) => (cs ? c : e);
  const fmt = new Intl.NumberFormat(cs ? "cs-CZ" : "en-GB", { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  const whole = new Intl.NumberFormat(cs ? "cs-CZ" : "en-GB", { maximumFractionDigits: 0 });
  const n1 = (x) => (x == null ? "–" : fmt.format(Math.abs(x) < 0.05 ? 0 : x));
  const pct = (x) => (x == null ? "–" : whole.format(100 * x) + "\u00a0%");
  const $ = (id) => document.getElementById(id);

  // Shortfall warm, surplus cool: ColorBrewer RdBu, as the report's maps.
  const DIVERGING = ["#2166ac", "#67a9cf", "#d1e5f0", "#f7f7f7", "#fddbc7", "#ef8a62", "#b2182b"];
  const COVERAGE = [["#b2182b", 0.5], ["#ef8a62", 0.8], ["#fddbc7", 0.95], ["#f7f7f7", 1.05], ["#67a9cf", Infinity]];

  let scenario = null; // GET /api/scenario
  let service = null; // the chosen service's id
  let units = null; // the municipalities' GeoJSON of the current state
  let baseGaps = null; // unit id → service → gap, as loaded
  let version = 0;
  // Provider id → name, of every provider seen, so that the list of changes names the removed.
  const names = {};

  // Quarter zoom steps, so that a region or a country fills the map when it opens.
  const map = L.map("map", { preferCanvas: true, zoomSnap: 0.25 });
  // Providers above the municipalities, names above both.
  map.createPane("providers").style.zIndex = 450;
  const unitLayer = L.geoJSON(null, { style: styleOf, onEachFeature: bindUnit }).addTo(map);
  const providerLayer = L.layerGroup().addTo(map);
  const nameLayer = L.layerGroup().addTo(map);
  // A region's names stay on the map; a country's thousands would hide it.
  const NAMES = 300;
  // A background map only when `--tiles` names one: otherwise nothing leaves the computer.
  const tiles = document.body.dataset.tiles;
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 19, opacity: 0.6, attribution: new URL(tiles.replace(/[{}]/g, "")).host }).addTo(map);
  }
  const legend = L.control({ position: "bottomleft" });
  legend.onAdd = () => L.DomUtil.create("div", "legend");
  legend.addTo(map);

  async function api(path, options) {
    const response = await fetch(path, options);
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || response.statusText);
    return body;
  }

  function say(text, error) {
    const status = $("status");
    status.textContent = text || "";
    status.className = error ? "error" : "";
  }

  // The classes of a diverging value: three of each sign by terciles of the magnitudes, and
  // a neutral one for what reads as 0.
  function diverging(values) {
    const m = values.map(Math.abs).filter((v) => v >= 0.05).sort((a, b) => a - b);
    const q = (p) => (m.length ? m[Math.min(m.length - 1, Math.floor(p * m.length))] : 1);
    const limits = [q(1 / 3), q(2 / 3)];
    const classOf = (v) => {
      if (v == null) return null;
      const a = Math.abs(v);
      if (a < 0.05) return 3;
      const k = a <= limits[0] ? 0 : a <= limits[1] ? 1 : 2;
      return v > 0 ? 4 + k : 2 - k;
    };
    return { classOf, limits };
  }

  let classes = null;

  function valueOf(feature) {
    const p = feature.properties;
    const view = $("view").value;
    if (view === "coverage") return p[service + "_coverage"];
    const gap = p[service + "_gap"];
    if (view === "delta") {
      const base = baseGaps && baseGaps[p.unit_id] ? baseGaps[p.unit_id][service] : null;
      return gap == null || base == null ? null : gap - base;
    }
    return gap;
  }

  function styleOf(feature) {
    const inRegion = feature.properties.in_region !== false;
    const v = valueOf(feature);
    let fill = "#d9d9d9";
    if (inRegion && v != null) {
      if ($("view").value === "coverage") {
        fill = COVERAGE.find(([, top]) => v < top)[0];
      } else if (classes) {
        fill = DIVERGING[classes.classOf(v)];
      }
    }
    return { color: "#ffffff", weight: 1, fillColor: fill, fillOpacity: inRegion ? 0.85 : 0.5 };
  }

  function bindUnit(feature, layer) {
    layer.bindTooltip(() => {
      const p = feature.properties;
      const view = $("view").value;
      const v = valueOf(feature);
      const label = view === "coverage" ? T("pokrytí", "coverage") : view === "delta" ? T("změna rozdílu", "change of the gap") : T("rozdíl", "gap");
      return `${escape(p.unit_name)}: ${label} ${view === "coverage" ? pct(v) : n1(v)}`;
    });
  }

  function escape(text) {
    const d = document.createElement("div");
    d.textContent = text == null ? "" : String(text);
    return d.innerHTML;
  }

  function drawLegend() {
    const div = document.querySelector(".legend");
    const view = $("view").value;
    if (view === "coverage") {
      const names = ["< 50 %", "50–80 %", "80–95 %", "95–105 %", "≥ 105 %"];
      div.innerHTML = `<b>${T("Pokrytí", "Coverage")}</b><br>` + COVERAGE.map(([c], i) => `<i style="background:${c}"></i>${names[i]}`).join("<br>");
      return;
    }
    // Two significant digits tell the class limits apart, small or large.
    const limit = new Intl.NumberFormat(cs ? "cs-CZ" : "en-GB", { maximumSignificantDigits: 2 });
    const [a, b] = classes.limits.map((x) => limit.format(x));
    const rows = [
      [6, `> ${b}`], [5, `${a} – ${b}`], [4, `0,05 – ${a}`], [3, "≈ 0"], [2, `−${a} – −0,05`], [1, `−${b} – −${a}`], [0, `< −${b}`],
    ];
    const title = view === "delta" ? T("Změna rozdílu", "Change of the gap") : T("Rozdíl (potřeba − kapacita)", "Gap (need − supply)");
    div.innerHTML = `<b>${title}</b><br>` + rows.map(([k, text]) => `<i style="background:${DIVERGING[k]}"></i>${cs ? text : text.replace(/,/g, ".")}`).join("<br>");
  }

  function redraw() {
    if (!units) return;
    const values = units.features.filter((f) => f.properties.in_region !== false).map(valueOf).filter((v) => v != null);
    classes = diverging(values);
    unitLayer.setStyle(styleOf);
    drawLegend();
  }

  async function loadUnits(first) {
    units = await api("/api/municipalities");
    unitLayer.clearLayers();
    unitLayer.addData(units);
    nameLayer.clearLayers();
    const named = units.features.filter((f) => f.properties.in_region !== false);
    if (named.length <= NAMES) {
      unitLayer.eachLayer((layer) => {
        const p = layer.feature.properties;
        if (p.in_region === false) return;
        nameLayer.addLayer(L.tooltip({ permanent: true, direction: "center", className: "name", interactive: false })
          .setLatLng(layer.getBounds().getCenter()).setContent(escape(p.unit_name)));
      });
    }
    if (first) {
      // The difference is against the state as loaded, whatever was edited before this page.
      const start = await api("/api/municipalities?state=start");
      baseGaps = {};
      for (const f of start.features) {
        const gaps = {};
        for (const s of scenario.services) gaps[s.id] = f.properties[s.id + "_gap"];
        baseGaps[f.properties.unit_id] = gaps;
      }
      map.fitBounds(unitLayer.getBounds());
    }
    // What was drawn, for scripts and tests that drive the page.
    document.body.dataset.units = String(unitLayer.getLayers().length);
    document.body.dataset.names = String(nameLayer.getLayers().length);
    redraw();
  }

  async function loadProviders() {
    const geo = await api("/api/providers");
    for (const f of geo.features) names[f.properties.id] = f.properties.name;
    providerLayer.clearLayers();
    // Circles by capacity, the largest 12 px in radius; a country's thousands smaller and
    // finer, so that the municipalities' colours still show between them.
    const mine = geo.features.filter((f) => f.properties.service === service);
    const largest = Math.max(1, ...mine.map((f) => f.properties.capacity || 0));
    const many = mine.length > 300;
    const [least, top, weight] = many ? [1, 3, 0.5] : [2, 10, 1.5];
    for (const f of geo.features) {
      if (!f.geometry || f.properties.service !== service) continue;
      const [lon, lat] = f.geometry.coordinates;
      const p = f.properties;
      const marker = L.circleMarker([lat, lon], { pane: "providers", radius: least + top * Math.sqrt((p.capacity || 0) / largest), color: "#000", weight, fillColor: "#1b9e77", fillOpacity: 0.9 });
      marker.bindTooltip(`${escape(p.name)}: ${whole.format(p.capacity)}`);
      marker.on("click", (e) => {
        L.DomEvent.stopPropagation(e);
        providerPopup(marker, p);
      });
      providerLayer.addLayer(marker);
    }
    document.body.dataset.providers = String(providerLayer.getLayers().length);
  }

  function providerPopup(marker, p) {
    const div = document.createElement("div");
    div.className = "popup";
    div.innerHTML = `<b>${escape(p.name)}</b>
      <label>${T("Kapacita", "Capacity")} <input type="number" min="0" step="any" value="${p.capacity}"></label>
      <button type="button" data-do="set">${T("Změnit kapacitu", "Change the capacity")}</button>
      <button type="button" data-do="remove">${T("Zrušit poskytovatele", "Remove the provider")}</button>`;
    div.querySelector('[data-do="set"]').onclick = () => {
      marker.closePopup();
      edit({ action: "set_capacity", id: p.id, capacity: Number(div.querySelector("input").value) });
    };
    div.querySelector('[data-do="remove"]').onclick = () => {
      marker.closePopup();
      edit({ action: "remove_provider", id: p.id });
    };
    marker.bindPopup(div).openPopup();
  }

  map.on("click", (e) => {
    const div = document.createElement("div");
    div.className = "popup";
    const label = scenario.services.find((s) => s.id === service).label;
    div.innerHTML = `<b>${T("Nový poskytovatel", "New provider")}: ${escape(label)}</b>
      <label>${T("Název", "Name")} <input name="name" value="${T("Nový poskytovatel", "New provider")}"></label>
      <label>${T("Kapacita", "Capacity")} <input name="capacity" type="number" min="0" step="any" value="10"></label>
      <button type="button">${T("Přidat", "Add")}</button>`;
    const popup = L.popup().setLatLng(e.latlng).setContent(div).openOn(map);
    div.querySelector("button").onclick = () => {
      map.closePopup(popup);
      const taken = new Set(scenario.changes.map((c) => c.id));
      let k = 1;
      while (taken.has(`novy-${k}`)) k += 1;
      edit({
        action: "add_provider",
        id: `novy-${k}`,
        name: div.querySelector('[name="name"]').value,
        service,
        capacity: Number(div.querySelector('[name="capacity"]').value),
        lon: Math.round(e.latlng.lng * 1e6) / 1e6,
        lat: Math.round(e.latlng.lat * 1e6) / 1e6,
      });
    };
  });

  async function edit(change) {
    say(T("Počítám…", "Computing…"));
    try {
      const r = await api("/api/changes", {
        method: "POST",
        headers: { "Content-Type": "application/json", "If-Match": String(version) },
        body: JSON.stringify(change),
      });
      version = r.version;
      await refresh();
      say(T("Změna přijata.", "Change accepted."));
    } catch (e) {
      say(e.message, true);
    }
  }

  function describe(c) {
    const s = (id) => (scenario.services.find((x) => x.id === id) || { label: id }).label;
    switch (c.action) {
      case "add_provider": return `${T("nový", "new")}: ${c.name || c.id}, ${s(c.service)}, ${whole.format(c.capacity)}`;
      case "set_capacity": return `${T("kapacita", "capacity")} ${names[c.id] || c.id}: ${whole.format(c.capacity)}`;
      case "remove_provider": return `${T("zrušen", "removed")}: ${names[c.id] || c.id}`;
      case "set_catchment": return `${T("dosah", "catchment")} ${s(c.service)}: ${c.catchment}`;
      case "set_need": return `${T("normativ", "norm")} ${s(c.service)}, ${c.group}: ${c.per_1000}`;
      case "scale_group": return `${c.group} × ${c.factor}`;
      default: return c.action;
    }
  }

  async function refresh() {
    scenario = await api("/api/scenario");
    version = scenario.version;
    $("changes").innerHTML = scenario.changes.map((c) => `<li>${escape(describe(c))}</li>`).join("");
    $("undo").disabled = scenario.changes.length === 0;
    showForms();
    await Promise.all([loadUnits(false), loadProviders(), totals(), largest()]);
  }

  async function totals() {
    const s = await api("/api/summary");
    const head = `<tr><th>${T("Služba", "Service")}</th><th class="num">${T("Potřeba", "Need")}</th><th class="num">${T("Kapacita", "Capacity")}</th><th class="num">${T("Nenaplněno", "Unmet")}</th><th class="num">${T("Pokrytí", "Coverage")}</th></tr>`;
    $("totals").innerHTML = head + s.rows.map((r) => {
      const label = (scenario.services.find((x) => x.id === r.service) || {}).label || r.service;
      return `<tr data-service="${escape(r.service)}"${r.service === service ? ' class="chosen"' : ""}><td>${escape(label)}</td><td class="num">${n1(r.need)}</td><td class="num">${n1(r.capacity)}</td><td class="num">${n1(r.unmet)}</td><td class="num">${pct(r.coverage)}</td></tr>`;
    }).join("");
  }

  async function largest() {
    const g = await api("/api/gaps?service=" + encodeURIComponent(service));
    const rows = g.rows.filter((r) => r.in_region !== false && r.gap > 0.05).sort((a, b) => b.gap - a.gap).slice(0, 10);
    $("largest").innerHTML = `<tr><th>${T("Obec", "Municipality")}</th><th class="num">${T("Nedostatek", "Shortfall")}</th></tr>` +
      (rows.length ? rows.map((r) => `<tr><td>${escape(r.unit_name)}</td><td class="num">${n1(r.gap)}</td></tr>`).join("") : `<tr><td colspan="2">${T("žádná obec nemá nedostatek", "no municipality falls short")}</td></tr>`);
  }

  // The chosen service's catchment and its norm for the chosen group, as the state has them.
  function showForms() {
    const s = scenario.services.find((x) => x.id === service);
    document.querySelector('#catchment [name="catchment"]').value = s.catchment;
    const group = document.querySelector('#norm [name="group"]').value;
    const norm = (s.need || []).find((n) => n.group === group);
    document.querySelector('#norm [name="per_1000"]').value = norm && norm.per_1000 != null ? norm.per_1000 : "";
  }

  // A service's first norm's group, so that the norm shown is one it has.
  function chooseNormGroup() {
    const s = scenario.services.find((x) => x.id === service);
    if (s.need && s.need.length) document.querySelector('#norm [name="group"]').value = s.need[0].group;
  }

  $("service").addEventListener("change", async () => {
    service = $("service").value;
    chooseNormGroup();
    showForms();
    redraw();
    await Promise.all([loadProviders(), totals(), largest()]);
  });
  $("view").addEventListener("change", redraw);
  document.querySelector('#norm [name="group"]').addEventListener("change", showForms);
  $("undo").addEventListener("click", async () => {
    try {
      await api("/api/undo", { method: "POST" });
      await refresh();
      say(T("Poslední změna vrácena.", "The last change is undone."));
    } catch (e) {
      say(e.message, true);
    }
  });
  $("catchment").addEventListener("submit", (e) => {
    e.preventDefault();
    edit({ action: "set_catchment", service, catchment: Number(e.target.catchment.value) });
  });
  $("norm").addEventListener("submit", (e) => {
    e.preventDefault();
    edit({ action: "set_need", service, group: e.target.group.value, per_1000: Number(e.target.per_1000.value) });
  });
  $("save").addEventListener("submit", async (e) => {
    e.preventDefault();
    const name = e.target.name.value;
    const post = (overwrite) => api("/api/save", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ name, overwrite }) });
    try {
      let r;
      try {
        r = await post(false);
      } catch (err) {
        if (!confirm(`${err.message}\n${T("Přepsat?", "Overwrite?")}`)) throw err;
        r = await post(true);
      }
      $("saved").textContent = `${T("Uloženo jako", "Saved as")} ${r.file}`;
    } catch (err) {
      say(err.message, true);
    }
  });

  (async function start() {
    try {
      scenario = await api("/api/scenario");
      version = scenario.version;
      service = scenario.services[0].id;
      $("service").innerHTML = scenario.services.map((s) => `<option value="${escape(s.id)}">${escape(s.label)}</option>`).join("");
      document.querySelector('#norm [name="group"]').innerHTML = scenario.groups.map((g) => `<option value="${escape(g.id)}">${escape(g.label)}</option>`).join("");
      chooseNormGroup();
      await loadUnits(true);
      for (const f of (await api("/api/providers?state=start")).features) names[f.properties.id] = f.properties.name;
      await refresh();
      document.body.dataset.ready = "1";
    } catch (e) {
      say(e.message, true);
    }
  })();
})();
