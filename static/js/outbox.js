// Limber's outbox: finished sessions wait here (in localStorage) until the server confirms them.
// Loaded on every page for a signed-in person, so a result kept while offline is sent on the
// next page load, and again whenever the browser comes back online. The server stores one
// session per client id, so sending twice can never save twice.
(function () {
  "use strict";
  var KEY = "limber:outbox";
  var RETRY_MS = 30000;
  var inFlight = {};
  var retryTimer = null;
  // Whose outbox this is: a result is only ever sent, or shown, for the person who made it
  // (someone else may sign in on this browser while one waits).
  var OWNER = document.body.getAttribute("data-offline-owner") || "";
  function mine(entry) { return !entry.owner || entry.owner === OWNER; }

  function read() {
    try { return JSON.parse(localStorage.getItem(KEY)) || []; } catch (e) { return []; }
  }
  function write(list) {
    try { localStorage.setItem(KEY, JSON.stringify(list)); } catch (e) { /* nowhere to keep it */ }
  }
  function without(id) {
    write(read().filter(function (entry) { return entry.id !== id; }));
  }
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function tell(id, state, extra) {
    var detail = { id: id, state: state };
    for (var k in extra || {}) detail[k] = extra[k];
    document.dispatchEvent(new CustomEvent("limber:outbox", { detail: detail }));
    if (state === "saved" && !(extra && extra.elsewhere) && !document.getElementById("player-data")) {
      note("A session you finished earlier has now been saved.");
    }
  }

  // The server's answers to the last few saves, so that another tab, or this page reloaded, can
  // show "Saved." for a result it did not send itself.
  function answers() {
    try { return JSON.parse(localStorage.getItem(KEY + ":saved")) || {}; } catch (e) { return {}; }
  }
  function remember(id, response) {
    var all = answers();
    all[id] = { at: Date.now(), response: response };
    var ids = Object.keys(all).sort(function (a, b) { return all[b].at - all[a].at; });
    ids.slice(20).forEach(function (old) { delete all[old]; });
    try { localStorage.setItem(KEY + ":saved", JSON.stringify(all)); } catch (e) { /* nowhere to keep it */ }
  }
  function savedAnswer(id) {
    var hit = answers()[id];
    return hit ? hit.response : null;
  }
  window.addEventListener("storage", function (event) {
    if (event.key !== KEY + ":saved") return;
    var all = answers();
    Object.keys(all).forEach(function (id) { tell(id, "saved", { response: all[id].response, elsewhere: true }); });
  });
  function note(text) {
    var main = document.getElementById("main");
    if (!main) return;
    var p = document.createElement("p");
    p.className = "message outbox-note";
    p.setAttribute("role", "status");
    p.textContent = text;
    main.insertBefore(p, main.firstChild);
  }

  function send(entry) {
    if (inFlight[entry.id]) return inFlight[entry.id];
    inFlight[entry.id] = fetch(entry.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), "Accept": "application/json" },
      body: JSON.stringify(entry.body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        if (response.redirected || (response.ok && !json.id)) {
          // Sent to the login page: signed out meanwhile. Kept until they are signed in again.
          tell(entry.id, "signed-out");
        } else if (response.ok) {
          // The worker may have sent it meanwhile, and said so: then say nothing more.
          var waiting = read().some(function (e) { return e.id === entry.id; });
          without(entry.id);
          remember(entry.id, json);
          toWorker({ type: "outbox-done", id: entry.id });
          if (waiting) tell(entry.id, "saved", { response: json });
        } else if (response.status === 400 || response.status === 404) {
          // The server will never take this one; keep it aside, say why, and offer to keep it by hand.
          var refusal = { entry: entry, status: response.status, errors: json.errors || {} };
          writeRefused(allRefused().filter(function (r) { return r.entry.id !== entry.id; }).concat([refusal]));
          without(entry.id);
          tell(entry.id, "rejected", { message: reasons(refusal).join(" ") });
          showRefused();
        } else {
          throw new Error("status " + response.status);
        }
      });
    }).catch(function () {
      tell(entry.id, "waiting");
      later();
      // With no connection at all, Background Sync sends it when it is back, even with no Limber
      // page open. (A server that did not answer is tried again from here, on the timer.)
      if (navigator.onLine === false) toWorker({ type: "outbox-add", entry: entry }, true);
    }).then(function () {
      delete inFlight[entry.id];
    });
    return inFlight[entry.id];
  }

  function toWorker(message, sync) {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready.then(function (registration) {
      registration.active.postMessage(message);
      if (sync && registration.sync) return registration.sync.register("limber-outbox");
    }).catch(function () { /* no Background Sync: the online event and the next page load send it */ });
  }

  function later() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(flush, RETRY_MS);
  }

  // Send everything waiting; the promise settles when each has its answer (or none came).
  function flush() {
    return Promise.all(read().filter(mine).map(send));
  }

  function add(entry) {
    if (!entry.owner) entry.owner = OWNER;
    var list = read().filter(function (e) { return e.id !== entry.id; });
    list.push(entry);
    write(list);
  }

  // ---- Results the server refused ------------------------------------------------------------
  // Each is shown on every page until the person keeps it as a hand-logged session (the form
  // comes filled in; the saved session's page carries its client id, which clears it here) or
  // discards it. #16's offline sync reuses refused(), reasons() and showRefused().

  var LABELS = {
    __all__: "", client_id: "Session id", started_at: "Start", ended_at: "End", duration_seconds: "Time played",
    completed: "Finished", pain_before: "Pain before", pain_after: "Pain after", effort: "Effort", notes: "Notes",
    notes_flagged: "Flag for your clinician", moves: "Moves", red_flags: "Check-in"
  };

  function allRefused() {
    try { return JSON.parse(localStorage.getItem(KEY + ":rejected")) || []; } catch (e) { return []; }
  }
  function refused() {
    return allRefused().filter(function (r) { return mine(r.entry); });
  }
  function writeRefused(list) {
    try { localStorage.setItem(KEY + ":rejected", JSON.stringify(list)); } catch (e) { /* nowhere to keep it */ }
  }

  function reasons(refusal) {
    if (refusal.status === 404) return ["The routine is no longer in your list."];
    var out = [];
    Object.keys(refusal.errors || {}).forEach(function (key) {
      var value = refusal.errors[key], label = LABELS[key] === undefined ? key : LABELS[key];
      if (value && typeof value === "object") {
        Object.keys(value).forEach(function (n) { out.push((label ? label + ", " : "") + "move " + (+n + 1) + ": " + value[n]); });
      } else {
        out.push((label ? label + ": " : "") + value);
      }
    });
    return out.length ? out : ["The server refused it (status " + refusal.status + ")."];
  }

  function two(n) { return (n < 10 ? "0" : "") + n; }

  function keepByHand(refusal) {
    var body = refusal.entry.body || {}, started = new Date(body.started_at), ended = new Date(body.ended_at);
    var fields = {
      prefill: "1", csrfmiddlewaretoken: csrfToken(), client_id: refusal.entry.id, routine: refusal.entry.routine || "",
      pain_before: body.pain_before, pain_after: body.pain_after, effort: body.effort,
      notes: typeof body.notes === "string" ? body.notes : "", notes_flagged: body.notes_flagged ? "on" : ""
    };
    if (!isNaN(started)) {
      fields.date = started.getFullYear() + "-" + two(started.getMonth() + 1) + "-" + two(started.getDate());
      fields.time = two(started.getHours()) + ":" + two(started.getMinutes());
      if (!isNaN(ended)) fields.duration_minutes = Math.max(1, Math.round((ended - started) / 60000));
    }
    var form = document.createElement("form");
    form.method = "post";
    form.action = document.body.getAttribute("data-log-session-url") || "/sessions/new/";
    form.hidden = true;
    Object.keys(fields).forEach(function (name) {
      if (fields[name] === null || fields[name] === undefined) return;
      var input = document.createElement("input");
      input.type = "hidden"; input.name = name; input.value = String(fields[name]);
      form.appendChild(input);
    });
    document.body.appendChild(form);
    form.submit();
  }

  function describe(refusal) {
    var body = refusal.entry.body || {}, started = new Date(body.started_at);
    var when = isNaN(started) ? "" : " from " + started.toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
    return "“" + (refusal.entry.name || "A routine") + "”" + when;
  }

  function showRefused() {
    var main = document.getElementById("main");
    var old = document.getElementById("outbox-refused");
    if (old) old.remove();
    var list = refused();
    if (!main || !list.length) return;
    var box = document.createElement("section");
    box.id = "outbox-refused";
    box.className = "message error outbox-refused";
    box.setAttribute("aria-labelledby", "outbox-refused-title");
    var title = document.createElement("h2");
    title.id = "outbox-refused-title";
    title.textContent = list.length === 1 ? "A session could not be saved" : list.length + " sessions could not be saved";
    box.appendChild(title);
    list.forEach(function (refusal) {
      var item = document.createElement("div");
      item.className = "outbox-refusal";
      var what = document.createElement("p");
      what.textContent = describe(refusal) + " was not saved, because:";
      var why = document.createElement("ul");
      reasons(refusal).forEach(function (text) {
        var li = document.createElement("li"); li.textContent = text; why.appendChild(li);
      });
      var keep = document.createElement("button");
      keep.type = "button"; keep.textContent = "Keep it as a hand-logged session";
      keep.addEventListener("click", function () { keepByHand(refusal); });
      var drop = document.createElement("button");
      drop.type = "button"; drop.className = "secondary"; drop.textContent = "Discard it";
      drop.addEventListener("click", function () {
        writeRefused(allRefused().filter(function (r) { return r.entry.id !== refusal.entry.id; }));
        showRefused();
      });
      var actions = document.createElement("p");
      actions.className = "actions";
      actions.appendChild(keep); actions.appendChild(drop);
      item.appendChild(what); item.appendChild(why); item.appendChild(actions);
      box.appendChild(item);
    });
    main.insertBefore(box, main.firstChild);
  }

  function start() {
    // A session page for a kept result: it is saved, so it is no longer refused.
    var saved = document.querySelector("[data-session-client-id]");
    if (saved) {
      var id = saved.getAttribute("data-session-client-id");
      writeRefused(allRefused().filter(function (r) { return r.entry.id !== id; }));
    }
    showRefused();
    flush();
  }

  // The worker sent one by Background Sync: it is saved (or refused, which a send from here shows).
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      var data = event.data || {};
      var entry = read().filter(function (e) { return e.id === data.id; })[0];
      if (!entry || inFlight[data.id]) return;  // a send from here is answering already
      if (data.type === "outbox-saved") {
        without(data.id);
        remember(data.id, data.response);
        tell(data.id, "saved", { response: data.response });
      }
      else if (data.type === "outbox-refused") send(entry);
    });
  }

  window.LimberOutbox = {
    add: add, flush: flush, pending: function () { return read().filter(mine); }, refused: refused, reasons: reasons, showRefused: showRefused,
    savedAnswer: savedAnswer
  };
  window.addEventListener("online", flush);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
