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
    if (state === "saved" && !document.getElementById("player-data")) note("A session you finished earlier has now been saved.");
  }
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
    inFlight[entry.id] = true;
    return fetch(entry.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), "Accept": "application/json" },
      body: JSON.stringify(entry.body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        if (response.ok) {
          without(entry.id);
          tell(entry.id, "saved", { response: json });
        } else if (response.status === 400 || response.status === 404) {
          // The server will never take this one; keep it aside rather than lose it.
          without(entry.id);
          var kept = [];
          try { kept = JSON.parse(localStorage.getItem(KEY + ":rejected")) || []; } catch (e) { kept = []; }
          kept.push({ entry: entry, errors: json.errors || {} });
          try { localStorage.setItem(KEY + ":rejected", JSON.stringify(kept)); } catch (e) { /* full */ }
          tell(entry.id, "rejected", { message: JSON.stringify(json.errors || response.status) });
        } else {
          throw new Error("status " + response.status);
        }
      });
    }).catch(function () {
      tell(entry.id, "waiting");
      later();
    }).then(function () {
      delete inFlight[entry.id];
    });
  }

  function later() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(flush, RETRY_MS);
  }

  function flush() {
    read().forEach(function (entry) {
      if (!inFlight[entry.id]) send(entry);
    });
  }

  function add(entry) {
    var list = read().filter(function (e) { return e.id !== entry.id; });
    list.push(entry);
    write(list);
  }

  window.LimberOutbox = { add: add, flush: flush, pending: read };
  window.addEventListener("online", flush);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", flush);
  else flush();
})();
