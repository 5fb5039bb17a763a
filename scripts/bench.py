#!/usr/bin/env python3
"""Benchmark: how long the build takes and how it grows; page weights; search indexes.

  bench.py [--runs 5] [--out reports/bench] [--quick] [--profile]

1. The real site: `mkdocs build --strict` (a fresh Python process, as `make
   build` runs it), one warm-up, then the median of --runs builds.
2. Generated sites in a temporary folder: 2, 6 and 24 languages x 20 and 60
   pages per language (and 2 x 6, the size the issue's baseline was measured
   at), built with this project's theme, overrides, Markdown extensions,
   validation, the i18n and search plugins and the whole sitegen plugin (with
   the real mkdocs.yml's `extra` data and every language given the default
   language's `extra.ui` texts); the baseline sizes again without the plugin
   and the overrides, as plain Material. Reported: total seconds, milliseconds per page per
   language, and the marginal cost of one more page (the slope between 20 and
   60 pages), which leaves out the fixed start-up cost.
3. The internal link check (scripts/check_links.py), if the project has it.
4. Page weights (scripts/page_weight.py) and the search index sizes of the
   real site, raw and gzip.
5. Lighthouse (mobile, through Lighthouse CI as in `make lighthouse`): the
   median of --lighthouse-runs runs (5) of the performance score, LCP and TBT
   on the home page, the FAQ and one guide in both languages, beside the same
   pages of a plain Material + i18n build of the same docs/ (no overrides,
   hooks, site.css or scripts of our own) made in this run, with the ratio.
   This is where the performance goal (median 100, TBT near 0) is tracked;
   `make test` gates no timing.

Writes bench.md and bench.json to --out (ignored by git) and prints the table.
Nothing here asserts a time or a score: they depend on the machine and its load.
--profile also writes cProfile summaries of one real and one 6 x 60 build.
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import io
import json
import os
import platform
import pstats
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import lighthouse  # noqa: E402
import page_weight  # noqa: E402
from serve_site import SiteServer  # noqa: E402

# Languages Material translates and lunr can stem (no word segmenter needed).
LANGS = ["de", "en", "fr", "es", "it", "nl", "pt", "da", "sv", "fi", "hu", "ro",
         "ru", "tr", "el", "ar", "he", "hi", "hy", "kn", "sa", "ta", "te", "vi"]
SIZES = [(2, 6), (2, 20), (2, 60), (6, 20), (6, 60), (24, 20), (24, 60)]
BASELINE = {(2, 6): 1.15, (2, 60): 2.45, (6, 60): 7.5}  # plain site, 2 cores (the issue)
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

WORDS = ("widerspruch daten meta formular konto beitrag foto training modell recht frist "
         "einstellung profil nutzer anleitung schritt datenschutz behörde hinweis antwort "
         "frage öffentlich gespeichert verwendet künstliche intelligenz sprache menü").split()


# --- generated sites ---------------------------------------------------------

def top_level_block(text: str, key: str) -> str:
    """The raw YAML of one top-level key of mkdocs.yml (keeps its tags and comments)."""
    match = re.search(rf"^{key}:.*?(?=^\S)", text, re.S | re.M)
    return match.group(0) if match else ""


def sentence(seed: int, n: int = 14) -> str:
    words = [WORDS[(seed * 7 + i * 13) % len(WORDS)] for i in range(n)]
    return " ".join(words).capitalize() + "."


def page_markdown(i: int, pages: int) -> str:
    """A page shaped like the site's guides: steps, notes, a table, tabs, links."""
    other = [(i + k) % pages for k in (1, 2, 3)]
    link = lambda j: f"index.md" if j == 0 else f"page-{j:02}.md"  # noqa: E731
    para = lambda s: " ".join(sentence(s + k) for k in range(4))  # noqa: E731
    parts = [
        f"---\ndescription: {sentence(i, 10)}\n---\n",
        f"# Seite {i} – {WORDS[i % len(WORDS)].capitalize()}\n",
        para(i) + "\n",
        "## Schritt für Schritt {#steps}\n",
        "\n".join(f"{n}. {sentence(i + n, 9)} **{WORDS[n]}** [{WORDS[n + 1]}]({link(other[n % 3])})."
                  for n in range(1, 7)) + "\n",
        '!!! note "Hinweis"\n\n    ' + para(i + 3) + "\n",
        "## Was gespeichert wird {#data}\n",
        "| Art | Beispiel | Dauer |\n|---|---|---|\n" +
        "\n".join(f"| {WORDS[n]} | {sentence(n, 5)} | {n} Monate |" for n in range(5)) + "\n",
        "=== \"Telefon\"\n\n    " + para(i + 5) + "\n\n=== \"Computer\"\n\n    " + para(i + 6) + "\n",
        '??? question "Häufige Frage"\n\n    ' + para(i + 7) + "\n",
        "## Weiter {#more}\n",
        para(i + 9) + f" Siehe [die nächste Seite]({link(other[0])}#steps) und "
        f"[den Überblick]({link(other[1])}#data).\n",
        "*[KI]: Künstliche Intelligenz\n",
    ]
    return "\n".join(parts)


