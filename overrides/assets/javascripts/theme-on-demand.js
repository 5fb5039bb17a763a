/* Material's JavaScript bundle, loaded when the reader first needs it.
 *
 * overrides/main.html's scripts block writes this file instead of Material's
 * <script src="…/bundle.….min.js"> on every page; the bundle's address is in
 * this script's data-bundle attribute (hooks/sitegen/theme.py finds it).
 * Reading, the phone menu (a checkbox and its labels), content tabs (radio
 * buttons; site.js), links, the
 * skip link and printing work without the bundle, so most readers never
 * download it (35 KB gzip). It is loaded on the reader's first
 *
 *   - keydown (the keyboard's shortcuts and focus handling are Material's),
 *   - click or tap on a control (button, label, form field, summary, a link
 *     within the page), not on scrolling or a link to another page,
 *   - focus of the search field, or the search opened with its button,
 *   - or at once when the address asks for a search (?q=…, the 404 page's link).
 *
 * Until it has started, this script does what the reader asked for so that
 * the action is not lost: "/", "s" or "f" open the search and focus its field
 * (Material's shortcuts), "n"/"." and "p"/"," follow the page's next/previous
 * link, Enter on a menu section's label opens it, Escape closes the search,
 * a closed <details> opens for printing. What the reader types into the field
 * stays there; Material searches it as soon as its search is ready.
 *
 * Material waits for DOMContentLoaded, which has long passed when the bundle
 * arrives: this script fires it once more for Material, and hides the
 * <link rel=alternate> elements meanwhile (Material would fetch a sitemap.xml
 * next to each: our hreflang links name single pages, the feed link a file). Material also treats the address's #fragment at start
 * as a fresh jump to it and closes the search and the menu then; the
 * fragment is left out of the address while the bundle starts and put back
 * right after, unless the reader has moved to another one meanwhile.
 *
 * Material's bundle expects four helpers that its templates define in an
 * inline script (partials/javascripts/base.html, replaced by an empty partial:
 * the pages run no inline script). They are defined here instead, before the
 * bundle loads; the two that would read and write the reader's localStorage or
 * sessionStorage do nothing, because this site stores nothing in the browser.
 *
 * When Material's document$ has emitted, <html> gets data-theme-js="started"
 * (tests wait for it; nothing is stored anywhere). No timers, no storage.
 */
