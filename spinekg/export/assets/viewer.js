/* spinekg viewer: one self-contained page over Cytoscape.js.
 * Every text from the graph goes into the page as textContent, never as HTML. */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("skg-data").textContent);
  var META = DATA.graph || {};
  var DOCS = META.documents || {};
  var CATS = META.categories || {};
  var PREDS = META.predicates || {};

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

  var cy = cytoscape({
    container: document.getElementById("skg-cy"),
    elements: DATA.elements,
    minZoom: 0.05,
    maxZoom: 4,
    style: [
      { selector: "node", style: {
        "background-color": "data(colour)", "label": "data(label)", "width": 14, "height": 14,
        "font-size": 10, "min-zoomed-font-size": 12, "text-valign": "bottom", "text-margin-y": 2,
        "color": "#222", "text-outline-color": "#fff", "text-outline-width": 1.5,
        "border-width": 1, "border-color": "#555" } },
      { selector: "node[category = 'SKG:DoseRegimen']", style: { "shape": "round-rectangle" } },
      { selector: "edge", style: {
        "width": 1, "line-color": "#b8b8b8", "target-arrow-color": "#b8b8b8", "target-arrow-shape": "triangle",
        "arrow-scale": 0.6, "curve-style": "bezier", "font-size": 8, "min-zoomed-font-size": 9,
        "text-rotation": "autorotate", "color": "#444", "text-outline-color": "#fff", "text-outline-width": 1 } },
      { selector: "edge[key = 'rdfs:subClassOf']", style: { "line-color": "#dddddd", "target-arrow-color": "#dddddd", "target-arrow-shape": "triangle-backcurve" } },
      { selector: "edge[key = 'SKG:contraindicatedIn']", style: { "line-color": "#d62728", "target-arrow-color": "#d62728", "width": 1.6 } },
      { selector: "edge[key = 'SKG:advisedAgainstFor']", style: { "line-color": "#e07b39", "target-arrow-color": "#e07b39" } },
      { selector: "edge[?inferred]", style: { "line-style": "dashed" } },
      { selector: ".skg-faded", style: { "opacity": 0.12 } },
      { selector: "edge.skg-near", style: { "label": "data(label)", "width": 1.8 } },
      { selector: "node.skg-near", style: { "font-size": 11, "min-zoomed-font-size": 0, "text-wrap": "wrap", "text-max-width": 120 } },
      { selector: "node:selected", style: { "border-width": 3, "border-color": "#000", "width": 20, "height": 20, "font-weight": "bold" } },
      { selector: "edge:selected", style: { "width": 3.5, "line-color": "#111", "target-arrow-color": "#111", "label": "data(label)" } },
      { selector: ".skg-hidden, .skg-away", style: { "display": "none" } }
    ],
    layout: { name: "preset" }
  });

  var status = document.getElementById("skg-status");
  var panel = document.getElementById("skg-panel");
  var search = document.getElementById("skg-search");
  var results = document.getElementById("skg-results");

  function label(id) {
    var n = cy.getElementById(id);
    return n.length ? n.data("label") : id;
  }

  // -- filters -------------------------------------------------------------------------------
  var catOn = {}, relOn = {};
  var showInferred = document.getElementById("skg-inferred");

  function countBy(items, key) {
    var out = {};
    items.forEach(function (x) { var k = key(x); out[k] = (out[k] || 0) + 1; });
    return out;
  }

  function buildFilters() {
    var legend = document.getElementById("skg-legend");
    var roots = countBy(cy.nodes(), function (n) { return n.data("root"); });
    Object.keys(roots).sort(function (a, b) {
      return ((CATS[a] || {}).label || a).localeCompare((CATS[b] || {}).label || b);
    }).forEach(function (root) {
      catOn[root] = true;
      var colour = cy.nodes().filter(function (n) { return n.data("root") === root; })[0].data("colour");
      var box = h("input", { type: "checkbox", checked: "checked" });
      box.addEventListener("change", function () { catOn[root] = box.checked; applyFilters(); });
      var swatch = h("span", { className: "skg-swatch" });
      swatch.style.background = colour;
      legend.appendChild(h("li", {}, [h("label", { className: "skg-check", "data-test": "category-filter", "data-category": root }, [
        box, swatch, h("span", { text: (CATS[root] || {}).label || root }), h("span", { className: "skg-count", text: String(roots[root]) })
      ])]));
    });
    var rels = document.getElementById("skg-relations");
    var keys = countBy(cy.edges(), function (e) { return e.data("key"); });
    Object.keys(keys).sort(function (a, b) {
      return ((PREDS[a] || {}).label || a).localeCompare((PREDS[b] || {}).label || b);
    }).forEach(function (key) {
      relOn[key] = true;
      var box = h("input", { type: "checkbox", checked: "checked" });
      box.addEventListener("change", function () { relOn[key] = box.checked; applyFilters(); });
      rels.appendChild(h("li", {}, [h("label", { className: "skg-check", "data-test": "relation-filter", "data-predicate": key }, [
        box, h("span", { text: (PREDS[key] || {}).label || key }), h("span", { className: "skg-count", text: String(keys[key]) })
      ])]));
    });
    showInferred.addEventListener("change", applyFilters);
  }

  function applyFilters() {
    cy.batch(function () {
      cy.nodes().forEach(function (n) { n.toggleClass("skg-hidden", !catOn[n.data("root")]); });
      cy.edges().forEach(function (e) {
        var off = !relOn[e.data("key")] || (e.data("inferred") && !showInferred.checked) ||
          e.source().hasClass("skg-hidden") || e.target().hasClass("skg-hidden");
        e.toggleClass("skg-hidden", off);
      });
    });
    showCounts();
  }

  function showCounts() {
    var n = cy.nodes().not(".skg-hidden").length, e = cy.edges().not(".skg-hidden").length;
    status.textContent = n + " of " + cy.nodes().length + " nodes, " + e + " of " + cy.edges().length + " edges shown";
  }

  // -- search --------------------------------------------------------------------------------
  var index = cy.nodes().map(function (n) {
    return { node: n, label: String(n.data("label")).toLowerCase(), id: n.id().toLowerCase(),
             synonyms: list(n.data("synonyms")).map(function (s) { return String(s); }) };
  });

  function find(query) {
    var q = query.trim().toLowerCase();
    if (!q) return [];
    var hits = [];
    index.forEach(function (x) {
      if (x.node.hasClass("skg-hidden")) return;
      var score = -1, via = null;
      if (x.label === q || x.id === q || x.id === "skg:" + q) score = 0;
      else if (x.label.indexOf(q) === 0) score = 1;
      else if (x.label.indexOf(q) > 0) score = 3;
      x.synonyms.forEach(function (s) {
        var l = s.toLowerCase(), sc = l === q ? 2 : (l.indexOf(q) >= 0 ? 4 : -1);
        if (sc >= 0 && (score < 0 || sc < score)) { score = sc; via = s; }
      });
      if (score < 0 && x.id.indexOf(q) >= 0) score = 5;
      if (score >= 0) hits.push({ x: x, score: score, via: via });
    });
    hits.sort(function (a, b) { return a.score - b.score || a.x.label.length - b.x.label.length || a.x.label.localeCompare(b.x.label); });
    return hits.slice(0, 40);
  }

  function showResults() {
    var hits = find(search.value);
    results.textContent = "";
    hits.forEach(function (hit) {
      var n = hit.x.node;
      var button = h("button", { type: "button", "data-test": "search-result", "data-id": n.id() }, [
        h("span", { text: n.data("label") }),
        h("span", { className: "skg-cat", text: n.data("category_label") }),
        hit.via ? h("span", { className: "skg-match", text: "(as \u201c" + hit.via + "\u201d)" }) : null
      ]);
      button.addEventListener("click", function () { results.hidden = true; focusNode(n); });
      results.appendChild(h("li", {}, [button]));
    });
    if (search.value.trim() && !hits.length) results.appendChild(h("li", { className: "skg-hint", "data-test": "no-result", text: "No visible term matches." }));
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

  // -- selection and the side panel ----------------------------------------------------------
  function highlight(eles) {
    cy.batch(function () {
      cy.elements().removeClass("skg-faded skg-near");
      if (!eles) return;
      cy.elements().not(eles).addClass("skg-faded");
      eles.addClass("skg-near");
    });
  }

  // Focusing a node shows its neighbourhood alone, laid out around it; "whole graph" restores the
  // overview positions saved after the first layout.
  var home = null;
  var allButton = document.getElementById("skg-all");

  function focusNode(node) {
    cy.elements().unselect();
    var edges = node.connectedEdges().not(".skg-hidden");
    var near = node.union(edges).union(edges.connectedNodes());
    cy.batch(function () {
      cy.elements().removeClass("skg-away skg-near skg-faded");
      cy.elements().not(near).addClass("skg-away");
      near.addClass("skg-near");
    });
    near.layout({
      name: "concentric", animate: false, fit: true, padding: 50, avoidOverlap: true, minNodeSpacing: 70,
      concentric: function (n) { return n.same(node) ? 2 : 1; }, levelWidth: function () { return 1; }
    }).run();
    if (cy.zoom() > 1.5) { cy.zoom(1.5); cy.center(node); }
    node.select();
    allButton.hidden = false;
    document.body.setAttribute("data-view", "local");
    showNode(node);
  }

  function showAll() {
    cy.batch(function () {
      cy.elements().removeClass("skg-away skg-near skg-faded");
      if (home) cy.nodes().positions(function (n) { return home[n.id()]; });
    });
    cy.fit(cy.elements().not(".skg-hidden"), 20);
    allButton.hidden = true;
    document.body.setAttribute("data-view", "global");
  }
  allButton.addEventListener("click", showAll);

  function focusEdge(edge) {
    cy.elements().unselect();
    edge.select();
    if (document.body.getAttribute("data-view") !== "local") highlight(edge.union(edge.connectedNodes()));
    showEdge(edge);
  }

  function docLabel(id) {
    var d = DOCS[id];
    return d && d.title ? id + " \u2014 " + d.title : id;
  }

  function claimView(ev) {
    var spans = (ev.spans || []).map(function (s) {
      return h("div", {}, [
        h("blockquote", { className: "skg-quote", "data-test": "quote", text: s.quote }),
        h("div", { className: "skg-offsets", text: (ev.document || "") + " @" + s.start + "\u2013" + s.end })
      ]);
    });
    var quals = Object.keys(ev.qualifiers || {}).map(function (k) {
      return h("div", { className: "skg-claim-meta", text: k.replace(/_/g, " ") + ": " + list(ev.qualifiers[k]).map(label).join(", ") });
    });
    return h("div", { className: "skg-claim", "data-test": "claim", "data-claim": ev.claim }, [
      h("div", { className: "skg-claim-meta" }, [
        h("span", { className: "skg-curie", text: ev.claim }), " \u00b7 " + ev.stance,
        ev.curator_mapping ? " \u00b7 curator mapping (no source text)" : null
      ]),
      ev.document ? h("div", { className: "skg-claim-meta", "data-test": "document", text: docLabel(ev.document) }) : null
    ].concat(spans, quals, [ev.comment ? h("div", { className: "skg-claim-meta", text: "Curator note: " + ev.comment }) : null]));
  }

  function edgeView(edge, open) {
    var d = edge.data();
    var head = h("div", { className: "skg-edge-head" }, [
      label(d.source) + " \u2014 " + d.label + " \u2192 " + label(d.target),
      d.inferred ? h("span", { className: "skg-badge skg-inferred", text: "inferred" }) : null
    ].concat(list(d.stance).map(function (s) {
      return h("span", { className: "skg-badge" + (s === "contraindicated" ? " skg-contra" : ""), text: s });
    })));
    head.addEventListener("click", function () { focusEdge(edge); });
    var body = [];
    if (d.inferred) {
      body.push(h("div", { className: "skg-claim-meta", text: "Derived by rule " + list(d.rules).join(", ") + (list(d.via).length ? ", through " + list(d.via).map(label).join(", ") : "") + ". It rests on:" }));
      list(d.derivations).forEach(function (x) { body.push(h("div", { className: "skg-derivation", "data-test": "derivation", text: x })); });
    }
    var evidence = list(d.evidence);
    if (!evidence.length && d.key === "rdfs:subClassOf") body.push(h("div", { className: "skg-claim-meta", text: "Curated hierarchy (no source sentence states it)." }));
    evidence.forEach(function (ev) { body.push(claimView(ev)); });
    var box = h("div", { className: "skg-edge", "data-test": "edge", "data-edge-id": edge.id() }, [head]);
    if (open || evidence.length <= 3) body.forEach(function (b) { box.appendChild(b); });
    else {
      var details = h("details", {}, [h("summary", { text: evidence.length + " claims" })].concat(body));
      box.appendChild(details);
    }
    return box;
  }

  function row(term, value, test) {
    return [h("dt", { text: term }), h("dd", test ? { "data-test": test } : {}, [value])];
  }

  // safety first: contraindications and advice against, then the other relations, is-a last
  var FIRST = { "SKG:contraindicatedIn": 0, "SKG:advisedAgainstFor": 1, "SKG:hasAdverseEffect": 2 };
  function rank(edge) {
    var key = edge.data("key");
    return key in FIRST ? FIRST[key] : (key === "rdfs:subClassOf" ? 9 : 5);
  }

  function showNode(node) {
    var d = node.data();
    panel.textContent = "";
    panel.setAttribute("data-kind", "node");
    panel.setAttribute("data-id", node.id());
    var swatch = h("span", { className: "skg-swatch" });
    swatch.style.background = d.colour;
    panel.appendChild(h("h2", { "data-test": "panel-title", text: d.label }));
    panel.appendChild(h("div", {}, [swatch, " ", h("span", { text: d.category_label }), " ", h("span", { className: "skg-curie", text: node.id() })]));
    var dl = h("dl");
    row("Definition", d.definition || "", "definition").forEach(function (x) { dl.appendChild(x); });
    if (list(d.synonyms).length) row("Synonyms and brand names", list(d.synonyms).join("; "), "synonyms").forEach(function (x) { dl.appendChild(x); });
    if (list(d.xrefs).length) row("Cross-references", list(d.xrefs).join(", "), "xrefs").forEach(function (x) { dl.appendChild(x); });
    panel.appendChild(dl);
    var edges = node.connectedEdges().not(".skg-hidden").sort(function (a, b) {
      return rank(a) - rank(b) || String(a.data("label")).localeCompare(String(b.data("label"))) ||
        Number(a.data("inferred")) - Number(b.data("inferred")) || a.id().localeCompare(b.id());
    });
    panel.appendChild(h("h3", { text: "What the sources say (" + edges.length + " edges)" }));
    edges.forEach(function (e) { panel.appendChild(edgeView(e, false)); });
    panel.scrollTop = 0;
  }

  function showEdge(edge) {
    panel.textContent = "";
    panel.setAttribute("data-kind", "edge");
    panel.setAttribute("data-id", edge.id());
    panel.appendChild(h("h2", { "data-test": "panel-title", text: label(edge.data("source")) + " \u2014 " + edge.data("label") + " \u2192 " + label(edge.data("target")) }));
    panel.appendChild(h("div", { className: "skg-curie", text: edge.data("key") }));
    panel.appendChild(edgeView(edge, true));
    panel.scrollTop = 0;
  }

  cy.on("tap", "node", function (evt) { focusNode(evt.target); });
  cy.on("tap", "edge", function (evt) { focusEdge(evt.target); });
  cy.on("tap", function (evt) { if (evt.target === cy) { cy.elements().unselect(); highlight(null); } });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape" && !allButton.hidden && ev.target !== search) showAll(); });

  // -- start ---------------------------------------------------------------------------------
  window.skg = { cy: cy, showAll: showAll, focusNode: function (id) { focusNode(cy.getElementById(id)); }, focusEdge: function (id) { focusEdge(cy.getElementById(id)); } };
  document.body.setAttribute("data-view", "global");
  buildFilters();
  var layout = cy.layout({
    name: "cose", animate: false, randomize: true, fit: true, padding: 20,
    nodeRepulsion: function () { return 20000; }, idealEdgeLength: function () { return 60; },
    numIter: 250, nodeDimensionsIncludeLabels: false
  });
  layout.one("layoutstop", function () {
    home = {};
    cy.nodes().forEach(function (n) { var p = n.position(); home[n.id()] = { x: p.x, y: p.y }; });
    showCounts();
    document.body.setAttribute("data-ready", "true");
  });
  setTimeout(function () { layout.run(); }, 0);
})();