def _language_blocks(real: str, codes: list[str], hooks: bool) -> str:
    """The i18n plugin's language blocks; with the plugin, each with the default
    language's `extra.ui` texts (the schema requires every text in every language)."""
    ui = ""
    if hooks:
        match = re.search(r"^(\s+)extra:\n(\s+ui:\n.*?)(?=^\s+- locale:)", real, re.S | re.M)
        indent = len(match.group(1))
        ui = "\n" + "\n".join("          " + line[indent:] if line.strip() else ""
                               for line in (match.group(1) + "extra:\n" + match.group(2)).splitlines())
    blocks = []
    for n, code in enumerate(codes):
        block = (f"        - locale: {code}\n          name: {code.upper()}\n          build: true"
                 + ("\n          default: true" if n == 0 else
                    f"\n          site_name: Benchmark {code}\n          site_description: Benchmark site in {code}"))
        if hooks:
            block += ui.rstrip() + ("" if n == 0 else "\n              untranslated: Not translated yet.")
        blocks.append(block)
    return "\n".join(blocks)


def _extra_for(codes: list[str]) -> str:
    """The real mkdocs.yml's `extra` data, each per-language text given in every one of `codes`."""
    class Tolerant(yaml.SafeLoader):
        pass
    Tolerant.add_multi_constructor("", lambda loader, suffix, node: None)
    data = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Tolerant)["extra"]

    def widen(value):
        if isinstance(value, dict) and {"de", "en"} <= set(value):
            return {code: value["de"] for code in codes}
        if isinstance(value, dict):
            return {key: widen(item) for key, item in value.items() if key != "search_words"}
        if isinstance(value, list):
            return [widen(item) for item in value]
        return value

    return yaml.safe_dump({"extra": widen(data)}, allow_unicode=True, sort_keys=False)


def generate(folder: Path, langs: int, pages: int, hooks: bool = True) -> Path:
    """A project with `langs` languages x `pages` pages; returns its mkdocs.yml.
    hooks=False: plain Material + i18n + search, as the issue's baseline was measured."""
    real = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    docs = folder / "docs"
    (docs / "assets").mkdir(parents=True)
    # The theme's favicon and logo (overrides/assets/), also for the plain build
    # without our custom_dir, so both sites link the same files.
    for asset in ("favicon.svg", "logo.svg"):
        shutil.copy2(ROOT / "overrides" / "assets" / asset, docs / "assets" / asset)
    codes = LANGS[:langs]
    for i in range(pages):
        name = "index" if i == 0 else f"page-{i:02}"
        text = page_markdown(i, pages)
        for code in codes:
            (docs / f"{name}.{code}.md").write_text(text, encoding="utf-8")
    theme = "\n".join(f"  custom_dir: {ROOT / 'overrides'}" if line.strip().startswith("custom_dir:") else line
                      for line in top_level_block(real, "theme").splitlines()
                      if hooks or not line.strip().startswith("custom_dir:"))
    languages = _language_blocks(real, codes, hooks)
    hook_list = f"  - {ROOT / 'hooks' / 'sitegen_hooks.py'}" if hooks else ""
    config = f"""site_name: Benchmark
site_description: A generated site for the benchmark, in many languages.
site_url: https://example.org/bench/
docs_dir: docs
strict: true
{top_level_block(real, "validation")}
{theme}
{_extra_for(codes) if hooks else ""}
{top_level_block(real, "markdown_extensions")}
plugins:
  - search
  - i18n:
      docs_structure: suffix
      fallback_to_default: true
      reconfigure_material: true
      reconfigure_search: true
      languages:
{languages}
hooks:
{hook_list or "  []"}
"""
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    return folder / "mkdocs.yml"


