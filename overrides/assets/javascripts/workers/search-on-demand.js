/* Material's search worker, loaded when the reader first searches.
 *
 * This file lies next to Material's worker (assets/javascripts/workers/);
 * overrides/main.html's config block points the pages at it, and
 * hooks/sitegen/theme.py writes the stub index it reads. Material starts
 * its worker and hands it the search index on every page load; here that index
 * is a stub of a few hundred bytes whose config says where the full index and
 * Material's real worker are. This worker answers "ready" at once, and on the
 * first query (Material sends one when the search field gets the focus) it
 * fetches the full index, imports Material's worker into itself and passes
 * the messages on, so the search works and looks exactly as Material's own.
 *
 * Before a query reaches Material's worker, readersQuery() adapts it to how
 * readers type (hooks/sitegen/core/search.py does the same for the index):
 * - a word longer than the text's form of it still finds it: each word is
 *   reduced to its stem with lunr's own stemmer for the index's language,
 *   where that stem is the word's beginning ("Freunden" -> "freund", which
 *   finds "Freunde"; Material searches every word as a beginning anyway);
 * - an article of a law ("Art. 21", "Artikel 21", "article 21") must match
 *   both the article and its number, so "21" alone in a date does not count.
 *
 * Messages (Material 9's SearchMessageType): 0 setup, 1 ready, 2 query, 3 result.
 */
(function () {
  "use strict";
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  var stub = null;          // config and options from the setup message
  var loading = null;       // promise: Material's worker set up with the full index
  var loaded = false;
  var pending = null;       // the latest query while loading
  var forwarding = false;   // true while a message is passed on to Material's worker
  var whenReady = null;     // resolves when Material's worker says "ready"
  var send = self.postMessage.bind(self);

  // Material's worker answers with the global postMessage: its "ready" after
  // the hidden setup is ours to keep, everything else goes to the page.
  self.postMessage = function (message) {
    if (message && message.type === READY && whenReady) {
      var done = whenReady;
      whenReady = null;
      done();
      return;
    }
    send(message);
  };

  var ARTICLE = /(^|\s)(?:art\.?|artikel|article)\s*(\d+)(?=\s|$|[.,;:!?)])/gi;
  var PLAIN = /^\p{L}{4,}$/u;  // a word of letters only; operators stay as typed

  function stemmer() {
    var lunr = self.lunr, lang = stub && stub.config.lang && stub.config.lang[0];
    if (!lunr) return null;
    if (lang && lang !== "en") return lunr[lang] && lunr[lang].stemmer;
    return lunr.stemmer;
  }

  function readersQuery(query) {
    var stem = stemmer();
    return String(query)
      .replace(ARTICLE, function (_, before, number) { return before + "+art* +" + number + "*"; })
      .split(/(\s+)/)
      .map(function (word) {
        if (!stem || !PLAIN.test(word)) return word;
        var low = word.toLowerCase();
        var short = String(stem(new self.lunr.Token(low)));
        return short.length >= 3 && short.length < low.length && low.indexOf(short) === 0 ? short : word;
      })
      .join("");
  }

  function forward(message) {
    if (message.type === QUERY) message = { type: QUERY, data: readersQuery(message.data) };
    forwarding = true;
    try {
      self.dispatchEvent(new MessageEvent("message", { data: message }));
    } finally {
      forwarding = false;
    }
  }

  function load() {
    if (loading) return loading;
    var where = stub.config.on_demand;
    loading = fetch(new URL(where.index, self.location.href))
      .then(function (response) {
        if (!response.ok) throw new Error("search index: HTTP " + response.status);
        return response.json();
      })
      .then(function (index) {
        importScripts(new URL(where.worker, self.location.href).href);
        return new Promise(function (resolve) {
          whenReady = resolve;
          forward({ type: SETUP, data: { config: index.config, docs: index.docs, options: stub.options } });
        });
      })
      .then(function () { loaded = true; });
    loading.catch(function (error) {
      loading = null;  // try again with the next query
      console.warn("Search could not load: " + error.message);
      send({ type: RESULT, data: { items: [] } });
    });
    return loading;
  }

  // Registered before Material's worker is imported, so this runs first and
  // keeps the page's messages from reaching it directly.
  self.addEventListener("message", function (event) {
    if (forwarding) return;
    event.stopImmediatePropagation();
    var message = event.data;
    if (message.type === SETUP) {
      stub = message.data;
      send({ type: READY });
    } else if (message.type === QUERY) {
      if (loaded) {
        forward(message);
      } else if (!String(message.data).trim()) {
        // Material sends the empty field's query on page load: nothing to find yet.
        send({ type: RESULT, data: { items: [] } });
      } else {
        var first = pending === null;
        pending = message;
        if (first) {
          load().then(function () {
            var latest = pending;
            pending = null;
            forward(latest);
          }, function () { pending = null; });
        }
      }
    }
  });
})();
