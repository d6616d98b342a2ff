"""The HTML viewer, timed like a user: from navigation start to the first successful search.

    python benchmarks/viewer.py               # 7 runs of each page, interleaved
    python benchmarks/viewer.py --runs 3
    python benchmarks/viewer.py --page old.html:ibuprofen:SKG:Ibuprofen   # any other page too

Needs Chromium (Debian's /usr/bin/chromium) and Playwright, as the viewer's browser tests do.
Prints a Markdown table (medians, with the range). What is measured, in headless Chromium with a
1500x950 window, a fresh browser context for every run:

- **first search**: from navigation start until the page shows the expected result for a search
  and has painted it. A script that runs before the page's own types the query into the search box
  every 10 ms (the same input event a keystroke sends); its timer only runs when the page's main
  thread is free, as a user's typing would only be answered then. The time is taken in the frame
  that paints the result.
- **ready**: until ``<body data-ready="true">`` (the first view drawn by the page's script).
- **busy**: the main thread's long tasks (over 50 ms) up to the first search, summed.

Pages, all written in the same run from the same graph:

1. the full graph (``spinekg export -o kg.html``), positions computed when the file is written;
2. the depth-2 pregnancy view (``spinekg export --term pregnancy --depth 2``);
3. baseline: the full graph with Cytoscape.js computing the layout in the browser (the same page
   with ``cose``, the previous viewer's settings, instead of the preset positions);
4. baseline: the viewer on a one-term graph (``--term pregnancy --depth 0``): what the page and
   Cytoscape.js cost with (almost) no graph.

And the export's own cost: ``to_html`` and ``write_html`` in-process (median of 5), the layout
alone, and the whole ``spinekg export -o kg.html`` process beside ``spinekg export -o kg.cyjs``
(the same graph written as Cytoscape.js JSON: everything but the viewer), with the page's size.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import spinekg
from spinekg.export.viewer import layout, to_html, write_html

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SPINEKG = str(Path(sys.executable).parent / "spinekg")

# typed into the search box every 10 ms until the expected result is shown; the time is taken in
# the frame that paints it
PROBE = """
(() => {
  window.__bench = { busy: 0 };
  try {
    new PerformanceObserver(list => list.getEntries().forEach(e => { if (!('search' in window.__bench)) window.__bench.busy += e.duration; }))
      .observe({ type: 'longtask', buffered: true });
  } catch (e) {}
  const ready = new MutationObserver(() => {
    if (document.body && document.body.getAttribute('data-ready') === 'true' && !('ready' in window.__bench)) window.__bench.ready = performance.now();
  });
  ready.observe(document, { attributes: true, subtree: true, attributeFilter: ['data-ready'] });
  const timer = setInterval(() => {
    const box = document.querySelector('[data-test=search]');
    if (!box) return;
    if (document.querySelector('[data-test=search-result][data-id="' + WANT + '"]')) {
      clearInterval(timer);
      requestAnimationFrame(() => { window.__bench.search = performance.now(); });
      return;
    }
    box.value = QUERY;
    box.dispatchEvent(new Event('input', { bubbles: true }));
  }, 10);
})();
"""


def browser_layout(page: str) -> str:
    """The same page with Cytoscape.js laying the graph out in the browser (cose, as the viewer did
    before its layout was computed when the file is written)."""
    preset = 'layout: { name: "preset", fit: false }'
    assert page.count(preset) == 1, "the viewer's Cytoscape.js layout option has moved"
    cose = (
        'layout: { name: "cose", animate: false, randomize: true, fit: true, padding: 20, '
        "nodeRepulsion: function () { return 20000; }, idealEdgeLength: function () { return 60; }, numIter: 250 }"
    )
    return page.replace(preset, cose)


def time_pages(pages: list[tuple[str, Path, str, str]], runs: int) -> dict[str, list[dict[str, float]]]:
    from playwright.sync_api import sync_playwright

    out: dict[str, list[dict[str, float]]] = {name: [] for name, *_ in pages}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        for _ in range(runs):
            for name, path, query, want in pages:  # interleaved: every page sees the same machine
                context = browser.new_context(viewport={"width": 1500, "height": 950})
                page = context.new_page()
                page.add_init_script(PROBE.replace("QUERY", repr(query)).replace("WANT", repr(want)))
                page.goto(path.as_uri(), wait_until="commit")
                page.wait_for_function("() => window.__bench && 'search' in window.__bench", timeout=300_000, polling=50)
                got: dict[str, Any] = page.evaluate("() => window.__bench")
                out[name].append({k: float(v) for k, v in got.items()})
                context.close()
        browser.close()
    return out


def median_range(values: list[float]) -> str:
    return f"{statistics.median(values):,.0f} ms ({min(values):,.0f}–{max(values):,.0f})"


def median_time(fn: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7, help="runs of each page (default 7)")
    ap.add_argument("--page", action="append", default=[], metavar="FILE:QUERY:ID", help="another page to time: a search for QUERY must show ID")
    a = ap.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"Chromium not found ({CHROMIUM}): apt-get install -y chromium")

    kg = spinekg.load()
    full = kg.to_networkx()
    pregnancy = kg.to_networkx(term="pregnancy", depth=2)
    alone = kg.to_networkx(term="pregnancy", depth=0)
    folder = Path(tempfile.mkdtemp(prefix="skg-viewer-bench-"))
    page = to_html(full)
    files = {"full": folder / "kg.html", "pregnancy": folder / "pregnancy.html", "cose": folder / "kg-cose.html", "one": folder / "one.html"}
    files["full"].write_text(page, encoding="utf-8")
    files["pregnancy"].write_text(to_html(pregnancy), encoding="utf-8")
    files["cose"].write_text(browser_layout(page), encoding="utf-8")
    files["one"].write_text(to_html(alone), encoding="utf-8")
    pages = [
        ("full graph, positions from the file", files["full"], "ibuprofn", "SKG:Ibuprofen"),
        ("pregnancy, depth 2", files["pregnancy"], "pregnacy", "SKG:Pregnancy"),
        ("baseline: full graph, Cytoscape.js lays it out (cose)", files["cose"], "ibuprofn", "SKG:Ibuprofen"),
        ("baseline: one term (the page and Cytoscape.js alone)", files["one"], "pregnancy", "SKG:Pregnancy"),
    ]
    for spec in a.page:
        file, query, want = spec.split(":", 2)
        pages.append((f"{Path(file).name} (given)", Path(file).resolve(), query, want))

    print(f"# viewer benchmark\n\nChromium headless ({CHROMIUM}), 1500x950, {a.runs} runs of each page, interleaved; medians (range).\n")
    timed = time_pages(pages, a.runs)
    print("| page | first search | ready | busy (long tasks) | size |\n|---|---|---|---|---|")
    for name, path, *_ in pages:
        rows = timed[name]
        ready = [r["ready"] for r in rows if "ready" in r]
        print(
            f"| {name} | **{median_range([r['search'] for r in rows])}** | {median_range(ready) if ready else '-'} "
            f"| {median_range([r['busy'] for r in rows])} | {path.stat().st_size / 1e6:.2f} MB |"
        )
    print("\nTarget (issue 18): the full graph interactive in <= 1.5 s.")

    # the export's own cost
    out = folder / "write.html"
    lay = median_time(lambda: layout(full), 5)
    html = median_time(lambda: to_html(full), 5)
    write = median_time(lambda: write_html(full, out), 5)
    cli = median_time(lambda: subprocess.run([SPINEKG, "export", "-o", str(folder / "cli.html")], check=True, capture_output=True), 3)
    base = median_time(lambda: subprocess.run([SPINEKG, "export", "-o", str(folder / "cli.cyjs")], check=True, capture_output=True), 3)
    print("\n| export step (full graph) | median |\n|---|---|")
    print(f"| `layout(graph)` | {lay * 1000:.0f} ms |")
    print(f"| `to_html(graph)` (layout included) | {html * 1000:.0f} ms |")
    print(f"| `write_html(graph, path)` | {write * 1000:.0f} ms |")
    print(f"| `spinekg export -o kg.html`, the whole process | {cli:.2f} s |")
    print(f"| baseline: `spinekg export -o kg.cyjs` (the same graph, no viewer) | {base:.2f} s |")
    print(f"\nHTML: {files['full'].stat().st_size / 1e6:.2f} MB (full graph), {files['pregnancy'].stat().st_size / 1e6:.2f} MB (pregnancy, depth 2).")


if __name__ == "__main__":
    main()
