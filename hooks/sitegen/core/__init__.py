"""The core: pure functions from data, Markdown or HTML to data, Markdown, HTML or messages.

Nothing in this package imports MkDocs, Material or the i18n plugin
(tests/test_architecture.py proves it), so every rule here is tested
in-process in milliseconds and survives a move to another site generator.
The shell (../plugin.py) reads files and configuration and calls these
functions at the right events; ../theme.py is the only module that knows
Material, ../i18n.py the only one that knows mkdocs-static-i18n.

Modules:
  rules.py            one rule each: a safe https address, text without markup, a date
  schema.py           the schema of mkdocs.yml's data and of every page's front matter
  sanitise.py         page content against an allowlist sanitiser (nh3), reserved ids
  csp.py              the Content Security Policy (one constant) and the final-page check
  deadline.py         deadline status, the home page's first screen, the stale notice
  timeline.py         docs/timeline.yml: entries, the timeline page, the Atom feed
  structured_data.py  JSON-LD for a page
  search.py           one search index per language, readers' words, the on-demand stub
  pages.py            tokens in Markdown, the guide chooser, a guide's title, small HTML helpers
  links.py            MkDocs' link warnings as messages with line, fix and the nearest target
"""
