/* Linked tabs on one page, remembered nowhere.
   Choosing "App" (or "Browser") in one set of tabs chooses the tab of the
   same name in every other set on the same page, and keeps the clicked tab
   where it was on the screen. Material's `content.tabs.link` does the same
   but also writes the choice to the reader's localStorage ("__tabs"), and
   this site stores nothing in the reader's browser (README, privacy notice).
   Works on pymdownx.tabbed's alternate style: .tabbed-set > input[type=radio]
   with .tabbed-labels > label[for=…]. */
(function () {
  var linking = false;
  function labelOf(input) {
    var label = input.id && document.querySelector('.tabbed-labels > label[for="' + input.id + '"]');
    return label ? label.textContent.trim() : null;
  }
  // On load every set shows the same tab: the one the address names (Material
  // opens it and writes its id into the address when a tab is clicked), in
  // every set, or else each set's first tab. So a reload cannot bring back a
  // mix of tabs that the browser restored set by set. Deferred: the browser's
  // restoring and Material's opening are done when this runs.
  // The underline under each set's chosen tab. Material's bundle draws it when
  // it runs, but it loads only on the reader's first interaction
  // (hooks/sitegen/theme_js_on_demand.js); until then this draws it the same way.
  function underline(set) {
    var labels = set.querySelector(":scope > .tabbed-labels");
    var input = set.querySelector(":scope > input:checked");
    var label = input && labels && labels.querySelector('label[for="' + input.id + '"]');
    if (!label) return;
    labels.style.setProperty("--md-indicator-x", label.offsetLeft + "px");
    labels.style.setProperty("--md-indicator-width", label.offsetWidth + "px");
  }
  function underlineAll() {
    document.querySelectorAll(".tabbed-set").forEach(underline);
  }
  var named = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  var name = named && named.matches(".tabbed-set > input[type=radio]") ? labelOf(named) : null;
  document.querySelectorAll(".tabbed-set").forEach(function (set) {
    var inputs = set.querySelectorAll(":scope > input[type=radio]");
    var match = name && Array.prototype.find.call(inputs, function (input) { return labelOf(input) === name; });
    inputs.forEach(function (input) {
      var checked = match ? input === match : input.defaultChecked;
      if (input.checked !== checked) {
        input.checked = checked;
        // Material moves the tab's underline on this event; ours below is not listening yet.
        if (checked) input.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  });
  underlineAll();
  window.addEventListener("resize", underlineAll);
  document.addEventListener("change", function (event) {
    var chosen = event.target;
    if (chosen.matches && chosen.matches(".tabbed-set > input[type=radio]")) {
      underline(chosen.parentNode);
      // The address names the tab the reader chose, so a reload or a shared link
      // shows it (see above). Material does this once its bundle runs; before,
      // this does (the same id, without scrolling).
      if (event.isTrusted && document.documentElement.getAttribute("data-theme-js") !== "started") {
        history.replaceState(history.state, "", "#" + chosen.id);
      }
    }
    if (linking || !chosen.matches || !chosen.matches(".tabbed-set > input[type=radio]")) return;
    var name = labelOf(chosen);
    if (!name) return;
    var label = document.querySelector('label[for="' + chosen.id + '"]');
    var top = label.getBoundingClientRect().top;
    linking = true;
    try {
      document.querySelectorAll(".tabbed-set").forEach(function (set) {
        if (set.contains(chosen)) return;
        set.querySelectorAll(":scope > input[type=radio]").forEach(function (input) {
          if (!input.checked && labelOf(input) === name) {
            input.checked = true;
            input.dispatchEvent(new Event("change", { bubbles: true }));
          }
        });
      });
    } finally {
      linking = false;
    }
    window.scrollBy(0, label.getBoundingClientRect().top - top);
  });
})();
