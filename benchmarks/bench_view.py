#!/usr/bin/env python
"""How long until a large graph view is drawn and answers, in headless Chromium?

    python benchmarks/bench_view.py [--nodes 20000] [--pyvis-timeout 120] [--seed 7]

1. Builds a synthetic knowledge graph of about ``--nodes`` entities with the
   project's own RDF mapping (``kg.rdf.build_dataset`` on generated
   ``Extraction`` values): invented people holding posts in cities, states and
   bodies, taking part in events and making statements; events held in cities
   and organised by bodies; states, cities and regions as members, observers
   and chairs of bodies, with periods; sub-bodies. Real gazetteer entities
   (countries, cities, regions, bodies) are part of it.
2. Writes pages of that graph:
   * ``kg.view.write_view`` with the default cap (``max_nodes=None``, which the
     code maps to ``kg.view.MAX_NODES`` = 10,000 most connected entities);
   * ``kg.view.write_view`` with ``max_nodes=0`` (no cap: nothing left out);
   * pyvis's default page of the same (uncapped) network: ``Network()`` with its
     default options (barnesHut physics, stabilisation of 1,000 iterations,
     "dynamic" smooth edges) rendered by pyvis's own template, in which the CDN
     ``<script>``/``<link>`` tags of vis-network are replaced by the
     vis-network JS/CSS shipped in the pyvis package (inlined) and the
     Bootstrap tags (CDN only; nothing in pyvis ships them) are removed.
3. Opens each page in a fresh headless Chromium (Playwright,
   ``/usr/bin/chromium``), every request other than the page's own file
   blocked, and measures from navigation start:
   * for the project's view, when vis holds every entity (``kgView.loaded``:
     large pages give vis the largest entities first and the rest in slices
     when the page is idle) and the Chromium CPU used until then;
   * the time until the graph is drawn: for the project's view when
     ``window.kgView.ready`` turns true (also its own ``kgView.drawMs``,
     counted from the start of its script); for pyvis the first drawing after
     stabilisation (capped by ``--pyvis-timeout``: "did not stabilise within
     T s", with how far stabilisation got);
   * whether it responds: ``network.selectNodes([id]); network.redraw()`` then
     the next animation frame, timed in the page (median of 5 on the most
     connected entities), a zoom step the same way, and for the project's view
     its search action ``kgView.focusNode(id)`` (select, dim the rest, move).

Goal: the project's view of 20,000 entities drawn in <= 2 s.
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import math
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import load_text, print_footer, print_header, table  # noqa: E402


def chromium_cpu() -> float:
    """CPU seconds (user + system) used so far by the Chromium processes this Python process started."""
    import psutil

    total = 0.0
    for proc in psutil.Process().children(recursive=True):
        try:
            if "chrom" in proc.name().lower():
                t = proc.cpu_times()
                total += t.user + t.system + getattr(t, "children_user", 0) + getattr(t, "children_system", 0)
        except psutil.Error:
            pass
    return total

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
GOAL_S = 2.0

# --------------------------------------------------------------------------- synthetic graph

SYLLABLES_A = ["Kal", "Ro", "Vil", "Hel", "Tur", "Sved", "Mar", "Lie", "Ost", "Nor", "Kur", "Sa", "Pär", "Vis",
               "Ble", "Gra", "Kol", "Ry", "Tal", "Lum", "Ber", "Haa", "Jur", "Ves", "Kir", "Dau", "Ene", "Fal"]
SYLLABLES_B = ["ma", "vik", "by", "holm", "ja", "la", "nes", "ke", "ru", "sk", "stad", "ga", "no", "mi", "ta",
               "lan", "dal", "rup", "iai", "pils", "ava", "ste", "köping", "berg", "munde", "vere"]
ORG_PATTERNS = ["Association of {adj} {noun}", "{adj} {noun} Network", "Council of {adj} {noun}", "{adj} {noun} Forum",
                "Union of {adj} {noun}", "{adj} {noun} Alliance", "Commission on {adj} {noun}",
                "{adj} {noun} Partnership", "Conference of {adj} {noun}"]
ORG_ADJ = ["Baltic", "Nordic", "Coastal", "Maritime", "Island", "Northern", "Hanseatic", "Border", "Lake", "Arctic",
           "Amber", "Bothnian", "Pomeranian", "Curonian", "Sound", "Archipelago"]
ORG_NOUN = ["Ports", "Cities", "Regions", "Universities", "Chambers of Commerce", "Fishermen", "Islands", "Museums",
            "Ferry Operators", "Energy Agencies", "Youth Councils", "Hospitals", "Water Utilities", "Tourism Boards",
            "Libraries", "Rescue Services", "Film Funds", "Sailing Clubs", "Farmers", "Heritage Sites"]
EVENT_KINDS = ["Annual Conference", "General Assembly", "Ministerial Session", "Summit", "Forum", "Plenary Session"]
POST_TITLES = {"city": ["Mayor", "Deputy Mayor"], "country": ["Minister of Foreign Affairs", "State Secretary",
                                                             "Minister of the Environment", "Member of Parliament"],
               "org": ["Secretary General", "Director", "Chair", "Vice-President", "Senior Adviser"]}


def build_synthetic_graph(n_nodes: int, seed: int):
    """A Dataset of about ``n_nodes`` entities, made by the project's own RDF mapping."""
    from kg.gazetteer import load_gazetteer
    from kg.model import Article, DateValue, Entity, Extraction, Membership, Participation, PostHeld, Statement
    from kg.rdf import build_dataset

    import make_corpus as mc

    rng = random.Random(f"{seed}|view")
    gaz = load_gazetteer()
    ref = mc.load_reference()
    used_keys: set[str] = set()

    def key_for(prefix: str, label: str) -> str:
        base = f"{prefix}/{mc.slug(label)}"
        k, n = base, 2
        while k in used_keys:
            k, n = f"{base}-{n}", n + 1
        used_keys.add(k)
        return k

    entities: dict[str, Entity] = {}
    for e in gaz:
        if e.kind in ("Country", "Organisation") or (e.kind in ("City", "Region") and e.country in mc.BALTIC_STATES):
            entities[e.key] = Entity(e.key, e.kind, e.label, aliases=tuple(e.aliases), wikidata=e.wikidata,
                                     part_of=e.parent)
            used_keys.add(e.key)
    share = {"Person": 0.60, "Event": 0.15, "City": 0.12, "Organisation": 0.08, "Region": 0.03}
    have = Counter(e.kind for e in entities.values())
    need = {k: max(0, int(n_nodes * v) - have[k]) for k, v in share.items()}
    need["Person"] += max(0, n_nodes - len(entities) - sum(need.values()))
    countries = [k for k, e in entities.items() if e.kind == "Country"]
    baltic = [c for c in mc.BALTIC_STATES if c in entities]
    for _ in range(need["City"]):
        name = rng.choice(SYLLABLES_A) + rng.choice(SYLLABLES_B) + ("" if rng.random() < 0.7 else rng.choice(SYLLABLES_B))
        k = key_for("city", name)
        entities[k] = Entity(k, "City", name)
    for _ in range(need["Region"]):
        name = rng.choice(SYLLABLES_A) + rng.choice(SYLLABLES_B) + " " + rng.choice(["County", "Region", "Voivodeship", "District"])
        k = key_for("region", name)
        entities[k] = Entity(k, "Region", name)
    for _ in range(need["Organisation"]):
        name = rng.choice(ORG_PATTERNS).format(adj=rng.choice(ORG_ADJ), noun=rng.choice(ORG_NOUN))
        k = key_for("org", name)
        entities[k] = Entity(k, "Organisation", name)
    orgs = [k for k, e in entities.items() if e.kind == "Organisation"]
    cities = [k for k, e in entities.items() if e.kind == "City"]
    regions = [k for k, e in entities.items() if e.kind == "Region"]
    for i in range(need["Event"]):
        org = rng.choice(orgs)
        city = rng.choice(cities)
        day = date(2000, 1, 1) + timedelta(days=rng.randrange(9300))
        name = f"{mc.ordinal(rng.randint(1, 40))} {rng.choice(EVENT_KINDS)} of the {entities[org].label} in {entities[city].label}"
        k = key_for("event", f"{name}-{day.year}")
        entities[k] = Entity(k, "Event", name, start=DateValue.of(day), end=DateValue.of(day), location=city, part_of=org)
    events = [k for k, e in entities.items() if e.kind == "Event"]
    people = []
    for i in range(need["Person"]):
        nat = rng.choice(baltic)
        p = mc.invent_person(ref, seed, "view", f"p{i}", 0, nat)
        k = key_for("person", p.name)
        entities[k] = Entity(k, "Person", p.name)
        people.append(k)

    # facts, grouped into synthetic articles of ~12 facts
    facts: list[tuple[str, object, tuple[str, ...]]] = []  # (sentence, fact, keys)
    for person in people:
        kind = rng.choices(["city", "country", "org"], weights=[5, 3, 2])[0]
        of = rng.choice(cities if kind == "city" else baltic if kind == "country" else orgs)
        title = rng.choice(POST_TITLES[kind])
        facts.append((f"{entities[person].label} is {title} of {entities[of].label}.",
                      PostHeld(person, title, (0, 0), of=of), (person, of)))
        if rng.random() < 0.6:
            for ev in rng.sample(events, k=rng.randint(1, 3)):
                facts.append((f"{entities[person].label} took part in the {entities[ev].label}.",
                              Participation(person, ev, (0, 0), hosted=rng.random() < 0.05), (person, ev)))
        if rng.random() < 0.3:
            q = f"{rng.choice(mc.QUOTE_A)}, {rng.choice(mc.QUOTE_B)}"
            facts.append((f"\u201c{q},\u201d {entities[person].label} said.",
                          Statement(person, q, (0, 0), date=DateValue.of(date(2010, 1, 1) + timedelta(days=rng.randrange(5000)))),
                          (person,)))
    for member_pool, per, roles in ((baltic, 12, ("Member", "Member", "Observer", "Chair")),
                                    ([c for c in countries if c not in baltic], 2, ("Member", "Observer")),
                                    (cities, 1, ("Member",)), (regions, 1, ("Member",))):
        for m in member_pool:
            for org in rng.sample(orgs, k=min(len(orgs), rng.randint(max(0, per // 2), per))):
                role = rng.choice(roles)
                y = rng.randint(1992, 2024)
                start = DateValue(str(y)) if rng.random() < 0.5 else DateValue(f"{y}-07-01")
                end = DateValue(f"{y + 1}-06-30") if role == "Chair" else None
                status = rng.choices([None, "Active", "Suspended", "Withdrawn"], weights=[6, 3, 1, 1])[0]
                facts.append((f"{entities[m].label} is a {role.lower()} of the {entities[org].label}.",
                              Membership(m, org, role, (0, 0), start=start, end=end, status=status,
                                         modality=rng.choice(["Asserted"] * 8 + ["Planned"])), (m, org)))
    rng.shuffle(facts)
    extractions = []
    per_article = 12
    for a in range(0, len(facts), per_article):
        chunk = facts[a:a + per_article]
        pieces, offsets = [f"Synthetic article {a // per_article}"], []
        pos = len(pieces[0]) + 2
        for sentence, _, _ in chunk:
            offsets.append((pos, pos + len(sentence)))
            pieces.append(sentence)
            pos += len(sentence) + 1
        text = pieces[0] + "\n\n" + " ".join(pieces[1:])
        published = date(2010, 1, 1) + timedelta(days=rng.randrange(5800))
        article = Article(id=f"view-{a // per_article:06d}", text=text, body_start=len(pieces[0]) + 2,
                          title=pieces[0], published=published, publisher="Synthetic Wire",
                          url=f"https://example.org/view/{a // per_article}", lang="en", source="synthetic", format="text")
        keys: set[str] = set()
        ms, ps, pa, st = [], [], [], []
        for (sentence, fact, fkeys), ev in zip(chunk, offsets):
            keys.update(fkeys)
            fact = type(fact)(**{**fact.__dict__, "evidence": ev})
            {Membership: ms, PostHeld: ps, Participation: pa, Statement: st}[type(fact)].append(fact)
        for k in list(keys):
            e = entities[k]
            for extra in (e.location, e.part_of):
                if extra:
                    keys.add(extra)
        extractions.append(Extraction(article=article, entities=tuple(entities[k] for k in sorted(keys)),
                                      memberships=tuple(ms), posts=tuple(ps), participations=tuple(pa),
                                      statements=tuple(st)))
    # entities no fact touches still get a node: a short article that names them
    touched = {e.key for ex in extractions for e in ex.entities}
    rest = [k for k in entities if k not in touched]
    for a in range(0, len(rest), 50):
        article = Article(id=f"view-rest-{a // 50:05d}", text="Names\n\nA list of names.", body_start=7,
                          title="Names", published=date(2020, 1, 1), publisher="Synthetic Wire",
                          url=f"https://example.org/view/rest/{a}", source="synthetic", format="text")
        extractions.append(Extraction(article=article, entities=tuple(entities[k] for k in rest[a:a + 50])))
    ds = build_dataset(extractions, gaz)
    return ds, Counter(e.kind for e in entities.values()), len(facts), len(extractions)


# --------------------------------------------------------------------------- pages


def pyvis_default_page(nxg, path: Path) -> dict:
    """pyvis's default page of the network: Network() defaults, its own template; vis-network inlined from the
    pyvis package instead of the CDN; Bootstrap's CDN tags removed."""
    from importlib.resources import files

    from pyvis.network import Network
    from pyvis.node import Node

    t0 = time.perf_counter()
    net = Network(cdn_resources="remote")  # every default, except that this template mode inlines utils.js
    # add_node/add_edge look ids up in lists (quadratic); append the very records they would make
    for n, d in nxg.nodes(data=True):
        rec = Node(n, "dot", label=str(d.get("label") or n), font_color=False, title=str(d.get("kind") or "")).options
        net.nodes.append(rec)
        net.node_ids.append(n)
        net.node_map[n] = rec
    seen = set()
    for u, v in nxg.edges():
        if (u, v) in seen or (v, u) in seen or u == v:
            continue  # pyvis keeps one undirected edge per pair
        seen.add((u, v))
        net.edges.append({"from": u, "to": v})
    t_build = time.perf_counter() - t0
    t1 = time.perf_counter()
    html = net.generate_html()
    lib = files("pyvis").joinpath("templates").joinpath("lib").joinpath("vis-9.1.2")
    vis_js = lib.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    vis_css = lib.joinpath("vis-network.css").read_text(encoding="utf-8")
    replaced = Counter()

    def sub(pattern, repl, text, name):
        new, n = re.subn(pattern, repl, text, flags=re.S)
        replaced[name] += n
        return new

    html = sub(r'<link rel="stylesheet" href="https://cdnjs\.cloudflare\.com/ajax/libs/vis-network/[^"]+"[^>]*/>',
               lambda m: "<style>" + vis_css + "</style>", html, "vis css")
    html = sub(r'<script src="https://cdnjs\.cloudflare\.com/ajax/libs/vis-network/[^"]+"[^>]*></script>',
               lambda m: "<script>" + vis_js.replace("</script", "<\\/script") + "</script>", html, "vis js")
    html = sub(r'<link\s+href="https://cdn\.jsdelivr\.net/npm/bootstrap[^"]+"[^>]*/>', "", html, "bootstrap css")
    html = sub(r'<script\s+src="https://cdn\.jsdelivr\.net/npm/bootstrap[^"]+"[^>]*>\s*</script>', "", html, "bootstrap js")
    left = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
    path.write_text(html, encoding="utf-8")
    return {"seconds_build": t_build, "seconds_html": time.perf_counter() - t1, "replaced": dict(replaced),
            "remaining_remote_refs": left, "nodes": len(net.nodes), "edges": len(net.edges),
            "options": json.loads(net.options.to_json())}


# --------------------------------------------------------------------------- browser

INIT_SCRIPT = r"""
(() => {
  const B = window.__bench = {ready: null, stab: null, firstDraw: null, drawAfterStab: null, progress: null,
                              netAssigned: null};
  const mark = () => {
    if (B.ready === null && document.documentElement &&
        document.documentElement.getAttribute('data-kg-ready') === '1') B.ready = performance.now();
  };
  new MutationObserver(mark).observe(document, {attributes: true, subtree: true, attributeFilter: ['data-kg-ready']});
  let net;
  const attach = (n) => {
    B.netAssigned = performance.now();
    n.on('stabilizationProgress', p => { B.progress = {iterations: p.iterations, total: p.total, t: performance.now()}; });
    n.once('stabilizationIterationsDone', () => { B.stab = performance.now(); });
    n.on('afterDrawing', () => {
      const t = performance.now();
      if (B.firstDraw === null) B.firstDraw = t;
      if (B.stab !== null && B.drawAfterStab === null) B.drawAfterStab = t;
    });
  };
  Object.defineProperty(window, 'network', {configurable: true, enumerable: true,
    get() { return net; }, set(v) { net = v; try { attach(v); } catch (e) { B.error = String(e); } }});
  // Time the constructors the pages call, from outside: vis.DataSet, vis.Network and TomSelect are
  // wrapped as their UMD bundles define them (the pages themselves are not changed).
  B.calls = {};
  const wrapClass = (C, tag) => {
    if (typeof C !== 'function') return C;
    function W(...args) {
      const s = performance.now();
      const r = Reflect.construct(C, args, new.target === W || !new.target ? C : new.target);
      (B.calls[tag] = B.calls[tag] || []).push([s, performance.now()]);
      return r;
    }
    W.prototype = C.prototype;
    Object.setPrototypeOf(W, C);
    return W;
  };
  const trapProp = (obj, name, tag) => {
    let inner;
    Object.defineProperty(obj, name, {configurable: true, enumerable: true,
      get() { return inner; }, set(C) { inner = wrapClass(C, tag); }});
  };
  let visObj;
  Object.defineProperty(window, 'vis', {configurable: true, enumerable: true,
    get() { return visObj; },
    set(v) {
      visObj = v;
      if (v && typeof v === 'object' && B.visDefined === undefined) {
        B.visDefined = performance.now();
        trapProp(v, 'DataSet', 'DataSet');
        trapProp(v, 'Network', 'Network');
      }
    }});
  let ts;
  Object.defineProperty(window, 'TomSelect', {configurable: true, enumerable: true,
    get() { return ts; }, set(C) { ts = wrapClass(C, 'TomSelect'); }});
})();
"""

RESPONSE_JS = r"""
async ([ids, focus]) => {
  const net = window.network;
  const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const out = {select: [], zoom: [], focus: []};
  for (let i = 0; i < 5; i++) {
    const id = ids[i % ids.length];
    let t = performance.now();
    net.selectNodes([id]);
    net.redraw();
    await frame();
    out.select.push(performance.now() - t);
    t = performance.now();
    net.moveTo({scale: net.getScale() * (i % 2 ? 0.8 : 1.25)});
    net.redraw();
    await frame();
    out.zoom.push(performance.now() - t);
  }
  net.unselectAll();
  if (focus && window.kgView && window.kgView.focusNode) {
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      window.kgView.focusNode(ids[i % ids.length]);
      await frame();
      out.focus.push(performance.now() - t);
    }
  }
  return out;
}
"""


async def measure_page(path: Path, ids: list[str], timeout_s: float, focus: bool) -> dict:
    from playwright.async_api import async_playwright

    url = path.resolve().as_uri()
    blocked: list[str] = []
    res: dict = {"page_mb": path.stat().st_size / 1e6}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            res["browser"] = browser.version
            context = await browser.new_context(viewport={"width": 1400, "height": 900})

            async def route(r):
                if r.request.url == url:
                    await r.continue_()
                else:
                    blocked.append(r.request.url)
                    await r.abort()

            await context.route("**/*", route)
            page = await context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("requestfailed", lambda r: blocked.append(r.url) if r.url != url and r.url not in blocked else None)
            await page.add_init_script(INIT_SCRIPT)
            cpu0 = chromium_cpu()
            t0 = time.perf_counter()
            await page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
            deadline = t0 + timeout_s
            state = None
            while time.perf_counter() < deadline:
                try:
                    state = await asyncio.wait_for(page.evaluate(
                        "() => ({b: window.__bench, kg: window.kgView ? {ready: window.kgView.ready, drawMs: window.kgView.drawMs} : null,"
                        " physics: window.network && window.network.physics ? !!window.network.physics.options.enabled : null,"
                        " nav: (performance.getEntriesByType('navigation')[0] || {}).toJSON ? performance.getEntriesByType('navigation')[0].toJSON() : null})"),
                        timeout=max(0.5, min(10, deadline - time.perf_counter())))
                except asyncio.TimeoutError:
                    state = state  # the page is busy (its main thread is running the layout); poll again
                    continue
                b = state["b"] if state else None
                if b and (b["ready"] is not None or b["drawAfterStab"] is not None or
                          (b["firstDraw"] is not None and state["kg"] is None and b["progress"] is None
                           and b["stab"] is None and state["physics"] is False)):
                    break
                await asyncio.sleep(0.1)
            res["wall_s"] = time.perf_counter() - t0
            res["chromium_cpu_s"] = chromium_cpu() - cpu0
            res["load"] = load_text()
            b = (state or {}).get("b") or {}
            res["state"] = state
            drawn = b.get("ready") if b.get("ready") is not None else b.get("drawAfterStab")
            if drawn is None and b.get("firstDraw") is not None and b.get("stab") is None and b.get("progress") is None \
                    and (state or {}).get("physics") is False:
                drawn = b["firstDraw"]
            res["drawn_ms"] = drawn
            res["calls"] = b.get("calls") or {}
            res["first_draw_ms"] = b.get("firstDraw")
            res["vis_defined_ms"] = b.get("visDefined")
            res["net_assigned_ms"] = b.get("netAssigned")
            res["kg_draw_ms"] = ((state or {}).get("kg") or {}).get("drawMs")
            res["progress"] = b.get("progress")
            nav = (state or {}).get("nav") or {}
            res["dom_content_loaded_ms"] = nav.get("domContentLoadedEventEnd") or None
            if drawn is not None and state and state.get("kg"):
                # Large pages give vis the rest of the entities in slices when idle after the first
                # picture: wait for that (kgView.loaded), so the responses below meet the whole network.
                try:
                    loaded = await asyncio.wait_for(page.evaluate(
                        "async () => { for (let i = 0; i < 600 && !window.kgView.loaded; i++)"
                        " await new Promise(r => setTimeout(r, 50)); return window.kgView.loadedMs; }"), timeout=60)
                except asyncio.TimeoutError:
                    loaded = None
                if loaded is not None and res.get("kg_draw_ms"):
                    res["loaded_ms"] = drawn - res["kg_draw_ms"] + loaded
                    res["chromium_cpu_loaded_s"] = chromium_cpu() - cpu0
            if drawn is not None:
                try:
                    res["response"] = await asyncio.wait_for(page.evaluate(RESPONSE_JS, [ids, focus]), timeout=120)
                except asyncio.TimeoutError:
                    res["response"] = None
                    res["response_error"] = "no answer within 120 s"
                try:
                    res["heap_mb"] = await asyncio.wait_for(page.evaluate(
                        "() => performance.memory ? performance.memory.usedJSHeapSize / 1e6 : null"), timeout=10)
                except asyncio.TimeoutError:
                    pass
            try:
                res["dom_content_loaded_ms"] = await asyncio.wait_for(page.evaluate(
                    "() => (performance.getEntriesByType('navigation')[0] || {}).domContentLoadedEventEnd || null"), timeout=10)
            except asyncio.TimeoutError:
                pass
            res["errors"] = errors[:5]
        finally:
            await browser.close()
    res["blocked"] = sorted(set(blocked))
    return res


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nodes", type=int, default=20_000, help="entities in the synthetic graph (default %(default)s)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--pyvis-timeout", type=float, default=120.0, metavar="T",
                    help="give pyvis's default page at most T seconds to stabilise and draw (default %(default)s)")
    ap.add_argument("--timeout", type=float, default=120.0, help="the same cap for the project's pages")
    ap.add_argument("--skip-pyvis", action="store_true")
    ap.add_argument("--profile-python", action="store_true",
                    help="also profile (cProfile) the Python side of the uncapped kg view (kg.view.view_page)")
    ap.add_argument("--keep", type=Path, default=None, metavar="DIR", help="keep the pages in DIR")
    args = ap.parse_args(argv)

    from playwright._repo_version import version as pw_version

    header = print_header(f"bench_view: drawing a graph of ~{args.nodes:,} entities in headless Chromium",
                 extra_lines=[f"chromium {CHROMIUM} {' '.join(CHROMIUM_ARGS)} (playwright {pw_version})"])
    import kg.view as view
    from kg.network import to_networkx
    from kg.rdf import union_graph

    work = Path(tempfile.mkdtemp(prefix="kg-bench-view-"))
    try:
        t0 = time.perf_counter()
        ds, kinds, n_facts, n_articles = build_synthetic_graph(args.nodes, args.seed)
        graph = union_graph(ds)
        t_graph = time.perf_counter() - t0
        t1 = time.perf_counter()
        nxg = to_networkx(graph)
        t_nx = time.perf_counter() - t1
        n_total = nxg.number_of_nodes()
        print(f"synthetic graph: {sum(kinds.values()):,} entities ({', '.join(f'{k} {v:,}' for k, v in sorted(kinds.items()))}), "
              f"{n_facts:,} facts in {n_articles:,} articles, {len(graph):,} triples; built in {t_graph:.1f} s "
              f"(kg.rdf.build_dataset + union)")
        print(f"network projection (kg.network.to_networkx): {n_total:,} nodes, {nxg.number_of_edges():,} edges, {t_nx:.1f} s")
        for key in ("vis_js", "vis_css", "ts_js", "ts_css", "view_js", "view_css"):  # warm up: imports, assets
            view._read_asset(key)
        import igraph, jinja2, pyvis.network  # noqa: F401,E401
        degree = dict(nxg.degree())
        top = sorted(degree, key=lambda n: (-degree[n], n))[:5]
        pages = []
        prof_text = ""
        if args.profile_python:
            import cProfile
            import io
            import pstats

            pr = cProfile.Profile()
            pr.enable()
            view.view_page(graph, view.DEFAULT_TITLE, max_nodes=0)
            pr.disable()
            buf = io.StringIO()
            pstats.Stats(pr, stream=buf).strip_dirs().sort_stats("tottime").print_stats(18)
            lines = buf.getvalue().splitlines()
            start = next((i for i, ln in enumerate(lines) if ln.strip().startswith("ncalls")), 0)
            head = [ln.strip() for ln in lines if "function calls" in ln]
            prof_text = "\n".join((head[:1] if head else []) + [ln.rstrip() for ln in lines[start:] if ln.strip()])
        for name, cap in (("kg view, default cap (max_nodes=None -> MAX_NODES)", None),
                          ("kg view, every entity (max_nodes=0, no cap)", 0)):
            path = work / f"kg-view-{'default' if cap is None else 'all'}.html"
            t = time.perf_counter()
            text, n_nodes, n_edges = view.view_page(graph, view.DEFAULT_TITLE, max_nodes=cap)
            path.write_text(text, encoding="utf-8")
            secs = time.perf_counter() - t
            pages.append({"name": name, "path": path, "nodes": n_nodes, "edges": n_edges, "write_s": secs, "focus": True,
                          "timeout": args.timeout})
            print(f"wrote {name}: {n_nodes:,} entities, {n_edges:,} edges, {path.stat().st_size / 1e6:.1f} MB in {secs:.1f} s "
                  f"(write_view's work: annotate, to_networkx, select, fr_layout, pyvis records, template)")
        if not args.skip_pyvis:
            path = work / "pyvis-default.html"
            info = pyvis_default_page(nxg, path)
            pages.append({"name": f"pyvis default page (physics, smooth dynamic edges; cap {args.pyvis_timeout:.0f} s)",
                          "path": path, "nodes": info["nodes"], "edges": info["edges"],
                          "write_s": info["seconds_build"] + info["seconds_html"], "focus": False,
                          "timeout": args.pyvis_timeout, "pyvis": info})
            print(f"wrote pyvis default page: {info['nodes']:,} nodes, {info['edges']:,} edges, "
                  f"{path.stat().st_size / 1e6:.1f} MB in {info['seconds_build'] + info['seconds_html']:.1f} s; "
                  f"tags replaced {info['replaced']}; remote references left: {info['remaining_remote_refs'] or 'none'}")
            print(f"   pyvis options: physics {info['options']['physics']}, edges.smooth {info['options']['edges']['smooth']}")
        print(flush=True)
        for pg in pages:
            print(f"-- opening {pg['name']} ...", flush=True)
            pg["m"] = asyncio.run(measure_page(pg["path"], top, pg["timeout"], pg["focus"]))
            m = pg["m"]
            print(f"   drawn at {m['drawn_ms']} ms from navigation start; wall {m['wall_s']:.1f} s; "
                  f"Chromium CPU {m['chromium_cpu_s']:.1f} s; load {m['load']}; "
                  + (f"all in vis at {m['loaded_ms']:.0f} ms (CPU {m['chromium_cpu_loaded_s']:.1f} s); " if m.get("loaded_ms") else "")
                  + f"blocked requests: {len(m['blocked'])}; page errors: {m['errors'] or 'none'}", flush=True)
        print()
        rows = []
        for pg in pages:
            m = pg["m"]
            drawn = m["drawn_ms"]
            resp = m.get("response") or {}
            med = lambda xs: f"{statistics.median(xs):,.0f} ms" if xs else ""
            if drawn is not None:
                drawn_txt = f"{drawn / 1000:,.2f} s"
            else:
                pr = m.get("progress")
                drawn_txt = f"did not stabilise within {pg['timeout']:.0f} s"
                if pr:
                    drawn_txt += f" ({pr['iterations']}/{pr['total']} iterations at {pr['t'] / 1000:,.0f} s)"
                else:
                    nets = (m.get("calls") or {}).get("Network") or []
                    drawn_txt += (" (no progress event: vis reports every 50 iterations"
                                  + (f"; new vis.Network returned at {nets[0][1] / 1000:,.1f} s" if nets else
                                     "; new vis.Network had not returned") + ")")
            is_kg = pg["name"].startswith("kg view")
            goal = ""
            if is_kg:
                goal = ("met" if drawn is not None and drawn <= GOAL_S * 1000 else "NOT met") + " (<= 2 s)"
            rows.append([pg["name"], f"{pg['nodes']:,}", f"{pg['edges']:,}", f"{m['page_mb']:.1f} MB", f"{pg['write_s']:.1f} s",
                         drawn_txt, f"{m['kg_draw_ms'] / 1000:,.2f} s" if m.get("kg_draw_ms") else "",
                         med(resp.get("select")), med(resp.get("zoom")), med(resp.get("focus")),
                         f"{m['heap_mb']:,.0f} MB" if m.get("heap_mb") else "", f"{m['chromium_cpu_s']:,.1f} s",
                         f"{m['loaded_ms'] / 1000:,.2f} s / {m['chromium_cpu_loaded_s']:,.1f} s" if m.get("loaded_ms") else "",
                         goal])
        print(f"Drawing {n_total:,} entities in headless Chromium ({pages[0]['m'].get('browser', '?')}), 1400x900, "
              "times from navigation start")
        print(table(rows, ["page", "nodes", "edges", "size", "python", "drawn", "kgView.drawMs", "select+redraw",
                           "zoom+redraw", "focusNode", "JS heap", "Chromium CPU", "all in vis / CPU", "goal"],
                    "lrrrrlrrrrrrrl"))
        print()
        for pg in pages:
            m = pg["m"]
            print(f"{pg['name']}: requests blocked {m['blocked'][:3] or 'none'}; "
                  f"DOMContentLoaded {m['dom_content_loaded_ms'] and round(m['dom_content_loaded_ms'])} ms; "
                  f"responses (ms) {json.dumps({k: [round(x) for x in v] for k, v in (m.get('response') or {}).items()})}")
        print()
        print("Where the browser's time goes (ms from navigation start; constructors timed by wrapping vis.DataSet, "
              "vis.Network and TomSelect from outside)")
        brows = []
        for pg in pages:
            m = pg["m"]
            calls = m.get("calls") or {}
            ds_calls = calls.get("DataSet") or []
            nets = calls.get("Network") or []
            tss = calls.get("TomSelect") or []
            kg_start = (m["drawn_ms"] - m["kg_draw_ms"]) if m.get("kg_draw_ms") and m.get("drawn_ms") else None
            first_ds = ds_calls[0][0] if ds_calls else None
            net_end = nets[0][1] if nets else None
            after = max([x for x in (net_end, tss[0][1] if tss else None) if x is not None], default=None)
            fd = m.get("first_draw_ms")
            parts = [
                ("HTML parsed and vis-network compiled (vis defined)", m.get("vis_defined_ms")),
                ("view script starts (HTML + data parsed)", kg_start),
                ("JSON.parse + vis items from the columns (until the first DataSet)", (first_ds - kg_start) if first_ds and kg_start else None),
                ("vis.DataSet x2", sum(e - s for s, e in ds_calls) if ds_calls else None),
                ("new vis.Network (data, layout, physics set-up)", (nets[0][1] - nets[0][0]) if nets else None),
                ("TomSelect search box", (tss[0][1] - tss[0][0]) if tss else None),
                ("until the first drawing ends", (fd - after) if fd and after else None),
                ("second drawing, to kgView.ready", (m["drawn_ms"] - fd) if m.get("drawn_ms") and fd and m.get("kg_draw_ms") else None),
                ("drawn", m.get("drawn_ms")),
            ]
            brows.append([pg["name"].split(" (")[0]] + [f"{v:,.0f}" if isinstance(v, (int, float)) else "" for _, v in parts])
        heads = ["page", "vis defined at", "view script at", "JSON+items", "DataSets", "new Network", "TomSelect",
                 "to 1st draw", "2nd draw", "drawn at"]
        print(table(brows, heads, "l" + "r" * (len(heads) - 1)))
        if prof_text:
            print()
            print(f"Python side: cProfile of kg.view.view_page for every entity ({n_total:,}), top functions by own time")
            print(prof_text)
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for pg in pages:
                shutil.copy(pg["path"], args.keep / pg["path"].name)
            print(f"pages kept in {args.keep}")
        print_footer(header["kg_digest"])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