def plain_config(folder: Path) -> Path:
    """mkdocs.yml for the real docs/ as plain Material + i18n + search: the
    project's config without its hooks, theme overrides, CSS and scripts."""
    skip, lines = False, []
    for line in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines():
        key = re.match(r"^([a-z_]+):", line)
        if key:
            skip = key.group(1) in ("hooks", "extra_css", "extra_javascript")
            if key.group(1) == "docs_dir":
                line = f"docs_dir: {ROOT / 'docs'}"
            elif key.group(1) == "strict":
                line = "strict: false"  # markup meant for the hooks warns without them
        elif line.strip().startswith("custom_dir:"):
            continue
        if not skip:
            lines.append(line)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mkdocs.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder / "mkdocs.yml"


LIGHTHOUSE_PAGES = ["", "faq/", "guides/facebook/", "en/", "en/faq/", "en/guides/facebook/"]


def lighthouse_medians(sites: dict[str, Path], runs: int, work: Path) -> dict[str, dict[str, dict]]:
    """{site label: {page: medians of performance, LCP, TBT over `runs` runs}}, one
    page after the other, the sites' runs of a page next to each other."""
    servers = {label: SiteServer(site, prefix=lighthouse.site_prefix(site)).__enter__()
               for label, site in sites.items()}
    try:
        urls = [server.url + page for page in LIGHTHOUSE_PAGES for server in servers.values()]
        lhrs = lighthouse.collect(urls, runs, work, jobs=1)
    finally:
        for server in servers.values():
            server.__exit__(None, None, None)
    result: dict[str, dict[str, dict]] = {}
    for label, server in servers.items():
        for page in LIGHTHOUSE_PAGES:
            mine = [lhr for lhr in lhrs if lhr["requestedUrl"] == server.url + page and not lhr.get("runtimeError")]
            result.setdefault(label, {})[page or "/"] = {
                "runs": len(mine),
                "performance": statistics.median([100 * lhr["categories"]["performance"]["score"] for lhr in mine]),
                "lcp_s": statistics.median([lhr["audits"]["largest-contentful-paint"]["numericValue"] / 1000
                                            for lhr in mine]),
                "tbt_ms": statistics.median([lhr["audits"]["total-blocking-time"]["numericValue"] for lhr in mine]),
            }
    return result


# --- timing ------------------------------------------------------------------

def build_once(config: Path, site_dir: Path, env: dict | None = None, strict: bool = True) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds) of one `mkdocs build --strict` in a fresh process.
    CPU time is reported too because on a shared machine wall-clock time also
    measures the other jobs."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []), "-f",
                           str(config), "--site-dir", str(site_dir)], env=env or ENV, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"build of {config} failed:\n{proc.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu


def timed(config: Path, site_dir: Path, runs: int, warmup: bool,
          env: dict | None = None) -> tuple[list[float], list[float]]:
    if warmup:
        build_once(config, site_dir, env)
    results = [build_once(config, site_dir, env) for _ in range(runs)]
    return [wall for wall, _ in results], [cpu for _, cpu in results]


def html_pages(site_dir: Path) -> int:
    return sum(1 for p in site_dir.rglob("*.html") if p.name != "404.html")


# --- profile -----------------------------------------------------------------

