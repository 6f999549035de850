// The check-in page: offer to resume a routine that is under way in this browser, and keep the
// check-in here too, so the player kept for offline use has one. With no connection the rules are
// the server's (routines.session_forms.CheckInForm): pain and "none" or the signs, and any red
// flag stops the routine with the stop page's own advice (routines/play_stop.html).
(function () {
  "use strict";
  var match = location.pathname.match(/\/routines\/(\d+)\/play\/$/);
  if (!match) return;
  var note = document.getElementById("resume-note");
  try {
    var raw = localStorage.getItem("limber:player:" + match[1]);
    var state = raw && JSON.parse(raw);
    if (note && state && state.startedAt && !state.endedAt) note.hidden = false;
  } catch (e) { /* storage unavailable: nothing to resume */ }

  var form = document.getElementById("check-in-form"), dataNode = document.getElementById("check-in-data");
  if (!form || !dataNode) return;
  var D = JSON.parse(dataNode.textContent);
  var KEY = "limber:checkin:" + match[1];

  function keep(value) {
    try {
      if (value) localStorage.setItem(KEY, JSON.stringify(value));
      else localStorage.removeItem(KEY);
    } catch (e) { /* private mode: online, the server's check-in is enough */ }
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) node.textContent = text;
    return node;
  }

  function stop(ticked) {
    var page = el("div", { "class": "readable" }), first = null;
    D.tiers.forEach(function (tier) {
      var flags = Object.keys(D.flags).filter(function (key) {
        return ticked.indexOf(key) !== -1 && D.flags[key].tier === tier.key;
      });
      if (!flags.length) return;
      var section = el("section", { "class": "urgent tier-" + tier.key, "aria-labelledby": "stop-" + tier.key, "data-tier": tier.key });
      var heading = el(first ? "h2" : "h1", { id: "stop-" + tier.key }, tier.title);
      if (!first) { section.setAttribute("role", "alert"); first = heading; }
      section.appendChild(heading);
      section.appendChild(el("p", { "class": "tier-advice" }, tier.advice));
      section.appendChild(el("p", {}, "You ticked:"));
      var list = el("ul", { "class": "flag-list" });
      flags.forEach(function (key) {
        var li = el("li");
        li.appendChild(el("strong", {}, D.flags[key].question + "."));
        li.appendChild(document.createTextNode(" " + D.flags[key].advice));
        list.appendChild(li);
      });
      section.appendChild(list);
      page.appendChild(section);
    });
    var why = el("p", {}, "We have not started ");
    why.appendChild(el("strong", {}, D.routine));
    why.appendChild(document.createTextNode(": these signs need a doctor, not a stretch."));
    page.appendChild(why);
    var actions = el("div", { "class": "actions" });
    actions.appendChild(el("a", { "class": "button", href: D.urls.safety }, "When to see a doctor"));
    actions.appendChild(document.createTextNode(" "));
    actions.appendChild(el("a", { "class": "button secondary", href: D.urls.sessions }, "Back to my log"));
    page.appendChild(actions);
    var main = document.getElementById("main");
    main.textContent = "";
    main.appendChild(page);
    document.title = first.textContent + " · Limber";
    first.setAttribute("tabindex", "-1");
    first.focus();
  }

  form.addEventListener("submit", function (event) {
    var pain = form.querySelector("input[name=pain]:checked");
    var flags = Array.prototype.map.call(form.querySelectorAll("input[name=flags]:checked"), function (box) { return box.value; });
    var none = form.querySelector("input[name=no_flags]").checked;
    var problem = !pain ? "Choose a number from 0 (no pain) to 10 (the worst)."
      : !flags.length && !none ? "Tick each sign you have, or “None of these”."
      : flags.length && none ? "You ticked “None of these” and a sign as well: untick one of them." : null;
    // Online, the server decides (and says so without JavaScript too); here only what it would.
    var online = navigator.onLine !== false;
    if (problem) {
      if (online) return;
      event.preventDefault();
      var box = document.getElementById("check-in-problem");
      box.textContent = problem;
      box.hidden = false;
      box.focus();
      return;
    }
    if (flags.length) {
      keep(null);
      if (online) return;
      event.preventDefault();
      stop(flags);
      return;
    }
    keep({ pain: parseInt(pain.value, 10), flags: [], at: Date.now() });
    if (online) return;
    event.preventDefault();
    location.assign(D.urls.run);
  });
})();
