"""The shell: one plugin object whose events call the core's functions in order.

Every step of every event is listed below in the order it runs, in one place.
State lives on the plugin object: `self.build` for one build (made afresh by
on_config when a build starts), `self.lang[<code>]` for each language, since
the i18n plugin builds every other language from inside the default
language's on_post_build (i18n.py), so most events run once per language.

The core (core/) knows nothing of MkDocs; theme.py is the only module that
knows Material, i18n.py the only one that knows the i18n plugin. MkDocs loads
this object through hooks/sitegen_hooks.py (README, "Build logic").

Problems an editor causes are reported with the file, the line and the fix:
security problems (markup in a text the theme prints, an unsafe address, an
unknown front-matter key, content the sanitiser would change, a reserved id,
active content in a built page) stop every build, the preview included;
the rest fail the strict build (`make check`) and leave a draft viewable in
`make serve`.
"""

from __future__ import annotations

import logging
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from jinja2.bccache import FileSystemBytecodeCache
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.utils import get_relative_url, yaml_load
from mkdocs.utils.meta import YAML_RE, get_data

from . import i18n, theme
from .config import PluginConfig, from_environment
from .core import csp, deadline, links, offline, pages, sanitise, schema, search, structured_data, timeline
from .core.rules import as_date, url_problem

log = logging.getLogger("mkdocs.plugins.sitegen")

LOCAL_HOSTS = ("127.0.0.1", "localhost")


@dataclass
class Language:
    """What one language's build found, for the steps after it."""
    ui: dict
    texts: dict                                  # site_name, site_description, copyright
    deadline: dict = field(default_factory=dict)
    untranslated: set = field(default_factory=set)           # URLs shown in another language
    pages: dict = field(default_factory=dict)                # neutral path -> search.PageInfo
    timeline_page: object = None
    index: dict | None = None                                # the search index, once built
    share_image: str | None = None                           # its link-preview image, if any


@dataclass
class Build:
    """One build (one `mkdocs build`, or one rebuild of `mkdocs serve`)."""
    meta: dict                                   # src_uri -> (front matter, body)
    entries: list                                # timeline entries
    reserved_ids: frozenset = frozenset()
    theme_checked: bool = False
    security: list = field(default_factory=list)  # this language's content problems
    logged: set = field(default_factory=set)      # problems already reported once


class _LinkMessages(logging.Filter):
    """MkDocs' link warnings with the line, the fix and the nearest target (core/links.py)."""

    def __init__(self, docs_dir: str):
        super().__init__()
        self.docs = Path(docs_dir)

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        if links.left_to_the_sanitiser(text):
            return False  # the sanitiser names this address once, with its fix
        if "contains a" in text and " link '" in text:
            texts = {p.relative_to(self.docs).as_posix(): p.read_text(encoding="utf-8")
                     for p in self.docs.rglob("*.md")}
            better = links.message(text, texts, self.docs.name)
            if better:
                record.msg, record.args = better, ()
        return True


