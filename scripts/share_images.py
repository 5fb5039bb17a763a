#!/usr/bin/env python3
"""Draw the link-preview images, one PNG per language: docs/assets/share-<lang>.png.

  share_images.py            draw them (needs Chromium: make browser-deps)
  share_images.py --check    exit 1 if an image is missing or its texts are stale

Messengers and social networks show og:image when someone shares a page; most
ignore SVG, so these are PNG, 1200 x 630 pixels. The text on them is the site's
name in that language and the authority's name, from mkdocs.yml. Each PNG
records those texts in a tEXt chunk; `--check` (run by the tests) compares
them with mkdocs.yml, so a renamed site is not shared with an old picture.
Run this script after changing site_name or extra.authority.name, then commit
the images.
"""

from __future__ import annotations

import argparse
import html
import json
import struct
import sys
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from translations import ROOT, languages, load_config  # noqa: E402

SIZE = (1200, 630)
KEYWORD = b"Description"  # the PNG tEXt keyword holding the texts drawn
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-gpu"]

CARD = """<!doctype html><html lang="{lang}"><meta charset="utf-8"><style>
html, body {{ margin: 0; width: {w}px; height: {h}px; }}
body {{ box-sizing: border-box; padding: 72px 80px; display: flex; flex-direction: column;
        justify-content: space-between; background: #00466e; color: #fff;
        font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }}
.mark {{ width: 96px; height: 96px; }}
h1 {{ margin: 0; font-size: 74px; line-height: 1.12; font-weight: 700; letter-spacing: -0.5px; }}
p {{ margin: 0; font-size: 30px; line-height: 1.3; border-top: 4px solid #fff; padding-top: 24px; }}
</style><body>{logo}<h1>{title}</h1><p>{authority}</p></body></html>"""


def texts(root: Path = ROOT) -> dict[str, dict[str, str]]:
    """{lang: {"title": site name, "authority": name}} from mkdocs.yml."""
    config = load_config(root)
    default, langs = languages(config)
    blocks = {}
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            blocks = {lang["locale"]: lang for lang in plugin["i18n"]["languages"]}
    names = config["extra"]["authority"]["name"]
    out = {}
    for lang in langs:
        title = blocks.get(lang, {}).get("site_name") or config["site_name"]
        name = names.get(lang, names.get(default)) if isinstance(names, dict) else names
        out[lang] = {"title": " ".join(str(title).split()), "authority": " ".join(str(name).split())}
    return out


def image_path(root: Path, lang: str) -> Path:
    return root / "docs" / "assets" / f"share-{lang}.png"


def with_text_chunk(png: bytes, text: str) -> bytes:
    """The PNG with a tEXt chunk (keyword, Latin-1 text) inserted after IHDR."""
    data = KEYWORD + b"\0" + text.encode("latin-1", "replace")
    chunk = struct.pack(">I", len(data)) + b"tEXt" + data + struct.pack(">I", zlib.crc32(b"tEXt" + data))
    end_of_ihdr = 8 + 4 + 4 + 13 + 4
    return png[:end_of_ihdr] + chunk + png[end_of_ihdr:]


def read_png(path: Path) -> tuple[tuple[int, int], str | None]:
    """((width, height), recorded texts or None) of a PNG file."""
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG file")
    size, recorded, at = None, None, 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if kind == b"IHDR":
            size = struct.unpack(">II", body[:8])
        elif kind == b"tEXt" and body.startswith(KEYWORD + b"\0"):
            recorded = body[len(KEYWORD) + 1:].decode("latin-1")
        at += 12 + length
    return size, recorded


def record(values: dict[str, str]) -> str:
    # JSON with \\u escapes stays Latin-1 safe (ä, „…“ and – survive).
    return json.dumps(values, sort_keys=True)


def problems(root: Path = ROOT) -> list[str]:
    found = []
    for lang, values in texts(root).items():
        path = image_path(root, lang)
        where = path.relative_to(root)
        if not path.exists():
            found.append(f"{where}: missing; run `python scripts/share_images.py` and commit it.")
            continue
        size, recorded = read_png(path)
        if size != SIZE:
            found.append(f"{where}: is {size[0]} x {size[1]} pixels, must be {SIZE[0]} x {SIZE[1]}; "
                         "run `python scripts/share_images.py`.")
        if recorded != record(values):
            found.append(f"{where}: shows other texts than mkdocs.yml ({values['title']!r}); "
                         "run `python scripts/share_images.py` and commit the images.")
    return found


def draw(root: Path = ROOT) -> list[Path]:
    from playwright.sync_api import sync_playwright

    # The site's own logo if docs/assets/ has one, else the theme's (overrides/assets/).
    logo_file = next(p for p in (root / "docs/assets/logo.svg", root / "overrides/assets/logo.svg") if p.is_file())
    logo = logo_file.read_text(encoding="utf-8")
    logo = logo.replace("<svg ", '<svg class="mark" aria-hidden="true" ', 1)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": SIZE[0], "height": SIZE[1]})
        for lang, values in texts(root).items():
            page.set_content(CARD.format(lang=lang, w=SIZE[0], h=SIZE[1], logo=logo,
                                         # No line break at "KI-Training": a non-breaking hyphen.
                                         title=html.escape(values["title"]).replace("-", "\u2011"),
                                         authority=html.escape(values["authority"])))
            png = page.screenshot(type="png", full_page=False)
            path = image_path(root, lang)
            path.write_bytes(with_text_chunk(png, record(values)))
            written.append(path)
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder (default: this repository)")
    parser.add_argument("--check", action="store_true", help="only check that the images are current")
    args = parser.parse_args(argv)
    if args.check:
        found = problems(args.root)
        for line in found:
            print(line)
        return 1 if found else 0
    for path in draw(args.root):
        print(f"{path.relative_to(args.root)}: {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
