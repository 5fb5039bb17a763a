/* The 404 pages (overrides/404.html): GitHub Pages answers every missing address
   with /404.html. A reader whose mistyped address starts with another
   language's folder (/en/…) is sent on to that language's 404 page, which puts
   the mistyped address back into the address bar; and the "search this site"
   link opens the search with the words of the mistyped address. Data from the
   page's not-found-data (languages and their homes). No requests, no storage. */
(function () {
  "use strict";
  var source = document.getElementById("not-found-data");
  if (!source) return;
  var data = JSON.parse(source.textContent), path = location.pathname;
  if (data.default) {
    for (var lang in data.others) {
      if (path.indexOf(data.others[lang][0]) === 0 && path !== data.others[lang][1]) {
        location.replace(data.others[lang][1] + "?from=" + encodeURIComponent(path + location.search + location.hash));
        return;
      }
    }
  } else {
    var from = new URLSearchParams(location.search).get("from");
    if (from && from.indexOf(data.home) === 0) {
      history.replaceState(null, "", from);
      path = location.pathname;
    }
  }
  var link = document.querySelector("[data-not-found-search]");
  if (!link) return;
  var home = new URL(link.href).pathname;
  var rest = path.indexOf(home) === 0 ? path.slice(home.length) : "";
  try { rest = decodeURIComponent(rest); } catch (error) { /* keep it encoded */ }
  var words = rest.split(/[\/\-_.+]+/).filter(function (w) { return w && w !== "index" && w !== "html"; });
  link.href = link.href.split("?")[0] + "?q=" + encodeURIComponent(words.join(" "));
})();
