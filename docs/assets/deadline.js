/* Deadline status on the reader's day. The page carries the deadlines and the
   texts in its language (#deadline-data, written by hooks/sitegen/deadline.py); this
   script does the same sum as the hook with today's date in Europe/Berlin, so
   a page built before a deadline is right after it. It also shows or hides a
   guide's stale notice by the same date. No requests, no storage. */
(function () {
  "use strict";
  var source = document.getElementById("deadline-data");
  if (!source || !window.Intl) return;
  var data = JSON.parse(source.textContent);
  var ui = data.ui;
  var now = new Date();
  var parts = {};
  new Intl.DateTimeFormat("en-US", {
    timeZone: data.zone, year: "numeric", month: "numeric", day: "numeric"
  }).formatToParts(now).forEach(function (part) { parts[part.type] = +part.value; });
  var today = Date.UTC(parts.year, parts.month - 1, parts.day);
  var iso = new Date(today).toISOString().slice(0, 10);

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
  var date = new Intl.DateTimeFormat(data.locale, {
    timeZone: data.zone, day: "numeric", month: "long", year: "numeric"
  }).format(now);
  each("[data-deadline-as-of] time", function (el) {
    el.textContent = ui.deadline_as_of.replace("{date}", date);
    el.setAttribute("datetime", iso);
  });
  // The bar shows today's status; its build date is only for readers without JavaScript.
  each("[data-deadline-bar-as-of]", function (el) { el.hidden = true; });
  each("[data-deadline-announce]", function (el) {
    el.textContent = next ? next.rule + ": " + text(next.days) : ui.announce_past;
  });
  // A guide older than the review period shows its stale notice (hooks/sitegen/stale.py).
  each("[data-stale]", function (el) {
    var age = -daysUntil(el.getAttribute("data-last-checked"));
    el.hidden = !(age > data.review_after_days);
    el.querySelector("[data-stale-checked]").textContent =
      (el.getAttribute("data-checked-template") || ui.stale_checked).replace("{date}", el.getAttribute("data-checked-label")).replace("{days}", age);
    el.querySelector("[data-stale-as-of]").hidden = true;
  });
})();
