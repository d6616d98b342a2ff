/* spinekg viewer: one self-contained page over Cytoscape.js.
 * Every text from the graph goes into the page as textContent, never as HTML.
 *
 * The positions come with the graph (computed when the file was written: the same graph gives the
 * same picture); the page only draws them. Labels keep one size on screen at every zoom; which
 * nodes are labelled at a zoom is worked out here so that no two labels overlap: the hubs first,
 * more as you zoom in. What is shown, the viewport and the labels are worked out before
 * Cytoscape.js starts, so that it styles and draws each element once. */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("skg-data").textContent);
  var META = DATA.graph || {};
  var VIEW = DATA.view || {};
  var DOCS = META.documents || {};
  var CATS = META.categories || {};
  var PREDS = META.predicates || {};
  var ISA = "rdfs:subClassOf";
  var CENTRE = VIEW.centre || null;
  var DEPTH = VIEW.depth || 1;
  var REGIONS = VIEW.regions || [];

  var FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif';
  var LABEL_PX = 12, BIG_PX = 14, MAX_LABEL_PX = 220, OUTLINE_PX = 2, MARGIN_PX = 3, REGION_PX = 13;
  var STEPS = 4; // label sizes are set again at every quarter octave of zoom

  var status = document.getElementById("skg-status");
  var panel = document.getElementById("skg-panel");
  var search = document.getElementById("skg-search");
  var results = document.getElementById("skg-results");
  var allButton = document.getElementById("skg-all");
  var showInferred = document.getElementById("skg-inferred");
  var showIsa = document.getElementById("skg-isa");
  var regionCanvas = document.getElementById("skg-regions");
  var nameCanvas = document.getElementById("skg-region-names");
  var container = document.getElementById("skg-cy");
  showIsa.checked = Boolean(VIEW.isa);

  function h(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "className") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) return;
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function list(v) { return Array.isArray(v) ? v : (v === undefined || v === null || v === "" ? [] : [v]); }
  function fmt(n) { return Number(n).toLocaleString("en"); }

  // -- plain records of the graph (no Cytoscape collection in the hot paths) -------------------
  var NODE = {}, NODES = [], EDGES = [], SHOWN = {}, COLOURS = {};
  DATA.elements.nodes.forEach(function (el) {
    var d = el.data;
    var r = { el: null, json: el, id: d.id, root: d.root, label: String(d.label), size: d.size, home: el.position, edges: [] };
    NODE[r.id] = r;
    NODES.push(r);
    COLOURS[d.root] = COLOURS[d.root] || d.colour;
  });
  DATA.elements.edges.forEach(function (el) {
    var d = el.data;
    var r = { el: null, json: el, id: d.id, key: d.key, inferred: Boolean(d.inferred), s: d.source, t: d.target };
    EDGES.push(r);
    NODE[r.s].edges.push(r);
    if (r.t !== r.s) NODE[r.t].edges.push(r);
  });
  // the order in which labels claim their place: hubs first
  var ORDER = NODES.slice().sort(function (a, b) {
    return b.edges.length - a.edges.length || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0) || (a.id < b.id ? -1 : 1);
  });
  function label(id) { return NODE[id] ? NODE[id].label : id; }
  function root(n) { return n.data("root"); }
  function pos(r) { return r.el ? r.el.position() : r.home; }

  // -- state: the view, the filters -----------------------------------------------------------
  // mode "home": the whole file (the overview, or the ego graph around its term at its centre);
  // mode "focus": one node and its neighbours, laid out around it.
  var state = { mode: "home", focus: null, subject: CENTRE ? { kind: "node", id: CENTRE } : null };
  var catOn = {}, relOn = {};
  NODES.forEach(function (r) { catOn[r.root] = true; });
  EDGES.forEach(function (r) { relOn[r.key] = true; });

  function edgeOn(r) {
    return relOn[r.key] && (showInferred.checked || !r.inferred) && catOn[NODE[r.s].root] && catOn[NODE[r.t].root] &&
      (r.key !== ISA || state.mode === "focus" || showIsa.checked);
  }

  // What is shown: in focus, the node and what its shown edges reach; around a centre, what the
  // shown edges reach from it within the depth of the file; otherwise the ends of the shown
  // edges. A node only hidden edges lead to is hidden with them: no orphan is ever drawn.
  function visibleSet() {
    var nodes = {}, edges = {};
    function take(r) { edges[r.id] = true; nodes[r.s] = true; nodes[r.t] = true; }
    if (state.mode === "focus") {
      var f = NODE[state.focus];
      nodes[f.id] = true;
      f.edges.forEach(function (r) { if (edgeOn(r)) take(r); });
    } else if (CENTRE) {
      var frontier = [CENTRE];
      nodes[CENTRE] = true;
      for (var d = 0; d < DEPTH && frontier.length; d++) {
        var next = [];
        frontier.forEach(function (id) {
          NODE[id].edges.forEach(function (r) {
            if (!edgeOn(r)) return;
            [r.s, r.t].forEach(function (m) { if (!nodes[m]) { nodes[m] = true; next.push(m); } });
          });
        });
        frontier = next;
      }
      EDGES.forEach(function (r) { if (nodes[r.s] && nodes[r.t] && edgeOn(r)) edges[r.id] = true; });
    } else {
      EDGES.forEach(function (r) { if (edgeOn(r)) take(r); });
      NODES.forEach(function (n) { if (!n.edges.length && catOn[n.root]) nodes[n.id] = true; });
    }
    return { nodes: nodes, edges: edges };
  }

  // Elements hidden from the start (the is-a edges of the overview and the nodes only they reach)
  // join Cytoscape.js when first shown: it styles every element it holds, shown or not.
  var COUNT = { nodes: 0, edges: 0 };
  function applyVisibility() {
    var vis = visibleSet();
    COUNT = { nodes: 0, edges: 0 };
    var fresh = [];
    NODES.concat(EDGES).forEach(function (r) {
      var on = Boolean(r.s ? vis.edges[r.id] : vis.nodes[r.id]);
      if (on) COUNT[r.s ? "edges" : "nodes"]++;
      if (on && !r.el) fresh.push(r);
    });
    if (!cy) { NODES.concat(EDGES).forEach(function (r) { SHOWN[r.id] = Boolean(r.s ? vis.edges[r.id] : vis.nodes[r.id]); }); return vis; }
    cy.batch(function () {
      if (fresh.length) {
        fresh.forEach(function (r) { SHOWN[r.id] = true; r.json.classes = (r.json.classes || "").replace(/\s*skg-hidden/g, ""); if (!r.s) r.json.position = { x: r.home.x, y: r.home.y }; });
        cy.add(fresh.map(function (r) { return r.json; }));
        fresh.forEach(function (r) { r.el = cy.getElementById(r.id); });
      }
      NODES.concat(EDGES).forEach(function (r) {
        var on = Boolean(r.s ? vis.edges[r.id] : vis.nodes[r.id]);
        if (r.el && SHOWN[r.id] !== on) { r.el.toggleClass("skg-hidden", !on); SHOWN[r.id] = on; }
      });
    });
    return vis;
  }
  function shownRecords() { return NODES.filter(function (r) { return SHOWN[r.id]; }); }
  function shownNodes() { return cy.collection(shownRecords().map(function (r) { return r.el; })); }

  // -- labels that do not overlap -------------------------------------------------------------
  var Q = 1;      // the zoom step the label sizes are set for
  var LZ = {};    // node id -> the least zoom step at which its label shows
  function quant(z) { return Math.pow(2, Math.floor(Math.log2(z) * STEPS + 1e-9) / STEPS); }
  function ceilStep(z) { return z <= 0 ? 0 : Math.pow(2, Math.ceil(Math.log2(z) * STEPS - 1e-9) / STEPS); }
  function bigId(id) { return id === CENTRE || id === state.focus; }
  function big(n) { return bigId(n.id()); }
  function forced(n) { return big(n) || n.hasClass("skg-hover") || n.selected(); }
  function labelOn(n) {
    if (forced(n)) return true;
    var lz = LZ[n.id()];
    return lz !== undefined && lz <= Q * 1.000001;
  }

  var measurer = document.createElement("canvas").getContext("2d");
  var widths = {};
  function textWidth(text, px, weight) {
    var key = px + weight + "|" + text;
    if (!(key in widths)) {
      measurer.font = weight + " " + px + "px " + FONT;
      widths[key] = measurer.measureText(text).width;
    }
    return widths[key];
  }
  // a label's box in screen pixels: its width, its top and bottom below the node's edge
  function labelBox(r) {
    var isBig = bigId(r.id), px = isBig ? BIG_PX : LABEL_PX;
    var w = Math.min(textWidth(r.label, px, isBig ? "bold" : "normal"), MAX_LABEL_PX + px);
    return { w: w + 2 * OUTLINE_PX + 4, a: MARGIN_PX - OUTLINE_PX - 1, b: MARGIN_PX + 1.3 * px + OUTLINE_PX + 1 };
  }

  // The least zoom step from which two boxes never overlap: apart across (x) or along (y). A box
  // is centred on x, and spans y + a / step to y + b / step (a and b in pixels).
  function separation(p, q) {
    var dx = Math.abs(p.x - q.x);
    var sx = dx > 0 ? (p.w + q.w) / (2 * dx) : Infinity;
    var sy;
    if (p.y < q.y) sy = Math.max(0, p.b - q.a) / (q.y - p.y);
    else if (q.y < p.y) sy = Math.max(0, q.b - p.a) / (p.y - q.y);
    else sy = (p.b <= q.a || q.b <= p.a) ? 0 : Infinity;
    return Math.min(sx, sy);
  }

  // Greedy, in order of priority: each label shows from the least zoom step at which it overlaps
  // none of the labels placed before it that show at that step (the region names come first).
  function placeLabels() {
    var shown = ORDER.filter(function (r) { return SHOWN[r.id]; });
    var placed = regionBoxes();
    LZ = {};
    shown.filter(function (r) { return bigId(r.id); }).concat(shown.filter(function (r) { return !bigId(r.id); })).forEach(function (r) {
      var p = pos(r), box = labelBox(r);
      var item = { x: p.x, y: p.y + r.size / 2, w: box.w, a: box.a, b: box.b, lz: 0 };
      var need = 0;
      if (!bigId(r.id)) {
        for (var i = 0; i < placed.length; i++) {
          var s = separation(item, placed[i]);
          if (s > placed[i].lz && s > need) need = s;
        }
      }
      item.lz = ceilStep(need);
      LZ[r.id] = item.lz;
      placed.push(item);
    });
  }

  // -- the category regions of the overview, drawn under the graph ------------------------------
  function regionName(r) { return (CATS[r.category] || {}).label || r.category; }
  function regionsShown() { return state.mode === "home" ? REGIONS.filter(function (r) { return catOn[r.category]; }) : []; }
  function regionBoxes() {
    return regionsShown().map(function (r) {
      return { x: r.x, y: r.y - r.r, w: textWidth(regionName(r), REGION_PX, "bold") + 8, a: -(REGION_PX * 1.4 + 6), b: -2, lz: 0 };
    });
  }

  // -- the viewport ---------------------------------------------------------------------------
  // Zoom so that the shown nodes fit: around the centre term with it at the middle, or their box
  // (and the regions') in the middle.
  function viewportFor(records, middle, most) {
    var w = container.clientWidth || 800, ht = container.clientHeight || 600, pad = 30;
    var x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
    records.forEach(function (r) {
      var p = pos(r), s = r.size / 2;
      x1 = Math.min(x1, p.x - s); x2 = Math.max(x2, p.x + s); y1 = Math.min(y1, p.y - s); y2 = Math.max(y2, p.y + s);
    });
    if (!middle) {
      regionsShown().forEach(function (r) {
        x1 = Math.min(x1, r.x - r.r); x2 = Math.max(x2, r.x + r.r); y1 = Math.min(y1, r.y - r.r - 10); y2 = Math.max(y2, r.y + r.r);
      });
    }
    if (!(x2 >= x1)) return { zoom: 1, pan: { x: w / 2, y: ht / 2 } };
    var z, cx, cyy;
    if (middle) {
      var m = pos(middle);
      var dx = Math.max(1, m.x - x1, x2 - m.x), dy = Math.max(1, m.y - y1, y2 - m.y);
      z = Math.min(most, (w / 2 - pad - 50) / dx, (ht / 2 - pad - 20) / dy);
      cx = m.x; cyy = m.y;
    } else {
      z = Math.min(most, (w - 2 * pad) / Math.max(1, x2 - x1), (ht - 2 * pad - 30) / Math.max(1, y2 - y1));
      cx = (x1 + x2) / 2; cyy = (y1 + y2) / 2 - 12;
    }
    z = Math.max(0.03, Math.min(4, z));
    return { zoom: z, pan: { x: w / 2 - cx * z, y: ht / 2 - cyy * z } };
  }
  function homeViewport() { return viewportFor(shownRecords(), CENTRE ? NODE[CENTRE] : null, 1.5); }

  // the first view, before Cytoscape.js starts
  if (CENTRE) NODE[CENTRE].json.classes = "skg-centre";
  var cy = null;
  applyVisibility();
  var start = homeViewport();
  Q = quant(start.zoom);
  placeLabels();

  // -- the graph ------------------------------------------------------------------------------
  function inv(px) { return function () { return px / Q; }; }
  cy = cytoscape({
    container: container,
    elements: {
      nodes: NODES.filter(function (r) { return SHOWN[r.id]; }).map(function (r) { return r.json; }),
      edges: EDGES.filter(function (r) { return SHOWN[r.id]; }).map(function (r) { return r.json; })
    },
    minZoom: 0.03,
    maxZoom: 4,
    zoom: start.zoom,
    pan: start.pan,
    style: [
      { selector: "node", style: {
        "background-color": "data(colour)", "width": "data(size)", "height": "data(size)",
        "label": function (n) { return labelOn(n) ? n.data("label") : ""; },
        "font-family": FONT, "font-size": function (n) { return (big(n) ? BIG_PX : LABEL_PX) / Q; },
        "font-weight": function (n) { return big(n) ? "bold" : "normal"; },
        "text-valign": "bottom", "text-halign": "center", "text-margin-y": inv(MARGIN_PX),
        "text-wrap": "ellipsis", "text-max-width": function (n) { return (MAX_LABEL_PX + (big(n) ? BIG_PX : LABEL_PX)) / Q; },
        "min-zoomed-font-size": 0, "color": "#1b1b1b",
        "text-outline-color": "#fff", "text-outline-width": inv(OUTLINE_PX), "text-outline-opacity": 0.9,
        "border-width": inv(1), "border-color": "#555" } },
      { selector: "node[category = 'SKG:DoseRegimen']", style: { "shape": "round-rectangle" } },
      { selector: "edge", style: {
        "width": inv(1), "line-color": "#c4c4c4", "target-arrow-color": "#c4c4c4", "target-arrow-shape": "triangle",
        "arrow-scale": 0.8, "curve-style": "bezier", "opacity": 0.75,
        "font-family": FONT, "font-size": inv(10), "min-zoomed-font-size": 0, "text-rotation": "autorotate",
        "color": "#333", "text-outline-color": "#fff", "text-outline-width": inv(2) } },
      { selector: "edge[key = 'rdfs:subClassOf']", style: { "line-color": "#d9d9d9", "target-arrow-color": "#d9d9d9", "target-arrow-shape": "triangle-backcurve" } },
      { selector: "edge[key = 'SKG:contraindicatedIn']", style: { "line-color": "#d62728", "target-arrow-color": "#d62728", "width": inv(1.8), "opacity": 0.9 } },
      { selector: "edge[key = 'SKG:advisedAgainstFor']", style: { "line-color": "#e07b39", "target-arrow-color": "#e07b39", "opacity": 0.9 } },
      { selector: "edge[?inferred]", style: { "line-style": "dashed", "line-dash-pattern": function () { return [6 / Q, 4 / Q]; } } },
      { selector: ".skg-faded", style: { "opacity": 0.12 } },
      { selector: "edge.skg-near", style: { "width": inv(1.8), "opacity": 1 } },
      { selector: "edge.skg-named, edge.skg-hover", style: { "label": "data(label)", "opacity": 1 } },
      { selector: "edge.skg-near[key = 'SKG:contraindicatedIn']", style: { "width": inv(2.6) } },
      { selector: "node.skg-centre, node.skg-focus", style: {
        "border-width": inv(3), "border-color": "#111",
        "underlay-color": "#ffcc00", "underlay-opacity": 0.55, "underlay-padding": inv(7), "underlay-shape": "ellipse" } },
      { selector: "node:selected", style: { "border-width": inv(3), "border-color": "#000" } },
      { selector: "edge:selected", style: { "width": inv(3.5), "line-color": "#111", "target-arrow-color": "#111", "label": "data(label)", "opacity": 1 } },
      { selector: ".skg-hidden", style: { "display": "none" } }
    ],
    layout: { name: "preset", fit: false }
  });
  NODES.concat(EDGES).forEach(function (r) { if (SHOWN[r.id]) r.el = cy.getElementById(r.id); });

  function setStep() {
    var q = quant(cy.zoom());
    if (q === Q) return false;
    Q = q;
    return true;
  }

  // The label sizes follow the zoom in steps, once the zooming pauses (restyling every element
  // takes a moment): meanwhile the labels scale with the graph, so they cannot come to overlap.
  var relabel = null;
  cy.on("zoom", function () {
    if (relabel !== null) clearTimeout(relabel);
    relabel = setTimeout(function () {
      relabel = null;
      if (setStep()) cy.style().update();
    }, 120);
  });
  cy.on("viewport", drawRegions);
  cy.on("resize", drawRegions);

  // after a change of filters or view: what is shown, its labels, the status line and the panel
  function applyFilters() {
    if (state.mode === "focus") { focusNode(state.focus, true); return; }  // laid out again: what is shown has changed
    applyVisibility();
    redraw();
  }
  function redraw() {
    placeLabels();
    cy.style().update();
    drawRegions();
    showStatus();
    refreshPanel();
  }

  function showStatus() {
    var n = COUNT.nodes, e = COUNT.edges, N = NODES.length, E = EDGES.length;
    var text;
    if (state.mode === "focus") {
      text = "Focus on \u201c" + label(state.focus) + "\u201d: " + fmt(n) + " terms, " + fmt(e) + " edges (of " + fmt(N) + " and " + fmt(E) + ")";
    } else {
      text = (CENTRE ? "Around \u201c" + label(CENTRE) + "\u201d (marked, depth " + DEPTH + "): " : "Whole graph: ") +
        fmt(n) + " of " + fmt(N) + " terms, " + fmt(e) + " of " + fmt(E) + " edges shown";
      if (!showIsa.checked && relOn[ISA] && EDGES.some(function (r) { return r.key === ISA; })) text += "; is-a edges hidden";
    }
    status.textContent = text;
    status.setAttribute("data-mode", state.mode);
    status.setAttribute("data-shown-nodes", String(n));
    status.setAttribute("data-shown-edges", String(e));
  }

  // -- filters -------------------------------------------------------------------------------
  function countBy(items, key) {
    var out = {};
    items.forEach(function (x) { var k = key(x); out[k] = (out[k] || 0) + 1; });
    return out;
  }

  function buildFilters() {
    var legend = document.getElementById("skg-legend");
    var roots = countBy(NODES, function (r) { return r.root; });
    Object.keys(roots).sort(function (a, b) {
      return ((CATS[a] || {}).label || a).localeCompare((CATS[b] || {}).label || b);
    }).forEach(function (r) {
      var box = h("input", { type: "checkbox", checked: "checked" });
      box.addEventListener("change", function () { catOn[r] = box.checked; applyFilters(); });
      var swatch = h("span", { className: "skg-swatch" });
      swatch.style.background = COLOURS[r];
      legend.appendChild(h("li", {}, [h("label", { className: "skg-check", "data-test": "category-filter", "data-category": r }, [
        box, swatch, h("span", { text: (CATS[r] || {}).label || r }), h("span", { className: "skg-count", text: String(roots[r]) })
      ])]));
    });
    var rels = document.getElementById("skg-relations");
    var keys = countBy(EDGES, function (r) { return r.key; });
    Object.keys(keys).sort(function (a, b) {
      return ((PREDS[a] || {}).label || a).localeCompare((PREDS[b] || {}).label || b);
    }).forEach(function (key) {
      var box = h("input", { type: "checkbox", checked: "checked" });
      box.addEventListener("change", function () { relOn[key] = box.checked; applyFilters(); });
      rels.appendChild(h("li", {}, [h("label", { className: "skg-check", "data-test": "relation-filter", "data-predicate": key }, [
        box, h("span", { text: (PREDS[key] || {}).label || key }), h("span", { className: "skg-count", text: String(keys[key]) })
      ])]));
    });
    showInferred.addEventListener("change", applyFilters);
    showIsa.addEventListener("change", applyFilters);
  }

  // -- the regions, painted on a canvas under the graph ----------------------------------------
  var drawPending = false;
  function drawRegions() {
    if (drawPending) return;
    drawPending = true;
    requestAnimationFrame(function () { drawPending = false; paintRegions(); });
  }
  function canvas2d(el) {
    var ratio = window.devicePixelRatio || 1, w = el.clientWidth, ht = el.clientHeight;
    if (el.width !== Math.round(w * ratio) || el.height !== Math.round(ht * ratio)) {
      el.width = Math.round(w * ratio);
      el.height = Math.round(ht * ratio);
    }
    var ctx = el.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, w, ht);
    return ctx;
  }
  // the discs under the graph, their names over it (the labels keep clear of the names)
  function paintRegions() {
    var discs = canvas2d(regionCanvas), names = canvas2d(nameCanvas);
    var z = cy.zoom(), pan = cy.pan();
    names.font = "bold " + REGION_PX + "px " + FONT;
    names.textAlign = "center";
    names.textBaseline = "bottom";
    names.lineJoin = "round";
    regionsShown().forEach(function (r) {
      var colour = COLOURS[r.category] || "#999";
      var x = r.x * z + pan.x, y = r.y * z + pan.y, rad = r.r * z;
      discs.beginPath();
      discs.arc(x, y, rad, 0, 2 * Math.PI);
      discs.globalAlpha = 0.07;
      discs.fillStyle = colour;
      discs.fill();
      discs.globalAlpha = 0.35;
      discs.strokeStyle = colour;
      discs.lineWidth = 1.5;
      discs.stroke();
      names.lineWidth = 3;
      names.strokeStyle = "rgba(255,255,255,0.9)";
      names.strokeText(regionName(r), x, y - rad - 4);
      names.fillStyle = "#3a3a3a";
      names.fillText(regionName(r), x, y - rad - 4);
    });
  }

  // -- search: exact, prefix, words, then typos ------------------------------------------------
  function norm(s) { return String(s).toLowerCase().replace(/\s+/g, " ").trim(); }
  var index = NODES.map(function (r) {
    var d = r.json.data, local = r.id.indexOf(":") >= 0 ? r.id.slice(r.id.indexOf(":") + 1) : r.id;
    var names = [{ text: norm(r.label), shown: null, label: true }];
    list(d.synonyms).forEach(function (s) { if (String(s).trim()) names.push({ text: norm(s), shown: String(s), label: false }); });
    return { rec: r, names: names, curie: r.id.toLowerCase(), local: local.toLowerCase(), label: norm(r.label), degree: r.edges.length, root: r.root };
  });

  // edits (insert, delete, substitute, swap two neighbours) from a to b, or more than max
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = null, prev = [], i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      var cur = [i], best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) v = Math.min(v, prev2[j - 2] + 1);
        cur.push(v);
        if (v < best) best = v;
      }
      if (best > max) return max + 1;
      prev2 = prev;
      prev = cur;
    }
    return prev[b.length];
  }

  function allowed(q) { return q.length < 4 ? 0 : q.length < 7 ? 1 : q.length < 12 ? 2 : 3; }

  // how far a name is from the query as typed: whole, as a run of its words, or as the beginning
  // of a name being typed
  function fuzzy(q, text, max) {
    var best = distance(q, text, max);
    var words = text.split(" "), qn = q.split(" ").length;
    for (var i = 0; i + qn <= words.length && best > 0; i++) {
      var part = words.slice(i, i + qn).join(" ");
      best = Math.min(best, distance(q, part, max));
      if (part.length > q.length) best = Math.min(best, distance(q, part.slice(0, q.length), max) + 0.5);
    }
    return best;
  }

  function score(q, x) {
    if (x.curie === q || x.local === q) return { score: 0, via: null };
    var best = null;
    function take(s, name) { if (best === null || s < best.score) best = { score: s + (name.label ? 0 : 0.5), via: name.label ? null : name.shown }; }
    x.names.forEach(function (name) {
      var t = name.text;
      if (t === q) take(0, name);
      else if (t.indexOf(q) === 0) take(2, name);
      else if ((" " + t).indexOf(" " + q) > 0) take(3, name);
      else if (t.indexOf(q) > 0) take(4, name);
    });
    if (best) return best;
    if (x.curie.indexOf(q) >= 0) return { score: 5, via: x.rec.id };
    var max = allowed(q);
    if (!max) return null;
    x.names.forEach(function (name) {
      var d = fuzzy(q, name.text, max);
      if (d <= max) take(6 + d, name);
    });
    var d = distance(q, x.local, max);
    if (d <= max && (best === null || 6 + d + 0.5 < best.score)) best = { score: 6 + d + 0.5, via: x.rec.id };
    return best;
  }

  function find(query) {
    var q = norm(query);
    if (!q) return [];
    var hits = [];
    index.forEach(function (x) {
      if (!catOn[x.root]) return;
      var s = score(q, x);
      if (s) hits.push({ x: x, score: s.score, via: s.via });
    });
    hits.sort(function (a, b) {
      return a.score - b.score || b.x.degree - a.x.degree || a.x.label.length - b.x.label.length || a.x.label.localeCompare(b.x.label);
    });
    return hits.slice(0, 40);
  }

  function showResults() {
    var hits = find(search.value);
    results.textContent = "";
    hits.forEach(function (hit) {
      var r = hit.x.rec;
      var button = h("button", { type: "button", "data-test": "search-result", "data-id": r.id, "data-score": String(hit.score) }, [
        h("span", { text: r.label }),
        h("span", { className: "skg-cat", text: r.json.data.category_label }),
        hit.via ? h("span", { className: "skg-match", text: "(as \u201c" + hit.via + "\u201d)" }) : null
      ]);
      button.addEventListener("click", function () { results.hidden = true; focusNode(r.id); });
      results.appendChild(h("li", {}, [button]));
    });
    if (search.value.trim() && !hits.length) results.appendChild(h("li", { className: "skg-hint", "data-test": "no-result", text: "No term matches." }));
    results.hidden = !search.value.trim();
  }

  search.addEventListener("input", showResults);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var first = results.querySelector("[data-test=search-result]");
      if (first) first.click();
    } else if (ev.key === "Escape") {
      results.hidden = true;
    }
  });

  // -- views ----------------------------------------------------------------------------------
  function byCategory(a, b) {
    var ca = (CATS[root(a)] || {}).label || root(a), cb = (CATS[root(b)] || {}).label || root(b);
    return ca.localeCompare(cb) || String(a.data("label")).localeCompare(String(b.data("label")));
  }

  // Focusing a node shows its neighbourhood alone, laid out around it (grouped by category; two
  // rings when it has many neighbours); the home view's positions come back with "whole graph".
  function focusNode(id, again) {
    cy.elements().unselect();
    cy.nodes().removeClass("skg-focus");
    cy.elements().removeClass("skg-near skg-faded skg-named");
    state.mode = "focus";
    state.focus = id;
    if (!again || !state.subject) state.subject = { kind: "node", id: id };
    var vis = applyVisibility();
    var node = NODE[id].el;
    node.addClass("skg-focus");
    var shown = cy.collection(Object.keys(vis.nodes).map(function (id) { return NODE[id].el; }));
    var near = shown.union(cy.collection(EDGES.filter(function (r) { return vis.edges[r.id]; }).map(function (r) { return r.el; })));
    near.addClass("skg-near");
    // the relation names on the edges when they fit (else on hover, and in the panel)
    if (Object.keys(vis.edges).length <= 30) near.edges().addClass("skg-named");
    var others = shown.not(node).sort(byCategory);
    var rings = others.length > 48 ? 2 : 1;
    var level = {};
    others.forEach(function (n, i) { level[n.id()] = rings - (i % rings); });
    shown.layout({
      name: "concentric", animate: false, fit: false, avoidOverlap: true, minNodeSpacing: 40,
      startAngle: -Math.PI / 2, sort: byCategory,
      concentric: function (n) { return n.same(node) ? rings + 1 : level[n.id()]; }, levelWidth: function () { return 1; }
    }).run();
    var subject = state.subject.kind === "edge" ? cy.getElementById(state.subject.id) : node;
    subject.select();
    cy.viewport(viewportFor(shownRecords(), NODE[id], 1.5));
    setStep();
    redraw();
    allButton.hidden = false;
    document.body.setAttribute("data-view", "local");
  }

  function goHome() {
    cy.elements().unselect();
    state.mode = "home";
    state.focus = null;
    if (CENTRE) state.subject = { kind: "node", id: CENTRE };
    cy.batch(function () {
      cy.elements().removeClass("skg-near skg-faded skg-named");
      cy.nodes().removeClass("skg-focus");
      cy.nodes().positions(function (n) { return NODE[n.id()].home; });
    });
    applyVisibility();
    cy.viewport(homeViewport());
    setStep();
    redraw();
    allButton.hidden = true;
    document.body.setAttribute("data-view", "global");
  }
  allButton.addEventListener("click", goHome);

  function focusEdge(edge) {
    cy.elements().unselect();
    edge.select();
    state.subject = { kind: "edge", id: edge.id() };
    if (state.mode === "home") {
      cy.batch(function () {
        var ends = edge.union(edge.connectedNodes());
        cy.elements().removeClass("skg-faded skg-near");
        cy.elements().not(ends).addClass("skg-faded");
        ends.addClass("skg-near");
      });
    }
    refreshPanel();
  }

  // -- the side panel -------------------------------------------------------------------------
  function docLabel(id) {
    var d = DOCS[id];
    return d && d.title ? id + " \u2014 " + d.title : id;
  }
  function shortDoc(id) { return String(id || "").replace(/^SKGDOC:/, ""); }

  function qualifierWords(k, values) {
    var v = list(values).map(label).join(", ");
    if (k === "circumstance" || k === "proportion") return v;
    if (k === "population") return "in " + v;
    if (k === "phase") return "in the " + v;
    if (k === "line_of_therapy") return v + " line";
    return k.replace(/_/g, " ") + ": " + v;
  }

  var VERBS = {
    "is a": "is a kind of", "has active ingredient": "has the active ingredient", "has adverse effect": "has the adverse effect",
    "has brand": "has the brand", "has component": "has the component", "has dose regimen": "has the dose regimen",
    "has presentation feature": "has the presentation feature", "has symptom": "has the symptom",
    "red flag for": "is a red flag for", "risk factor for": "is a risk factor for", "result of": "is a result of",
    "alternative to": "is an alternative to", "in drug class": "is in the drug class"
  };
  function verb(key) {
    var l = (PREDS[key] || {}).label || key;
    if (VERBS[l]) return VERBS[l];
    return /^(has|treats|causes|suggests|prevents|progresses)\b/.test(l) ? l : "is " + l;
  }

  // "S P O [C1, C2] ; S P O" -> "ibuprofen is a kind of NSAID; NSAID has the adverse effect
  // bleeding ulcer (D002, especially great for long-term users)"
  function derivationWords(text, evidence) {
    var byClaim = {};
    evidence.forEach(function (ev) { byClaim[ev.claim] = ev; });
    return String(text).split(" ; ").map(function (step) {
      var m = /^(\S+) (\S+) (\S+)(?: \[(.*)\])?$/.exec(step.trim());
      if (!m) return step;
      var words = label(m[1]) + " " + verb(m[2]) + " " + label(m[3]);
      var extra = [];
      (m[4] ? m[4].split(/,\s*/) : []).forEach(function (c) {
        var ev = byClaim[c];
        if (!ev) return;
        if (ev.document && extra.indexOf(shortDoc(ev.document)) < 0) extra.push(shortDoc(ev.document));
        Object.keys(ev.qualifiers || {}).forEach(function (k) {
          var w = qualifierWords(k, ev.qualifiers[k]);
          if (extra.indexOf(w) < 0) extra.push(w);
        });
      });
      return words + (extra.length ? " (" + extra.join(", ") + ")" : "");
    }).join("; ");
  }

  function claimRow(ev) {
    var quals = Object.keys(ev.qualifiers || {}).map(function (k) {
      return k.replace(/_/g, " ") + ": " + list(ev.qualifiers[k]).map(label).join(", ");
    });
    return h("div", { className: "skg-claim", "data-test": "claim", "data-claim": ev.claim }, [
      h("span", { className: "skg-curie", text: ev.claim }), " \u00b7 " + ev.stance,
      quals.length ? " \u00b7 " + quals.join(" \u00b7 ") : null,
      ev.curator_mapping ? " \u00b7 curator mapping (no source text)" : null,
      ev.comment ? h("div", { className: "skg-claim-meta", text: "Curator note: " + ev.comment }) : null
    ]);
  }

  // The evidence of one edge, by document: each quoted passage once, with the claims it supports
  // (passages that support the same claims together, then those claims once). A passage already
  // shown higher in the panel is named, not repeated.
  function evidenceView(evidence, ctx, where) {
    var out = [], docs = [], byDoc = {};
    evidence.forEach(function (ev) {
      var d = ev.document || "";
      if (!byDoc[d]) { byDoc[d] = { spans: [], keyed: {}, bare: [] }; docs.push(d); }
      var g = byDoc[d];
      if (!(ev.spans || []).length) g.bare.push(ev);
      (ev.spans || []).forEach(function (s) {
        var k = s.start + "-" + s.end + "|" + s.quote;
        if (!g.keyed[k]) { g.keyed[k] = { span: s, claims: [] }; g.spans.push(g.keyed[k]); }
        if (g.keyed[k].claims.indexOf(ev) < 0) g.keyed[k].claims.push(ev);
      });
    });
    docs.forEach(function (d) {
      var g = byDoc[d], groups = [];
      if (d) out.push(h("div", { className: "skg-doc", "data-test": "document", text: docLabel(d) }));
      g.spans.sort(function (a, b) { return a.span.start - b.span.start || a.span.end - b.span.end; });
      g.spans.forEach(function (item) {
        var key = item.claims.map(function (ev) { return ev.claim; }).sort().join(" ");
        var last = groups[groups.length - 1];
        if (last && last.key === key) last.items.push(item); else groups.push({ key: key, items: [item], claims: item.claims });
      });
      groups.forEach(function (group) {
        var refs = null;  // passages shown higher up, one line for each edge they are under
        group.items.forEach(function (item) {
          var shown = passage(d, item.span, ctx, where);
          if (!shown.ref) { refs = null; out = out.concat(shown); return; }
          if (refs && refs.first.where === shown.first.where) refs.offsets.push(shown.offsets);
          else { refs = { first: shown.first, offsets: [shown.offsets] }; out.push(refLine(refs)); }
          refs.el.textContent = (refs.offsets.length > 1 ? "The same passages (" : "The same passage (") + refs.offsets.join(", ") +
            ") as under \u201c" + refs.first.where + "\u201d above";
        });
        out.push(h("div", { className: "skg-supports" }, [
          h("div", { className: "skg-claim-meta", text: (group.items.length > 1 ? "These passages support " : "It supports ") +
            (group.claims.length > 1 ? group.claims.length + " claims:" : "the claim:") })
        ].concat(group.claims.map(claimRow))));
      });
      g.bare.forEach(function (ev) { out.push(claimRow(ev)); });
    });
    return out;
  }

  // a passage: the quote and its offsets the first time the panel shows it, else where it is
  function passage(d, s, ctx, where) {
    var key = d + "@" + s.start + "-" + s.end + "|" + s.quote;
    var offsets = shortDoc(d) + " @" + s.start + "\u2013" + s.end;
    var first = ctx.quotes[key];
    if (first) return { ref: true, first: first, offsets: offsets };
    var quote = h("blockquote", { className: "skg-quote", "data-test": "quote", text: s.quote });
    ctx.quotes[key] = { el: quote, where: where };
    return [quote, h("div", { className: "skg-offsets", text: offsets })];
  }

  function refLine(refs) {
    var line = h("div", { className: "skg-quote-ref", "data-test": "quote-ref", role: "button", tabindex: "0" });
    function go() {
      var el = refs.first.el;
      el.scrollIntoView({ block: "center" });
      el.classList.add("skg-flash");
      setTimeout(function () { el.classList.remove("skg-flash"); }, 900);
    }
    line.addEventListener("click", go);
    line.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); go(); } });
    refs.el = line;
    return line;
  }

  function edgeTitle(d) { return label(d.source) + " \u2014 " + d.label + " \u2192 " + label(d.target); }

  function edgeView(edge, open, ctx) {
    var d = edge.data();
    var head = h("div", { className: "skg-edge-head" }, [
      edgeTitle(d),
      d.inferred ? h("span", { className: "skg-badge skg-inferred", text: "inferred" }) : null
    ].concat(list(d.stance).map(function (s) {
      return h("span", { className: "skg-badge" + (s === "contraindicated" ? " skg-contra" : ""), text: s });
    })));
    head.addEventListener("click", function () { focusEdge(edge); });
    var body = [];
    var evidence = list(d.evidence);
    if (d.inferred) {
      body.push(h("div", { className: "skg-claim-meta", text: "Inferred by rule " + list(d.rules).join(", ") +
        (list(d.via).length ? ", through " + list(d.via).map(label).join(", ") : "") + ", from:" }));
      list(d.derivations).forEach(function (x) {
        body.push(h("div", { className: "skg-derivation", "data-test": "derivation", "data-triples": x, title: x, text: derivationWords(x, evidence) }));
      });
    }
    if (!evidence.length && d.key === ISA) body.push(h("div", { className: "skg-claim-meta", text: "Curated hierarchy (no source sentence states it)." }));
    body = body.concat(evidenceView(evidence, ctx, edgeTitle(d)));
    var box = h("div", { className: "skg-edge" + (d.key === "SKG:contraindicatedIn" ? " skg-edge-contra" : ""), "data-test": "edge", "data-edge-id": edge.id() }, [head]);
    if (open || evidence.length <= 3) body.forEach(function (b) { box.appendChild(b); });
    else box.appendChild(h("details", {}, [h("summary", { text: evidence.length + " claims" })].concat(body)));
    return box;
  }

  function row(term, value, test) {
    return [h("dt", { text: term }), h("dd", test ? { "data-test": test } : {}, [value])];
  }

  // safety first: contraindications and advice against, then the other relations, is-a last
  var FIRST = { "SKG:contraindicatedIn": 0, "SKG:advisedAgainstFor": 1, "SKG:hasAdverseEffect": 2 };
  function rank(edge) {
    var key = edge.data("key");
    return key in FIRST ? FIRST[key] : (key === ISA ? 9 : 5);
  }

  function showNode(node) {
    var d = node.data();
    var ctx = { quotes: {} };
    panel.textContent = "";
    panel.setAttribute("data-kind", "node");
    panel.setAttribute("data-id", node.id());
    var swatch = h("span", { className: "skg-swatch" });
    swatch.style.background = d.colour;
    panel.appendChild(h("h2", { "data-test": "panel-title", text: d.label }));
    panel.appendChild(h("div", {}, [swatch, " ", h("span", { text: d.category_label }), " ", h("span", { className: "skg-curie", text: node.id() }),
      node.hasClass("skg-centre") ? h("span", { className: "skg-badge skg-mark", text: "the term of this file" }) : null]));
    var dl = h("dl");
    row("Definition", d.definition || "", "definition").forEach(function (x) { dl.appendChild(x); });
    if (list(d.synonyms).length) row("Synonyms and brand names", list(d.synonyms).join("; "), "synonyms").forEach(function (x) { dl.appendChild(x); });
    if (list(d.xrefs).length) row("Cross-references", list(d.xrefs).join(", "), "xrefs").forEach(function (x) { dl.appendChild(x); });
    panel.appendChild(dl);
    var all = NODE[node.id()].edges;
    var edges = node.connectedEdges().not(".skg-hidden").sort(function (a, b) {
      return rank(a) - rank(b) || String(a.data("label")).localeCompare(String(b.data("label"))) ||
        Number(a.data("inferred")) - Number(b.data("inferred")) || (a.id() < b.id() ? -1 : 1);
    });
    panel.appendChild(h("h3", { text: "What the sources say (" + edges.length + (edges.length === 1 ? " edge" : " edges") + " shown)" }));
    var hidden = all.length - edges.length;
    if (hidden) {
      panel.appendChild(h("p", { className: "skg-note-line", "data-test": "panel-note",
        text: hidden + (hidden === 1 ? " more edge is" : " more edges are") + " hidden by the filters" +
          (state.mode === "home" && !showIsa.checked ? " (is-a edges are hidden in this view)" : "") + "." }));
    }
    edges.forEach(function (e) { panel.appendChild(edgeView(e, false, ctx)); });
  }

  function showEdge(edge) {
    panel.textContent = "";
    panel.setAttribute("data-kind", "edge");
    panel.setAttribute("data-id", edge.id());
    panel.appendChild(h("h2", { "data-test": "panel-title", text: edgeTitle(edge.data()) }));
    panel.appendChild(h("div", { className: "skg-curie", text: edge.data("key") }));
    if (edge.hasClass("skg-hidden")) panel.appendChild(h("p", { className: "skg-note-line", "data-test": "panel-note", text: "This edge is hidden by the filters." }));
    panel.appendChild(edgeView(edge, true, { quotes: {} }));
  }

  function refreshPanel() {
    var s = state.subject;
    var el = s ? cy.getElementById(s.id) : null;
    var top = panel.getAttribute("data-id") === (s && s.id) ? panel.scrollTop : 0;
    if (!el || !el.length) return;
    if (s.kind === "node") showNode(el); else showEdge(el);
    panel.scrollTop = top;
  }

  cy.on("tap", "node", function (evt) { focusNode(evt.target.id()); });
  cy.on("tap", "edge", function (evt) { focusEdge(evt.target); });
  cy.on("tap", function (evt) {
    if (evt.target === cy) {
      cy.elements().unselect();
      cy.elements().removeClass("skg-faded");
    }
  });
  cy.on("mouseover", "node, edge", function (evt) { evt.target.addClass("skg-hover"); });
  cy.on("mouseout", "node, edge", function (evt) { evt.target.removeClass("skg-hover"); });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape" && !allButton.hidden && ev.target !== search) goHome(); });

  // -- start ---------------------------------------------------------------------------------
  window.skg = {
    cy: cy, find: find, showAll: goHome,
    focusNode: function (id) { focusNode(id); },
    focusEdge: function (id) { focusEdge(cy.getElementById(id)); },
    labelled: function () { return shownNodes().filter(labelOn); },
    labelZoom: function (id) { return LZ[id]; },
    step: function () { return Q; },
    relabelling: function () { return relabel !== null; },
    state: function () { return { mode: state.mode, focus: state.focus, centre: CENTRE }; }
  };
  document.body.setAttribute("data-view", "global");
  if (CENTRE) allButton.textContent = "\u2190 Around " + label(CENTRE);
  buildFilters();
  drawRegions();
  showStatus();
  refreshPanel();
  document.body.setAttribute("data-ready", "true");
})();
