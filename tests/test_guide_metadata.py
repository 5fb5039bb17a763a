"""Guides are described by front matter: the templates render the form button,
the host, the login sentence, the last-checked date and the sources from it, the
form right after the title; the menu, the home page's chooser and the guides
overview list every guide by themselves. Expectations come from each guide's
front matter and the ui texts of mkdocs.yml. (A guide without a title:
tests/test_schema.py.)"""

from __future__ import annotations

import re
from html import unescape

import pytest
from mkdocs.utils import yaml_load
from mkdocs.utils.meta import get_data

from conftest import ROOT, build

RAW = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
UI = {block["locale"]: block["extra"]["ui"] for block in next(
    p["i18n"] for p in RAW["plugins"] if isinstance(p, dict) and "i18n" in p)["languages"]}
LANG_ROOT = {"de": "", "en": "en/"}
MONTHS = {"de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split(),
          "en": "January February March April May June July August September October November December".split()}


def guides() -> list[tuple[str, str, dict]]:
    found = []
    for path in sorted((ROOT / "docs/guides").glob("*.*.md")):
        name, lang = path.name.split(".")[:2]
        meta = get_data(path.read_text(encoding="utf-8"))[1]
        if name != "index" and meta.get("form_url"):
            found.append((lang, f"{LANG_ROOT[lang]}guides/{name}", meta))
    return found


GUIDES = guides()
IDS = [page for _, page, _ in GUIDES]


def html(site, path):
    return (site / path / "index.html").read_text(encoding="utf-8")


def long_date(day, lang: str) -> str:
    month = MONTHS[lang][day.month - 1]
    return f"{day.day}. {month} {day.year}" if lang == "de" else f"{day.day} {month} {day.year}"


@pytest.mark.parametrize("lang, page, meta", GUIDES, ids=IDS)
def test_the_form_button_names_the_host_and_the_login(site, lang, page, meta):
    text = html(site, page)
    form = text[text.index('<div class="guide-form"'):text.index("</div>", text.index('<div class="guide-form"'))]
    ui, host = UI[lang], meta["form_url"].split("/")[2]
    button = re.search(r'<a class="[^"]*guide-form__button[^"]*" href="([^"]+)">(.*?)</a>', form, re.S)
    assert unescape(button.group(1)) == meta["form_url"]
    assert " ".join(unescape(re.sub(r"<[^>]+>", " ", button.group(2))).split()) == f"{ui['form_button']} ({host})"
    note = " ".join(unescape(re.sub(r"<[^>]+>", " ", form.split('class="guide-form__note"')[1])).split())
    login = ui["form_login"].replace("{service}", str(meta.get("login_service") or meta["title"]))
    assert (login in note) is (meta.get("login_required") is not False), note
    assert f"{ui['form_host']} {host}" in note
    assert f'<p class="guide-form__url">{meta["form_url"]}</p>' in unescape(form)


@pytest.mark.parametrize("lang, page, meta", GUIDES, ids=IDS)
def test_last_checked_and_sources_in_the_readers_language(site, lang, page, meta):
    text = html(site, page)
    box = text[text.index('class="guide-checked"'):]
    box = box[:box.index("</aside>")]
    day = meta["last_checked"]
    assert f'<time datetime="{day.isoformat()}">{long_date(day, lang)}</time>' in box
    label = UI[lang]["last_checked_reports" if meta.get("checked_from") == "reports" else "last_checked"]
    assert unescape(label) in unescape(box)
    links = re.findall(r'<li><a href="([^"]+)">(.*?)</a></li>', box)
    assert [(unescape(u), unescape(t)) for u, t in links] == [(s["url"], s["title"]) for s in meta["sources"]]


@pytest.mark.parametrize("lang, page, meta", GUIDES, ids=IDS)
def test_the_form_follows_the_title(site, lang, page, meta):
    """hooks/sitegen/plugin.py splits the content after the page's first </h1>; the
    form (after the stale notice) comes before anything of the guide's own text."""
    text = html(site, page)
    after_title = text[text.index("</h1>") + len("</h1>"):]
    first = re.match(r"\s*<(\w+) class=\"([^\"]+)\"", after_title)
    assert first and first.group(2).split()[0] in ("stale-notice", "guide-form"), after_title[:200]
    assert after_title.index('class="guide-form"') < after_title.index("<h2 id=", after_title.index("guide-form__url"))


def test_every_language_home_is_a_home_page(site):
    """On /en/ the link preview names the site once and is a website, as on the German home page."""
    blocks = next(p["i18n"] for p in RAW["plugins"] if isinstance(p, dict) and "i18n" in p)["languages"]
    for block in blocks:
        name = block.get("site_name") or RAW["site_name"]
        home = f"{LANG_ROOT[block['locale']]}index.html"
        text = unescape((site / home).read_text(encoding="utf-8"))
        assert f'<meta property="og:title" content="{name}">' in text, home
        assert '<meta property="og:type" content="website">' in text, home
        assert f"<title>{name} – {block['extra']['ui']['title_suffix']}</title>" in text, home


def test_new_guide_is_two_files_and_nothing_else(project_copy, tmp_path):
    guides_dir = project_copy / "docs/guides"
    source = next(p for p in sorted(guides_dir.glob("*.de.md")) if not p.name.startswith("index."))
    name = source.name.split(".")[0]
    for lang, title in (("de", "Messenger (Test)"), ("en", "Messenger (test)")):
        text = (guides_dir / f"{name}.{lang}.md").read_text(encoding="utf-8")
        text = re.sub(r"^service: .*$", "service: messenger", text, count=1, flags=re.M)
        text = re.sub(r"^order: .*$", "order: 99", text, count=1, flags=re.M)
        text = re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.M)
        (guides_dir / f"messenger.{lang}.md").write_text(text, encoding="utf-8")
    out = tmp_path / "site"
    result = build(project_copy, out)
    assert result.returncode == 0, result.stderr[-2000:]
    last = max((g for g in GUIDES if g[0] == "de"), key=lambda g: g[2]["order"])[1].split("/")[-1]
    for home, title in (("", "Messenger (Test)"), ("en/", "Messenger (test)")):
        chooser = html(out, home).split('class="chooser"')[1].split("</nav>")[0]
        assert 'href="guides/messenger/"' in chooser and title in chooser
        assert chooser.rindex("guides/messenger/") > chooser.rindex(f"guides/{last}/"), "last: order 99"
        overview = html(out, home + "guides")
        assert 'href="messenger/"' in overview.split('class="chooser"')[1]
        assert 'href="../guides/messenger/" class="md-nav__link"' in html(out, home + "faq"), "and in the menu"