def profile(config: Path, site_dir: Path, label: str, out: Path, env: dict) -> str:
    """cProfile of one in-process build; time per package and the top functions."""
    code = (
        "import cProfile,sys\n"
        "from mkdocs.__main__ import cli\n"
        "p=cProfile.Profile();p.enable()\n"
        "try: cli(['build','--strict','-f',sys.argv[1],'--site-dir',sys.argv[2]],standalone_mode=False)\n"
        "finally: p.disable();p.dump_stats(sys.argv[3])\n")
    stats_file = out / f"profile-{label}.pstats"
    proc = subprocess.run([sys.executable, "-c", code, str(config), str(site_dir), str(stats_file)],
                          env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        return f"profile of {label} failed: {proc.stderr[-2000:]}"
    stats = pstats.Stats(str(stats_file))
    by_package: dict[str, float] = {}
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        match = re.search(r"site-packages/([^/]+)", filename)
        package = match.group(1) if match else ("hooks" if "/hooks/" in filename else
                                                "builtins (C)" if filename == "~" else
                                                "python stdlib" if filename.startswith(("/", "<")) else filename)
        by_package[package] = by_package.get(package, 0.0) + tottime
    total = sum(by_package.values())
    lines = [f"## Profile: {label} ({total:.2f} s of function time)", "", "| package | s | share |", "|---|---:|---:|"]
    for package, seconds in sorted(by_package.items(), key=lambda kv: -kv[1])[:12]:
        lines.append(f"| {package} | {seconds:.2f} | {100 * seconds / total:.0f} % |")
    buffer = io.StringIO()
    pstats.Stats(str(stats_file), stream=buffer).sort_stats("cumulative").print_stats(40)
    (out / f"profile-{label}.txt").write_text(buffer.getvalue(), encoding="utf-8")
    return "\n".join(lines)


# --- weights and indexes -----------------------------------------------------

def search_indexes(site_dir: Path) -> list[dict]:
    """Every search index file of the built site (the stubs the pages load and
    the full indexes the first search loads), raw and gzip."""
    rows = []
    for path in sorted(site_dir.rglob("search/search_index*.json")):
        data = path.read_bytes()
        try:
            docs = len(json.loads(data).get("docs", []))
        except (json.JSONDecodeError, AttributeError):
            docs = None
        rows.append({"file": path.relative_to(site_dir).as_posix(), "bytes": len(data),
                     "gzip": len(gzip.compress(data, page_weight.GZIP_LEVEL, mtime=0)), "docs": docs})
    return rows


def material_css_gzip() -> int:
    """Material's whole stylesheet, gzip (every page loads it whole; PurgeCSS was removed)."""
    import material
    sheet = next((Path(material.__file__).parent / "templates" / "assets" / "stylesheets").glob("main.*.min.css"))
    return len(gzip.compress(sheet.read_bytes(), page_weight.GZIP_LEVEL, mtime=0))


def weights(site_dir: Path, plain_dir: Path | None = None) -> list[dict]:
    """Each page's weight; beside it the same page of a plain Material + i18n
    build of the same docs/ (`plain_dir`, None: not built), what the first
    interaction loads (overrides/assets/javascripts/theme-on-demand.js)."""
    model = page_weight.Site(site_dir)
    pages = [page_weight.measure(model, f) for f in page_weight.pages_of(model.root)]
    plain: dict[str, int] = {}
    if plain_dir is not None:
        plain_model = page_weight.Site(plain_dir)
        plain = {p.path: p.total for p in (page_weight.measure(plain_model, f)
                                           for f in page_weight.pages_of(plain_model.root))}
    whole = material_css_gzip()
    rows = []
    for p in pages:
        theme_css = sum(d.bytes for d in p.downloads if re.search(r"/stylesheets/main\.[0-9a-f]{8}\.min\.css$", d.url))
        rows.append({"page": p.path, "bytes": p.total, "requests": len(p.downloads),
                     "first_interaction_bytes": sum(d.bytes for d in p.first_interaction),
                     "plain_material_bytes": plain.get(p.path),
                     "material_css_bytes": p.total - theme_css + whole})
    return sorted(rows, key=lambda r: -r["bytes"])


def link_check(site_dir: Path) -> dict | None:
    script = ROOT / "scripts" / "check_links.py"
    if not script.is_file():
        return None
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, str(script), "internal", str(site_dir)], cwd=ROOT, env=ENV,
                          capture_output=True, text=True)
    return {"seconds": round(time.perf_counter() - started, 3), "exit": proc.returncode}