(function () {
  "use strict";
  var config = document.getElementById("__config");
  window.__md_scope = new URL(config ? JSON.parse(config.textContent).base : ".", location);
  window.__md_hash = function (value) {
    return Array.prototype.reduce.call(value, function (hash, char) {
      return (hash << 5) - hash + char.charCodeAt(0);
    }, 0);
  };
  window.__md_get = function () { return null; };
  window.__md_set = function () {};

  var me = document.currentScript;
  var bundle = me && me.getAttribute("data-bundle");
  var root = document.documentElement;
  var state = "waiting";  // "loading", "started", "failed"
  var search = document.getElementById("__search");
  var query = document.querySelector("[data-md-component=search-query]");
  var printed = [];

  function mark(value) {
    state = value;
    root.setAttribute("data-theme-js", value);
  }

  function started() {
    var alternates = document.querySelectorAll("link[rel=alternate]");
    alternates.forEach(function (link) { link.rel = "x-alternate"; });
    try {
      // Material subscribes with {once: true} to the real event, which has passed.
      document.dispatchEvent(new Event("DOMContentLoaded"));
    } finally {
      alternates.forEach(function (link) { link.rel = "alternate"; });
    }
    if (window.document$ && window.document$.subscribe) {
      window.document$.subscribe(function () { mark("started"); });
    } else {
      mark("failed");
    }
  }

  // Material asks its search worker about the field's value as soon as it has
  // started; for an empty field workers/search-on-demand.js answers "no results"
  // at once. If the reader types in between (the bundle arrived while they
  // were typing), that answer reaches Material after the first letters and it
  // would say "no results" for them until their results come. Such an answer
  // (to a blank query, while the field is no longer blank) is not passed on.
  // Worker messages: 2 query, 3 result (Material's SearchMessageType).
  function guardSearchWorker() {
    var Native = window.Worker;
    if (!Native || !query) return;
    var Guarded = function (url, options) {
      var worker = new Native(url, options);
      var blanks = 0;  // blank queries sent and not yet answered (answered in order)
      var post = worker.postMessage;
      worker.postMessage = function (message) {
        if (message && message.type === 2 && !String(message.data).trim()) blanks += 1;
        return post.apply(worker, arguments);
      };
      worker.addEventListener("message", function (event) {
        var data = event.data;
        if (!data || data.type !== 3 || blanks === 0) return;
        blanks -= 1;
        if (query.value.trim()) event.stopImmediatePropagation();
      });
      return worker;
    };
    Guarded.prototype = Native.prototype;
    window.Worker = Guarded;
  }

  function load() {
    if (state !== "waiting" || !bundle) return;
    mark("loading");
    guardSearchWorker();
    var hash = location.hash;
    var bare = location.pathname + location.search;
    if (hash) history.replaceState(history.state, "", bare);
    var script = document.createElement("script");
    script.src = bundle;
    script.onload = function () {
      if (hash && !location.hash) history.replaceState(history.state, "", bare + hash);
      if (document.readyState === "loading") {
        // The real event is still to come and reaches Material by itself.
        document.addEventListener("DOMContentLoaded", function () {
          mark(window.document$ ? "started" : "failed");
        }, { once: true });
      } else {
        started();
      }
    };
    script.onerror = function () {
      if (hash && !location.hash) history.replaceState(history.state, "", bare + hash);
      mark("failed");
    };
    document.head.appendChild(script);
  }

  function openSearch() {
    // As Material's setToggle: a click on the checkbox, so "change" follows.
    if (search && !search.checked) search.click();
    if (query) {
      query.focus();
      query.select();
    }
  }

  // Material's rule for keys a focused element needs itself.
  function wantsKey(el, key) {
    if (!el) return false;
    if (el.tagName === "INPUT") return el.type === "radio" ? /^Arrow/.test(key) : true;
    return el.tagName === "SELECT" || el.tagName === "TEXTAREA" || el.isContentEditable;
  }

  window.addEventListener("keydown", function (event) {
    if (state === "started") return;
    load();
    if (event.metaKey || event.ctrlKey || event.isComposing) return;
    var active = document.activeElement;
    if (search && search.checked) {
      if (event.key === "Escape") {
        search.click();
        if (query) query.blur();
      } else if (event.key === "Enter" && active === query) {
        event.preventDefault();  // the form is never submitted; the results come with the bundle
      }
      return;
    }
    if (wantsKey(active, event.key)) return;
    var link = null;
    switch (event.key) {
      case "/": case "s": case "f":
        event.preventDefault();
        openSearch();
        break;
      case "p": case ",":
        link = document.querySelector("link[rel=prev]");
        break;
      case "n": case ".":
        link = document.querySelector("link[rel=next]");
        break;
      case "Enter":
        if (active instanceof HTMLLabelElement) active.click();
        break;
    }
    if (link) location.href = link.href;
  });

  var CONTROL = "button, label, input, select, textarea, summary, [tabindex], a[href^='#']";
  document.addEventListener("click", function (event) {
    if (state !== "waiting") return;
    var target = event.target instanceof Element ? event.target : null;
    if (target && target.closest(CONTROL)) load();
  }, true);

  document.addEventListener("focusin", function (event) {
    if (state === "started" || event.target !== query) return;
    load();
    if (search && !search.checked) search.click();  // as Material does on focus
  });

  if (search) {
    search.addEventListener("change", function () {
      if (state === "started") return;
      load();
      if (search.checked && query && document.activeElement !== query) query.focus();
    });
  }

  // The search form is handled by script and never submitted.
  if (query && query.form) {
    query.form.addEventListener("submit", function (event) {
      if (state !== "started") event.preventDefault();
    });
  }

  // An address with ?q= (the 404 page's "search this site" link) asks for a
  // search: Material opens it with those words once its bundle runs.
  if (new URLSearchParams(location.search).has("q")) load();

  // Printing: Material opens closed <details> for the print and closes them after.
  window.addEventListener("beforeprint", function () {
    if (state === "started") return;
    printed = Array.prototype.filter.call(document.querySelectorAll("details"), function (el) {
      return !el.open;
    });
    printed.forEach(function (el) { el.open = true; });
  });
  window.addEventListener("afterprint", function () {
    printed.forEach(function (el) { el.open = false; });
    printed = [];
  });
})();
