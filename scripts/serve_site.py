#!/usr/bin/env python3
"""Serve a built site on 127.0.0.1 the way GitHub Pages does.

  serve_site.py [SITE_DIR] [--port N] [--prefix /repo/] [--no-gzip]

- under a sub-path (`--prefix`, like a project page at /<repository>/),
- gzip-compressed when the client accepts it (GitHub Pages compresses),
- a missing address answered with the site's 404.html and status 404.

Tests and `make lighthouse` import SiteServer; run it directly to look at a
build in a browser. It listens on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import gzip
import mimetypes
import threading
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml",
                "image/svg+xml", "application/atom+xml")


class Handler(BaseHTTPRequestHandler):
    def __init__(self, *args, root: Path, prefix: str, compress: bool, **kwargs):
        self.root, self.prefix, self.compress = root, prefix, compress
        super().__init__(*args, **kwargs)

    def log_message(self, *args):  # quiet: tests read their own output
        pass

    def resolve(self) -> Path | None:
        path = unquote(urlsplit(self.path).path)
        if not path.startswith(self.prefix):
            return None
        target = (self.root / path[len(self.prefix):]).resolve()
        if self.root not in target.parents and target != self.root:
            return None
        if target.is_dir():
            if not path.endswith("/"):
                return target  # redirect below
            target = target / "index.html"
        return target if target.is_file() else None

    def do_HEAD(self):
        self.do_GET(body=False)

    def do_GET(self, body: bool = True):
        target = self.resolve()
        if target is not None and target.is_dir():
            self.send_response(301)
            self.send_header("Location", urlsplit(self.path).path + "/")
            self.end_headers()
            return
        status = 200
        if target is None:
            status, target = 404, self.root / "404.html"
        data = target.read_bytes() if target.is_file() else b"Not found"
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype.endswith(("javascript", "json", "xml")):
            ctype += "; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Cache-Control", "max-age=600")
        if (self.compress and "gzip" in self.headers.get("Accept-Encoding", "")
                and ctype.startswith(COMPRESSIBLE)):
            data = gzip.compress(data, 6)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)


class SiteServer:
    """`with SiteServer(site_dir, prefix="/repo/") as server: server.url` — stopped on exit."""

    def __init__(self, root: Path, prefix: str = "/", port: int = 0, compress: bool = True):
        prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
        handler = partial(Handler, root=Path(root).resolve(), prefix=prefix, compress=compress)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}{prefix}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "SiteServer":
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site_dir", nargs="?", default="site", type=Path)
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--prefix", default="/", help="sub-path the site is served under")
    parser.add_argument("--no-gzip", action="store_true", help="do not compress")
    args = parser.parse_args()
    with SiteServer(args.site_dir, args.prefix, args.port, not args.no_gzip) as server:
        print(f"Serving {args.site_dir} at {server.url} (Ctrl-C stops)")
        try:
            server.thread.join()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