# --- main --------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="timed builds of the real site (median)")
    parser.add_argument("--gen-runs", type=int, default=3, help="timed builds per generated site (median)")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "bench")
    parser.add_argument("--quick", action="store_true", help="one run each, no 24-language sites")
    parser.add_argument("--profile", action="store_true", help="also write cProfile summaries")
    parser.add_argument("--lighthouse-runs", type=int, default=5,
                        help="Lighthouse runs per page and site (median); 0 leaves Lighthouse out")
    args = parser.parse_args()
    if args.quick:
        args.runs = args.gen_runs = 1
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    result: dict = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                "platform": platform.platform()}}
    md: list[str] = ["# Benchmark", "",
                     f"{os.cpu_count()} CPUs, Python {platform.python_version()}, "
                     f"{time.strftime('%Y-%m-%d %H:%M')}. `mkdocs build --strict` in a fresh process "
                     "(start-up included): wall-clock seconds (median) and CPU seconds (median; on a shared "
                     "machine the wall clock also measures the other jobs). ms per page per language = "
                     "median wall-clock time / pages built; marginal = (time for 60 pages - time for 20) / "
                     "(40 x languages), the cost of one more page without the fixed start-up.", ""]

    def row(kind: str, size: str, built: int, walls: list[float], cpus: list[float], per: int,
            marginal: str = "", baseline: float | None = None) -> tuple[dict, str]:
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        data = {"runs": [round(t, 3) for t in walls], "cpu_runs": [round(t, 3) for t in cpus],
                "median": round(wall, 3), "cpu_median": round(cpu, 3), "built": built,
                "ms_per_page_per_language": round(1000 * wall / per, 1),
                "cpu_ms_per_page_per_language": round(1000 * cpu / per, 1), "baseline": baseline}
        line = (f"| {kind} | {size} | {built} | {len(walls)} | {wall:.2f} | {cpu:.2f} | {1000 * wall / per:.1f} | "
                f"{1000 * cpu / per:.1f} | {marginal} | {'' if baseline is None else f'{baseline:.2f}'} |")
        return data, line

    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        tmp = Path(tmp)
        # 1. the real site
        real_site = tmp / "real-site"
        env = {**ENV, "SITE_URL": ENV.get("SITE_URL", "https://example.github.io/meta-ai-objection/")}
        walls, cpus = timed(ROOT / "mkdocs.yml", real_site, args.runs, warmup=True, env=env)
        pages = html_pages(real_site)
        result["real"], line = row("real site", "all languages", pages, walls, cpus, pages)
        md += ["## Build time", "",
               "| site | languages x pages | pages built | runs | median s | CPU s | ms per page per language "
               "| CPU ms per page per language | marginal ms per page per language | issue's baseline s |",
               "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|", line]

        # 2. generated sites
        sizes = [s for s in SIZES if not (args.quick and s[0] == 24)]
        generated: dict[tuple[int, int], dict] = {}
        for langs, n in sizes:
            folder = tmp / f"gen-{langs}x{n}"
            config = generate(folder, langs, n)
            big = langs * n >= 1000
            runs = 1 if big else args.gen_runs
            walls, cpus = timed(config, folder / "site", runs, warmup=not big and (langs, n) == sizes[0])
            generated[(langs, n)], _ = row("generated", f"{langs} x {n}", html_pages(folder / "site"),
                                           walls, cpus, langs * n, baseline=BASELINE.get((langs, n)))
            generated[(langs, n)].update(languages=langs, pages=n)
            if args.profile and (langs, n) == (6, 60):
                result["profile_generated"] = profile(config, folder / "site-profile", "generated-6x60",
                                                      args.out, ENV)
            shutil.rmtree(folder, ignore_errors=True)
        for (langs, n), data in generated.items():
            marginal = ""
            if n == 60 and (langs, 20) in generated:
                slope = 1000 * (data["median"] - generated[(langs, 20)]["median"]) / (40 * langs)
                data["marginal_ms_per_page_per_language"] = round(slope, 1)
                marginal = f"{slope:.1f}"
            _, line = row("generated", f"{langs} x {n}", data["built"], data["runs"], data["cpu_runs"],
                          langs * n, marginal, data["baseline"])
            md.append(line)
        result["generated"] = list(generated.values())

        # The same generated sites without the project's generic hooks: the
        # issue's plain-site baseline, measured on this machine.
        for langs, n in [size for size in BASELINE if size in generated]:
            folder = tmp / f"plain-{langs}x{n}"
            config = generate(folder, langs, n, hooks=False)
            walls, cpus = timed(config, folder / "site", 1 if args.quick else args.gen_runs, warmup=False)
            data, line = row("plain Material, no hooks", f"{langs} x {n}", html_pages(folder / "site"),
                             walls, cpus, langs * n, baseline=BASELINE[(langs, n)])
            result.setdefault("plain", []).append({**data, "languages": langs, "pages": n})
            md.append(line)
            shutil.rmtree(folder, ignore_errors=True)
        md.append("")

        # 3. link check
        links = link_check(real_site)
        if links:
            result["link_check"] = links
            md += [f"Internal link check (scripts/check_links.py) on the real site: {links['seconds']:.2f} s "
                   f"(exit {links['exit']}).", ""]

        # 4. page weights and search indexes
        # The same docs/ as plain Material + i18n (no overrides, hooks, CSS or
        # scripts of our own): the baseline each page's weight is shown beside.
        plain_site = tmp / "plain-site"
        build_once(plain_config(tmp / "plain"), plain_site, env, strict=False)
        rows = weights(real_site, plain_site)
        result["page_weight"] = rows
        budget = page_weight.load_budget(ROOT / "budgets.yml")
        sizes_kb = [r["bytes"] for r in rows]
        md += ["## Page weight (gzip, empty cache, what the page loads)", "",
               f"Budget {budget / 1000:.0f} KB (budgets.yml). Heaviest {rows[0]['bytes'] / 1000:.1f} KB, "
               f"median {statistics.median(sizes_kb) / 1000:.1f} KB, lightest {rows[-1]['bytes'] / 1000:.1f} KB "
               f"over {len(rows)} pages. Plain Material: the same page of a plain Material + i18n build "
               f"of the same docs/, and the ratio. First interaction: what a key, a click on a control "
               f"or the search then loads (Material's bundle and what it starts; "
               f"overrides/assets/javascripts/theme-on-demand.js).", "",
               "| page | KB | plain Material KB | ratio | requests | first interaction KB |",
               "|---|---:|---:|---:|---:|---:|"]

        def plain_cells(r: dict) -> str:
            base = r["plain_material_bytes"]
            return f"{base / 1000:.1f} | {r['bytes'] / base:.2f}" if base else "– | –"

        md += [f"| {r['page']} | {r['bytes'] / 1000:.1f} | {plain_cells(r)} | {r['requests']} | "
               f"{r['first_interaction_bytes'] / 1000:.1f} |"
               for r in rows]
        indexes = search_indexes(real_site)
        result["search_indexes"] = indexes
        md += ["", "## Search indexes", "", "| file | entries | bytes | gzip |", "|---|---:|---:|---:|"]
        md += [f"| {r['file']} | {r['docs']} | {r['bytes']} | {r['gzip']} |" for r in indexes]
        # Before/after the readers' words (compound parts, synonyms; scripts/search_index_sizes.py).
        from search_index_sizes import growth_lines, readers_words_growth
        result["search_readers_words"] = readers_words_growth(real_site)
        md += [""] + [f"- {line}" for line in growth_lines(result["search_readers_words"])]
        # 5. Lighthouse medians beside plain Material
        if args.lighthouse_runs > 0:
            medians = lighthouse_medians({"site": real_site, "plain": plain_site}, args.lighthouse_runs,
                                         tmp / "lighthouse")
            result["lighthouse"] = medians
            md += ["", "## Lighthouse (mobile), median of "
                   f"{args.lighthouse_runs} runs per page", "",
                   "This site beside a plain Material + i18n build of the same docs/ (no overrides, hooks, "
                   "CSS or scripts of our own), built and measured in the same run, one page at a time. "
                   "Ratio = this site / plain (performance: higher is better; LCP, TBT: lower is better). "
                   "On a shared machine every number is an upper bound for the timings.", "",
                   "| page | perf | plain perf | ratio | LCP s | plain LCP s | ratio | TBT ms | plain TBT ms | ratio |",
                   "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]

            def ratio(a: float, b: float) -> str:
                return f"{a / b:.2f}" if b else "–"

            for page, mine in medians["site"].items():
                base = medians["plain"][page]
                md.append(f"| {page} | {mine['performance']:.0f} | {base['performance']:.0f} | "
                          f"{ratio(mine['performance'], base['performance'])} | {mine['lcp_s']:.2f} | "
                          f"{base['lcp_s']:.2f} | {ratio(mine['lcp_s'], base['lcp_s'])} | {mine['tbt_ms']:.0f} | "
                          f"{base['tbt_ms']:.0f} | {ratio(mine['tbt_ms'], base['tbt_ms'])} |")
        if args.profile:
            md += ["", profile(ROOT / "mkdocs.yml", tmp / "real-profile", "real", args.out, env), ""]
            if "profile_generated" in result:
                md += [result["profile_generated"], ""]

    result["seconds"] = round(time.perf_counter() - started, 1)
    md += ["", f"Benchmark run: {result['seconds']:.0f} s."]
    text = "\n".join(md) + "\n"
    (args.out / "bench.md").write_text(text, encoding="utf-8")
    (args.out / "bench.json").write_text(json.dumps(result, indent=1, default=str), encoding="utf-8")
    print(text)
    print(f"Written: {os.path.relpath(args.out / 'bench.md')}, {os.path.relpath(args.out / 'bench.json')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
