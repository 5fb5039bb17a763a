"""sitegen: the build logic of a bilingual guidance site (MkDocs + Material + mkdocs-static-i18n).

Layout (as Material's own plugins): `plugin.py` holds the events and the
order of the features, `config.py` the schema of everything an editor or
adopter configures, `common.py` the helpers the features share, and one
module per feature (front_matter.py, deadline.py, csp.py, …).

How MkDocs loads it: mkdocs.yml lists one hook file, hooks/sitegen_hooks.py,
which imports this package and exports plugin.py's events. Chosen over a
local plugin installed with pip (entry point `mkdocs.plugins`) because the
code then travels with the folder: a scratch copy of the repository (the
second-site test, a fork, a pull request's checkout) builds with its own
package and the shared .venv, with no install step and no second pip call
outside the hash-checked requirements; an editable install would point every
copy at whichever checkout ran `make setup`. MkDocs puts hooks/ on the import
path while it loads that one file; inside the package every import is
relative (`from .common import …`), so no module depends on that.
"""
