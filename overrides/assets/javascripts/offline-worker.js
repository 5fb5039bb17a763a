/* Material's search worker on file:// (overrides/main.html loads it in the
   offline preview only). A browser refuses `new Worker("file://…")`, so the
   worker script runs in a hidden frame of this page instead; Material's
   worker supports this (it looks for `IFrameWorker` in its parent and then
   awaits importScripts). Nothing is fetched: scripts load as <script>. */
(function () {
  "use strict";
  if (location.protocol !== "file:") return;

  function IFrameWorker(url) {
    var target = document.createElement("div"); // an EventTarget for "message"
    var frame = document.createElement("iframe");
    var queue = [];
    var ready = false;
    frame.hidden = true;
    frame.title = "search";
    frame.setAttribute("aria-hidden", "true");
    frame.tabIndex = -1;

    function deliver(data) {
      frame.contentWindow.dispatchEvent(new MessageEvent("message", { data: data }));
    }

    (document.body || document.documentElement).appendChild(frame);
    var win = frame.contentWindow;
    var doc = win.document;
    // The worker's globals, as a worker has them.
    win.postMessage = function (data) {
      setTimeout(function () { target.dispatchEvent(new MessageEvent("message", { data: data })); }, 0);
    };
    win.importScripts = function () {
      var urls = Array.prototype.slice.call(arguments);
      return urls.reduce(function (done, src) {
        return done.then(function () {
          return new Promise(function (resolve, reject) {
            var script = doc.createElement("script");
            script.src = src;
            script.onload = resolve;
            script.onerror = function () { reject(new Error("cannot load " + src)); };
            doc.body.appendChild(script);
          });
        });
      }, Promise.resolve());
    };
    if (!doc.body) doc.documentElement.appendChild(doc.createElement("body"));
    var script = doc.createElement("script");
    script.src = new URL(url, location.href).href;
    script.onload = function () {
      ready = true;
      queue.splice(0).forEach(deliver);
    };
    doc.body.appendChild(script);

    this.postMessage = function (data) {
      if (ready) setTimeout(function () { deliver(data); }, 0);
      else queue.push(data);
    };
    this.addEventListener = target.addEventListener.bind(target);
    this.removeEventListener = target.removeEventListener.bind(target);
    this.dispatchEvent = target.dispatchEvent.bind(target);
    this.terminate = function () { frame.remove(); };
  }

  window.IFrameWorker = IFrameWorker;
  window.Worker = IFrameWorker;
})();