class SitegenPlugin(BasePlugin[PluginConfig]):

    def __init__(self):
        super().__init__()
        self.load_config(from_environment())
        self.command = "build"
        self.build: Build | None = None
        self.lang: dict[str, Language] = {}
        self.template_cache = None

    def events(self) -> dict:
        """The bound on_* methods, for the hook file to export."""
        return {name: getattr(self, name) for name in dir(self) if name.startswith("on_")}

    # --- Before anything is built -------------------------------------------------------

    def on_startup(self, *, command, dirty):
        self.command = command  # "serve": a preview that MkDocs' live reload must reach

    @event_priority(1000)  # before any plugin reads the configuration
    def on_config(self, config):
        if i18n.outermost(config):
            self._start(config)
        self._add_guides_to_nav(config)
        if self.config.offline:
            config.use_directory_urls = False
        return config

    def _start(self, config) -> None:
        """A new build: its options, then everything an editor or adopter wrote, all at once."""
        self.lang, self.template_cache = {}, None
        errors, _ = self.load_config(from_environment())
        stop = [f"{key}: {error}" for key, error in errors] + self._check_options() + i18n.problems(config)
        path = Path(config.config_file_path or "mkdocs.yml")
        with open(path, encoding="utf-8") as handle:
            raw = yaml_load(handle)
        found = schema.check_site(path.read_text(encoding="utf-8"), raw, path.name)
        budgets = path.parent / "budgets.yml"
        if budgets.is_file():
            found += schema.check_budgets(budgets.read_text(encoding="utf-8"), budgets.name)
        found += [schema.Problem(f"{path.name}", f"{key} {value!r} {problem}.", "write a plain https:// address.",
                                 True) for key, value, problem in self._site_addresses(config)]
        if found:
            for problem in found:
                log.error(str(problem))
            raise PluginError(f"The site's configuration has {len(found)} problem(s), listed above; nothing was "
                              "built. Fix them and build again.")
        if stop:
            raise PluginError("\n".join(stop))
        meta = self._read_pages(config)
        hosts = tuple(config.extra["forms"]["hosts"])
        operator = config.extra["forms"]["operator"]
        problems = []
        for src_uri, (data, body, block, start) in meta.items():
            problems += schema.check_front_matter(src_uri, block, data, body, hosts, operator, start)
        self._report(problems)
        try:
            entries = timeline.load(Path(config.docs_dir, "timeline.yml").read_text(encoding="utf-8"),
                                    i18n.built_languages(config), config.extra.get("timeline_as_of"))
        except FileNotFoundError:
            entries = []
        except timeline.TimelineError as error:
            for problem in error.problems:
                log.error(problem)
            raise PluginError(f"docs/timeline.yml has {len(error.problems)} problem(s), listed above.") from None
        self.build = Build(meta={k: v[:2] for k, v in meta.items()}, entries=entries)
        self._link_messages(config)

    def _check_options(self) -> list[str]:
        today = self.config.today
        if today and as_date(today) is None:
            return [f"SITE_TODAY={today!r} is not a date. Fix: set it as YYYY-MM-DD (e.g. SITE_TODAY=2025-05-26), "
                    "or unset it to build as of today."]
        return []

    def _site_addresses(self, config):
        """site_url and repo_url: plain https; a preview on this machine may use http://127.0.0.1."""
        for key in ("site_url", "repo_url"):
            value = config.get(key)
            if not value:
                continue
            if key == "site_url" and self.command == "serve" and urlsplit(value).hostname in LOCAL_HOSTS:
                continue
            if problem := url_problem(value):
                yield key, value, problem

    def _read_pages(self, config) -> dict:
        """Every page's front matter, read once with MkDocs' own reader."""
        docs, found = Path(config.docs_dir), {}
        for path in sorted(docs.rglob("*.md")):
            src_uri = path.relative_to(docs).as_posix()
            if src_uri.startswith("search/"):
                continue  # editors' data, not a page (exclude_docs)
            raw = path.read_text(encoding="utf-8-sig")
            body, data = get_data(raw)
            match = YAML_RE.match(raw)
            start = raw.count("\n", 0, match.end()) + 1 if match else 1
            found[src_uri] = (data, body, match.group(1) if match else None, start)
        return found

    def _report(self, problems: list) -> None:
        """Log every problem; stop the build when one is a security problem."""
        for problem in problems:
            log.error(str(problem))
        security = [p for p in problems if getattr(p, "security", False)]
        if security:
            raise PluginError(f"{len(security)} problem(s) above could put something other than text on a page; "
                              "nothing was built, not even a preview. Fix them and build again.")

    def _link_messages(self, config) -> None:
        logger = logging.getLogger("mkdocs.structure.pages")
        for old in [f for f in logger.filters if isinstance(f, _LinkMessages)]:
            logger.removeFilter(old)
        logger.addFilter(_LinkMessages(config.docs_dir))
        # The i18n plugin lists every per-language setting it changes; that buries the messages.
        logging.getLogger("mkdocs.plugins.mkdocs_static_i18n.reconfigure").setLevel(logging.WARNING)

    def _add_guides_to_nav(self, config) -> None:
        """The menu section that holds guides/index.md lists every guide, in their `order`."""
        guides = sorted(((meta, src) for src, (meta, _) in self.build.meta.items() if schema.is_guide(src)),
                        key=lambda g: (pages.order_of(g[0]), g[1]))
        first = list(dict.fromkeys(f"guides/{posixpath.basename(src).split('.')[0]}.md" for _, src in guides))
        for section in config.nav or []:
            if isinstance(section, dict):
                (title, entries), = section.items()
                if isinstance(entries, list) and "guides/index.md" in entries:
                    section[title] = ["guides/index.md", *first]

    def on_pre_build(self, config):
        """Once per language: its texts, and the deadline status for the build's day."""
        lang = i18n.language(config)
        ui = config.extra["ui"]
        newest = max(self.build.entries, key=lambda e: e.last, default=None)
        state = Language(ui=ui, texts={"site_name": config.site_name, "site_description": config.site_description,
                                       "copyright": config.copyright})
        state.deadline = deadline.context(
            config.extra["deadlines"], ui, lang, ui["locale"], deadline.today(self.config.today),
            config.extra["review_after_days"], (newest.last, newest.title[lang]) if newest else None,
            config.extra.get("timeline_as_of"))
        self.lang[lang] = state
        self.build.security = []

    @event_priority(-200)  # after the i18n plugin (-100) has chosen this language's files
    def on_files(self, files, config):
        """A page for one language's readers only (`translations: none`) stays out of the others."""
        lang = i18n.language(config)
        for file in list(files.documentation_pages()):
            meta = self.build.meta.get(file.src_uri, ({}, ""))[0]
            if meta.get("translations") != "none" or i18n.file_language(file) is None:
                continue
            if i18n.file_language(file) != lang:
                files.remove(file)
                i18n.forget_file(config, lang, file)
            else:
                i18n.set_alternates(file, {lang: file})  # the switcher leads to the other home page
        return files

    # --- Each page's Markdown and content --------------------------------------------------

    def on_page_markdown(self, markdown, page, config, files):
        """Tokens: the timeline, the first screen, the deadlines, the guides, then the authority's data."""
        lang, here = i18n.language(config), self.lang[i18n.language(config)]
        url = page.url or "."
        if timeline.TOKEN.search(markdown):
            here.timeline_page = page
            feed_href = posixpath.relpath(i18n.prefix(config) + "feed.xml", url)
            body = timeline.render(self.build.entries, lang, here.ui, feed_href)
            stand = timeline.as_of_label(config.extra.get("timeline_as_of"), here.ui)
            if timeline.AS_OF_TOKEN.search(markdown):
                markdown = timeline.AS_OF_TOKEN.sub(lambda _: timeline.as_of_html(stand), markdown)
            else:
                body = timeline.as_of_html(stand) + body
            markdown = timeline.TOKEN.sub(lambda _: body, markdown)
        if pages.NOW_TOKEN.search(markdown):
            href = posixpath.relpath(i18n.prefix(config) + "timeline/", url) + "/"
            box = deadline.now_box(here.deadline, here.ui, href)
            markdown = pages.NOW_TOKEN.sub(lambda _: box, markdown)
        if pages.DEADLINES_TOKEN.search(markdown):
            block = deadline.section(here.deadline, here.ui)
            markdown = pages.DEADLINES_TOKEN.sub(lambda _: block, markdown)
        if pages.GUIDES_TOKEN.search(markdown):
            guides = [(self.build.meta[f.src_uri][0], f.src_uri.split(".", 1)[0] + ".md")
                      for f in files.documentation_pages() if schema.is_guide(f.src_uri)
                      and self.build.meta.get(f.src_uri, ({},))[0].get("title")]
            guides.sort(key=lambda g: (pages.order_of(g[0]), g[1]))
            block = pages.chooser(guides, page.file.src_uri)
            markdown = pages.GUIDES_TOKEN.sub(lambda _: block, markdown)
        markdown, problems = pages.fill_tokens(markdown, config.extra, lang, f"docs/{page.file.src_uri}",
                                               page.file.content_string)
        for problem in problems:
            if problem not in self.build.logged:  # a fallback page repeats its original's tokens
                self.build.logged.add(problem)
                log.error(problem)  # not a security problem: a draft with it stays viewable
        return markdown

    @event_priority(-100)  # after every plugin that adds to the content
    def on_page_content(self, html, page, config, files):
        lang = i18n.language(config)
        where = f"docs/{page.file.src_uri}"
        if i18n.is_fallback(page.file, lang):
            html = pages.untranslated_notice(html, self.lang[lang].ui["untranslated"], i18n.file_language(page.file))
        for message, needles in dict.fromkeys((m, tuple(n)) for m, n in sanitise.findings(html)):
            self.build.security.append(f"{self._source_of(page, config, list(needles))}: {message}.")
        if page.title and (bad := [c for c in '<>"' if c in page.title]):
            self.build.security.append(f"{where}: the page's title {page.title!r} contains {bad[0]!r}. Fix: write "
                                       "the '# heading' (or title:) as plain text.")
        for problem in dict.fromkeys(pages.unfilled_tokens(html)):
            if not pages.TOKENS.search(problem):  # an {{ authority.x }} was named with its line already
                log.error(f"{where}: {problem}.")
        if schema.is_guide(page.file.src_uri) and page.meta.get("form_url"):
            parts = pages.split_after_title(html)
            page.guide_parts = parts or ("", html)  # a missing '# title' is reported before the build
        return html

    def _source_of(self, page, config, needles: list[str]) -> str:
        """docs/<file>:<line> of the text a finding is about, or the data file it came from."""
        own = f"docs/{page.file.src_uri}"
        line = sanitise.source_line(page.file.content_string, needles)
        if line:
            return f"{own}:{line}"
        docs = Path(config.docs_dir)
        # Data files first: a token's output (the timeline, the chooser) comes from them.
        for other in [*sorted(docs.rglob("*.yml")), *sorted(docs.rglob("*.md"))]:
            line = sanitise.source_line(other.read_text(encoding="utf-8"), needles)
            if line:
                return f"{own} (from docs/{other.relative_to(docs).as_posix()}:{line})"
        return own

    # --- The templates -----------------------------------------------------------------------

    def on_env(self, env, config, files):
        """Once per language, after every page's content is made and before any is written."""
        if not self.build.theme_checked:
            found = theme.problems(env, Path(config.theme.custom_dir, "main.html"))
            if found:
                raise PluginError("An assumption about the theme no longer holds:\n" + "\n".join(found))
            self.build.reserved_ids = theme.reserved_ids(env)
            self.build.theme_checked = True
        self._stop_on_security(config, files)
        lang = i18n.language(config)
        # The link-preview image of this language, if the site has one (docs/assets/share-<lang>.png).
        share = f"assets/share-{lang}.png"
        self.lang[lang].share_image = share if files.get_file_from_path(share) is not None else None
        locale = self.lang[lang].ui["locale"]
        env.filters["long_date"] = lambda value: deadline.long_date(value, locale) if as_date(value) else ""
        env.bytecode_cache = self._template_cache(config)
        return env

    def _stop_on_security(self, config, files) -> None:
        """Content that could put something other than text on a page stops the build
        before any page of this language is written."""
        for file in files.documentation_pages():
            page = file.page
            if page is None or not page.content:
                continue
            for message, needles in dict.fromkeys((m, tuple(n)) for m, n in
                                                  sanitise.reserved_id_findings(page.content, self.build.reserved_ids)):
                self.build.security.append(f"{self._source_of(page, config, list(needles))}: {message}.")
        found = list(dict.fromkeys(self.build.security))
        if found:
            for problem in found:
                log.error(problem)
            raise PluginError(f"{len(found)} problem(s) above would put something other than text on a page; "
                              "nothing more was built, not even a preview. Fix them and build again.")

    def _template_cache(self, config):
        """Compiled templates kept in .cache/jinja/ next to mkdocs.yml and reused while a
        template's source is unchanged (a quarter of the build's CPU time, measured with
        `make bench --profile`); built pages are the same byte for byte."""
        if self.template_cache is None:
            folder = Path(config.config_file_path or "mkdocs.yml").resolve().parent / ".cache" / "jinja"
            try:
                folder.mkdir(parents=True, exist_ok=True)
                self.template_cache = FileSystemBytecodeCache(str(folder), pattern="%s.cache")
            except OSError:
                self.template_cache = False  # a read-only checkout: compile every time
        return self.template_cache or None

    def on_page_context(self, context, page, config, nav):
        lang, here = i18n.language(config), self.lang[i18n.language(config)]
        default = i18n.default_language(config)
        meta = page.meta or {}
        translated = not i18n.is_fallback(page.file, lang)
        context["is_home"] = home_page = self._is_home(page, nav)
        context.update(self._common_context(config, here))
        # hreflang: every real language version, absolute, and x-default; a fallback
        # copy points search engines at its original instead.
        if translated:
            context["hreflang_links"] = self._hreflang(page.file, config)
        else:
            here.untranslated.add(page.url)
            original = i18n.alternates(page.file).get(i18n.file_language(page.file))
            if original is not None and config.site_url:
                page.canonical_url = urljoin(config.site_url, original.url)
            context["hreflang_links"] = []
        here.pages[pages.neutral(page.file.src_uri)] = search.PageInfo(
            page.url, frozenset(_anchors(page.toc)), translated)
        if lang != default:
            # Material's search reads base + "search/search_index.json": this language's own index.
            context["base_url"] = get_relative_url(f"{lang}/", page.url)
        if meta.get("form_url") and meta.get("last_checked"):
            context["stale"] = deadline.stale(meta["last_checked"], deadline.today(self.config.today),
                                              config.extra["review_after_days"], here.ui, here.ui["locale"],
                                              meta.get("checked_from") == "reports")
        if page.canonical_url:
            home = config.site_url + i18n.prefix(config)
            data, problems = structured_data.graph(
                authority=config.extra["authority"], site_url=config.site_url, site_name=config.site_name,
                site_description=config.site_description, lang=lang, default=default, home=home,
                url=page.canonical_url, title=config.site_name if home_page else page.title, meta=meta,
                content=page.content)
            for problem in problems:
                log.error(f"docs/{page.file.src_uri}: {problem}")
            context["structured_data"] = structured_data.script_text(data)
        return context

    def _common_context(self, config, here: Language) -> dict:
        """What every template needs: the policies, the theme's files, the data for site.js."""
        return {"site_policy": csp.SERVE_POLICY if self.command == "serve" else csp.POLICY,
                # Only pages this build checked carry it (scripts/check_built_site.py looks for it):
                # their content passed the sanitiser, or the build would have stopped.
                "sitegen_stamp": "sitegen: content sanitised, Content Security Policy set",
                "site_referrer": csp.REFERRER,
                "theme_files": theme.context(self.config.offline),
                "site_data": here.deadline.get("json", "{}"),
                "share_image": here.share_image,
                "deadline_status": here.deadline}

    @staticmethod
    def _is_home(page, nav) -> bool:
        """Every language's home page (MkDocs calls only the default language's one so)."""
        if page is None:
            return False
        homepage = getattr(nav, "homepage", None)
        return bool(page.is_homepage or (homepage is not None and page.url == homepage.url))

    @staticmethod
    def _hreflang(file, config) -> list[tuple[str, str]]:
        """(hreflang, absolute address) of every real language version of `file`, plus x-default."""
        if not config.site_url or i18n.plugin(config) is None:
            return []
        versions = i18n.alternates(file)
        found = [(lang, urljoin(config.site_url, versions[lang].url)) for lang in i18n.built_languages(config)
                 if lang in versions and not i18n.is_fallback(versions[lang], lang)]
        default = dict(found).get(i18n.default_language(config))
        return found + [("x-default", default)] if default and len(found) > 1 else []

    def on_template_context(self, context, template_name, config):
        if template_name == "sitemap.xml":
            context["sitemap_entries"] = [
                {"loc": urljoin(config.site_url, file.url), "alternates": self._hreflang(file, config)}
                for lang, files in i18n.files_per_language(config).items() for file in files
                if file.page is not None and not i18n.is_fallback(file, lang) and config.site_url]
        elif template_name == "404.html":
            lang = i18n.language(config)
            context.update(self._common_context(config, self.lang[lang]))
            context["not_found"] = {"lang": lang, "languages": self._not_found_languages(config)}
            here = next(entry for entry in context["not_found"]["languages"] if entry["lang"] == lang)
            context["search_base"] = here["home"]
        return context

    @staticmethod
    def _not_found_languages(config) -> list[dict]:
        """Each built language's 404 texts and addresses, the default language first."""
        root = urlsplit(config.site_url or "/").path.rstrip("/")
        return [{"lang": block.locale, "name": block.name, "ui": (block.extra or {}).get("ui") or {},
                 "home": root + block.link, "page": f"{root + block.link}404.html", "default": block.default}
                for block in i18n.language_blocks(config)]

    # --- Each built page ------------------------------------------------------------------------

    def on_post_page(self, output, page, config):
        output = pages.compact(output)
        self._check_output(output, f"docs/{page.file.src_uri}")
        return output

    def _check_output(self, output: str, where: str) -> None:
        problems = [f"{where} (built page line {line}): {message}." for line, message in csp.page_problems(output)]
        problems += [f"{where}: {message}" for message in theme.page_problems(output, self.config.offline)]
        if problems:
            for problem in problems:
                log.error(problem)
            raise PluginError(f"{len(problems)} problem(s) in a built page, listed above; it was not written.")

    @event_priority(100)
    def on_post_template(self, output, template_name, config):
        """The 404 page of each language: /404.html in the default language (GitHub Pages
        serves it for every missing address), /<lang>/404.html for the others."""
        if template_name != "404.html":
            return output
        output = pages.compact(output)
        self._check_output(output, "overrides/404.html")
        lang = i18n.language(config)
        if lang == i18n.default_language(config):
            return output
        target = Path(config.site_dir, lang, "404.html")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(output, encoding="utf-8")
        return ""  # nothing for /404.html: the default language's page stays there

    # --- After each language's build ----------------------------------------------------------

    # Two steps: each language's own at -90, as soon as the search plugin (0) has its
    # entries and before the i18n plugin (-100) builds the other languages from inside the
    # default language's build (a strict build of one of them stops there, and this
    # language's problems must be reported all the same); and at -110, once every language
    # is built, what the i18n plugin overwrote or what needs them all.
    @event_priority(-90)
    def _language_built(self, config):
        lang = i18n.language(config)
        self._write_feed(config, lang)
        self.lang[lang].index = self._search_index(config, lang)
        if lang != i18n.default_language(config):
            theme.write_index(config.site_dir, i18n.prefix(config, lang), self.lang[lang].index, self.config.offline)

    @event_priority(-110)
    def _all_built(self, config):
        if not i18n.outermost(config):
            return
        default = i18n.default_language(config)
        # The i18n plugin has just written one index with every language over the default one's.
        if self.lang[default].index is not None:
            theme.write_index(config.site_dir, "", self.lang[default].index, self.config.offline)
        if self.config.offline:
            self._make_offline(config)

    on_post_build = CombinedEvent(_language_built, _all_built)

    def _write_feed(self, config, lang: str) -> None:
        here = self.lang[lang]
        page = here.timeline_page
        if page is None or not self.build.entries:
            return  # no page shows the timeline in this language: nothing to follow
        base = config.site_url + i18n.prefix(config, lang)
        stand = timeline.as_of_label(config.extra.get("timeline_as_of"), here.ui)
        description = " ".join(here.texts["site_description"].split())
        feed = timeline.Feed(
            lang=lang, base=base, page_url=config.site_url + page.url,
            page_dir=posixpath.dirname(page.file.src_uri),
            title=f"{page.title} – {here.texts['site_name']}",
            subtitle=description + (f" {stand}." if stand else ""),
            author=pages.flatten(config.extra["authority"], lang)[".name"],
            author_uri=config.extra["authority"]["website"],
            rights=" ".join((here.texts["copyright"] or "").split()))
        fill = lambda text: pages.fill_tokens(text, config.extra, lang)[0]  # noqa: E731
        target = Path(config.site_dir, i18n.prefix(config, lang), "feed.xml")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(timeline.feed_xml(self.build.entries, feed, here.ui, fill))

    def _search_index(self, config, lang: str) -> dict | None:
        """This language's index with the readers' words (written once by theme.write_index)."""
        engine = config.plugins.get("material/search") or config.plugins.get("search")
        if engine is None or not engine.config.enabled:
            return None
        here, default = self.lang[lang], i18n.default_language(config)
        prefix = i18n.prefix(config, lang)
        others = tuple(f"{other}/" for other in i18n.built_languages(config) if other != default)
        index = search.language_index(engine.search_index.entries, lang, prefix, others, here.untranslated,
                                      dict(engine.config), theme.stemmers())
        settings = (config.extra.get("search_words") or {}).get(lang) or {}
        split = search.splitter(settings["splitter"]) if settings.get("splitter") else None
        synonyms, shown, problems = [], "", []
        if settings.get("synonyms"):
            path = Path(config.docs_dir, settings["synonyms"])
            shown = f"docs/{settings['synonyms']}"
            if not path.is_file():
                problems.append(f"mkdocs.yml: extra.search_words.{lang}.synonyms names {shown}, which does not "
                                "exist. Fix: correct the path (relative to docs/) or remove the line.")
            else:
                try:
                    synonyms = search.load_synonyms(path.read_text(encoding="utf-8"), shown)
                except search.SynonymError as error:
                    problems.append(str(error))
        _, found = search.add_words(index, split, synonyms, here.pages, prefix, shown)
        for problem in problems + found:
            log.error(problem)
        return index

    def _make_offline(self, config) -> None:
        """The offline preview: every link names a file (core/offline.py), once per page."""
        site = Path(config.site_dir)
        for html_file in site.rglob("*.html"):
            if html_file.name == "404.html":
                continue  # never shown from the file system
            text = html_file.read_text(encoding="utf-8")
            html_file.write_text(offline.rewrite(text, html_file, site, config.site_url or ""), encoding="utf-8")


def _anchors(items) -> set[str]:
    found = set()
    for item in items:
        found.add(item.id)
        found |= _anchors(item.children)
    return found
