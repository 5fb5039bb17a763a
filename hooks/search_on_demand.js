/* Material's search worker, loaded when the reader first searches.
 *
 * hooks/search_on_demand.py writes this file next to Material's worker
 * (assets/javascripts/workers/) and points the pages at it. Material starts
 * its worker and hands it the search index on every page load; here that index
 * is a stub of a few hundred bytes whose config says where the full index and
 * Material's real worker are. This worker answers "ready" at once, and on the
 * first query (Material sends one when the search field gets the focus) it
 * fetches the full index, imports Material's worker into itself and passes
 * the messages on, so the search works and looks exactly as Material's own.
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

  function forward(message) {
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
