// The check-in, on the player's own page (templates/routines/play.html). The red flags show as a
// short list to read, the boxes one tap away. A clear check-in ("None of these — start", no sign
// ticked) starts the player inside the tap (static/js/player.js) and is sent to the server in the
// background. Anything else goes to the server as a plain form, which stops the routine with its
// advice or asks again; with no connection the same rules apply here
// (routines.session_forms.CheckInForm), and any red flag stops with the stop page's own advice
// (routines/play_stop.html). The check-in is kept in this browser too, for the player kept for
// offline use.
(function () {
  "use strict";
  var match = location.pathname.match(/\/routines\/(\d+)\/play\/$/);
  if (!match) return;
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
    document.body.classList.remove("playing-page");
    main.textContent = "";
    main.appendChild(page);
    document.title = first.textContent + " · Limber";
    first.setAttribute("tabindex", "-1");
    first.focus();
  }

  var flagBox = document.getElementById("flag-check"), applies = document.getElementById("flag-applies");
  var report = document.getElementById("check-in-report");
  var boxes = form.querySelectorAll("input[name=flags]");
  function ticked() {
    return Array.prototype.filter.call(boxes, function (box) { return box.checked; }).map(function (box) { return box.value; });
  }
  function openFlags(open) {
    flagBox.classList.toggle("compact", !open);
    applies.setAttribute("aria-expanded", open ? "true" : "false");
    applies.hidden = open;
    report.hidden = !open;
  }
  // Open when a sign is ticked or the server asked again.
  openFlags(ticked().length > 0 || !!form.querySelector(".errorlist"));
  applies.addEventListener("click", function () { openFlags(true); boxes[0].focus(); });

  form.addEventListener("submit", function (event) {
    var pain = form.querySelector("input[name=pain]:checked");
    var flags = ticked();
    var none = !!event.submitter && event.submitter.name === "no_flags";
    // Online, the server decides (and says so without JavaScript too); here only what it would.
    var online = navigator.onLine !== false;
    // A sign ticked is read first, whatever else the page says.
    if (flags.length) {
      keep(null);
      if (online) return;
      event.preventDefault();
      stop(flags);
      return;
    }
    var problem = !pain ? "Choose a number from 0 (no pain) to 10 (the worst)."
      : !none ? "Tick each sign you have, or “None of these”." : null;
    if (problem) {
      if (online) return;
      event.preventDefault();
      var box = document.getElementById("check-in-problem");
      box.textContent = problem;
      box.hidden = false;
      box.focus();
      return;
    }
    keep({ pain: parseInt(pain.value, 10), flags: [], at: Date.now() });
    if (!window.LimberPlayer) {
      // The player's script is not running (yet): its own page takes the check-in kept here.
      if (online) return;
      event.preventDefault();
      location.assign(D.urls.run);
      return;
    }
    event.preventDefault();
    var body = new FormData(form);
    body.set("no_flags", "on");
    window.LimberPlayer.begin(parseInt(pain.value, 10));
    fetch(D.urls.check_in, {
      method: "POST", body: body, credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (response) {
      // The server disagrees with what the page saw: it has the last word, as a plain form.
      if (response.status === 409 || response.status === 400) {
        window.LimberPlayer.stop();
        keep(null);
        location.replace(D.urls.check_in);
      }
    }).catch(function () { /* no connection: the answers were given here; the player runs on */ });
  });
})();
