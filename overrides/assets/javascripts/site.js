/* The site's own script (overrides/main.html loads it deferred on every page).
   No requests, no storage, no timers. Three parts:

   1. Linked tabs on one page, remembered nowhere.
   Choosing "App" (or "Browser") in one set of tabs chooses the tab of the
   same name in every other set on the same page, and keeps the clicked tab
   where it was on the screen. Material's `content.tabs.link` does the same
   but also writes the choice to the reader's localStorage ("__tabs"), and
   this site stores nothing in the reader's browser (README, privacy notice).
   Works on pymdownx.tabbed's alternate style: .tabbed-set > input[type=radio]
   with .tabbed-labels > label[for=…]. It also opens the tab the address
   names (Material's own inline script for that is replaced by an empty
   partial: the pages run no inline script).
   2. The phone header's menu and search buttons.
   3. The deadline status and the guides' stale notice on the reader's day. */
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
  // (theme-on-demand.js); until then this draws it the same way.
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

/* 2. On phones Material opens its menu and its search with <label for=…>
   elements, which the keyboard cannot reach and which may not carry a button
   role. These become real, named buttons that toggle the same checkboxes
   (site.css hides them where Material hides the labels); without JavaScript
   the labels stay and work by touch. Names from the page's site-data
   (extra.ui.menu_button, search_button). */
(function () {
  "use strict";
  var source = document.getElementById("site-data");
  var ui = source ? JSON.parse(source.textContent).ui || {} : {};
  [["__drawer", ui.menu_button], ["__search", ui.search_button]].forEach(function (pair) {
    var label = document.querySelector('label.md-header__button[for="' + pair[0] + '"]');
    if (!label || !pair[1]) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = label.className + " md-header__button-" + pair[0].slice(2);
    button.setAttribute("aria-label", pair[1]);
    button.innerHTML = label.innerHTML;
    button.addEventListener("click", function () { document.getElementById(pair[0]).click(); });
    button.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        event.stopPropagation();  // Material's own Enter handling must not undo it
        button.click();
      }
    });
    label.replaceWith(button);
  });
})();

/* 3. Deadline status on the reader's day. The page carries the deadlines and
   the texts in its language (site-data, written by hooks/sitegen/core/deadline.py);
   this does the same sum as the build with today's date in Europe/Berlin, so a
   page built before a deadline is right after it, and counts the days left
   (the build prints only dates that come from the data). It also shows or
   hides a guide's stale notice by the same date. */
(function () {
  "use strict";
  var source = document.getElementById("site-data");
  if (!source || !window.Intl) return;
  var data = JSON.parse(source.textContent);
  if (!data.deadlines) return;
  var ui = data.ui;
  var parts = {};
  new Intl.DateTimeFormat("en-US", {
    timeZone: data.zone, year: "numeric", month: "numeric", day: "numeric"
  }).formatToParts(new Date()).forEach(function (part) { parts[part.type] = +part.value; });
  var today = Date.UTC(parts.year, parts.month - 1, parts.day);

  function daysUntil(day) {
    var d = day.split("-");
    return Math.round((Date.UTC(+d[0], d[1] - 1, +d[2]) - today) / 864e5);
  }
  function state(days) {
    return days > 1 ? "ahead" : days === 1 ? "ahead_one" : days === 0 ? "today" : "past";
  }
  function text(days) {
    return ui["deadline_" + state(days)].replace("{days}", days);
  }
  function each(selector, fn) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), fn);
  }

  var anyPast = false, next = null;
  data.deadlines.forEach(function (deadline) {
    var days = daysUntil(deadline.last_day);
    if (days < 0) anyPast = true;
    else if (!next) next = { rule: deadline.rule, days: days };
  });
  each("[data-deadline-status]", function (el) {
    var days = daysUntil(el.getAttribute("data-last-day"));
    el.textContent = text(days);
    el.setAttribute("data-state", state(days));
  });
  each("[data-deadline-still]", function (el) { el.hidden = !anyPast; });
  each("[data-deadline-announce]", function (el) {
    el.textContent = next ? next.rule + ": " + text(next.days) : ui.announce_past;
  });
  each("[data-stale]", function (el) {
    el.hidden = !(-daysUntil(el.getAttribute("data-last-checked")) > data.review_after_days);
  });
})();
