// Every page: register the service worker (static/js/sw.js), ask it to keep the signed-in person's
// pages for offline use, and say on the page whether that works in this browser. Also: a form
// shown from the cache gets the current CSRF token when it is sent, and logging out first sends
// what is waiting, then empties this browser's copy of the person's things.
(function () {
  "use strict";
  var script = document.currentScript;
  var body = document.body;
  var owner = body.getAttribute("data-offline-owner");
  var status = document.getElementById("offline-status");

  function say(text, state) {
    document.documentElement.setAttribute("data-offline", state);
    if (!status) return;
    status.textContent = text;
    status.hidden = false;
  }
  function off(why) {
    say("Offline use is off in this browser (" + why + "). Limber works as usual while you are online.", "off");
  }
  function storageWorks() {
    try {
      localStorage.setItem("limber:probe", "1");
      localStorage.removeItem("limber:probe");
      return "caches" in window && "indexedDB" in window;
    } catch (e) { return false; }
  }

  function cookieToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // ---- The worker ----------------------------------------------------------------------------

  var worker = "serviceWorker" in navigator && script && script.getAttribute("data-worker");
  if (worker) {
    navigator.serviceWorker.register(worker, { scope: "/" }).catch(function () {
      if (owner) off("it does not allow a service worker here");
    });
    navigator.serviceWorker.addEventListener("message", function (event) {
      var data = event.data || {};
      if (data.type === "precached" && owner) {
        if (data.kept) say("Ready to use offline: Today, your routines, their check-ins and the player.", "ready");
        else off("you are not signed in");
      } else if (data.type === "precache-failed" && owner) {
        off(data.reason === "full" ? "this device has no room left to keep your pages" : "your pages could not be kept");
      }
    });
  }

  if (owner) {
    if (!worker) off("it has no service workers");
    else if (!storageWorks()) off("it keeps no data on this device, as in a private window");
    else {
      navigator.serviceWorker.ready.then(function (registration) {
        registration.active.postMessage({ type: "precache", version: body.getAttribute("data-offline-version") });
      });
    }
  }

  // ---- Forms ---------------------------------------------------------------------------------

  // A page from the cache has no token in its forms (the worker takes them out): use the cookie's.
  document.addEventListener("submit", function (event) {
    var token = cookieToken(), input = event.target.querySelector("input[name=csrfmiddlewaretoken]");
    if (token && input) input.value = token;
  }, true);

  function clearDevice() {
    try {
      Object.keys(localStorage).forEach(function (key) {
        if (key.indexOf("limber:") === 0) localStorage.removeItem(key);
      });
    } catch (e) { /* nothing kept */ }
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ type: "clear" });
    }
  }

  // Logging out clears this browser at once; deleting the account clears it only when the server
  // has deleted it (its Clear-Site-Data header), since a wrong password deletes nothing.
  function guardLeaving(form) {
    var clears = form.getAttribute("data-leaves") === "logout";
    var leaving = false;
    form.addEventListener("submit", function (event) {
      if (leaving) return;
      var outbox = window.LimberOutbox;
      event.preventDefault();
      var waiting = outbox ? outbox.pending().length : 0;
      var done = function () { leaving = true; if (clears) clearDevice(); form.submit(); };
      if (!waiting) return done();
      // Send what is waiting first: logging out empties this browser's outbox.
      outbox.flush().then(function () {
        if (!outbox.pending().length) return done();
        var warn = document.getElementById("leave-warning") || document.createElement("div");
        warn.id = "leave-warning";
        warn.className = "message error";
        warn.setAttribute("role", "alert");
        warn.textContent = "";
        var p = document.createElement("p");
        p.textContent = "A session you finished is still waiting to send, and leaving now would lose it from this browser. Stay signed in until you are back online, or go on anyway.";
        var anyway = document.createElement("button");
        anyway.type = "button";
        anyway.className = "secondary";
        anyway.textContent = clears ? "Log out anyway" : "Delete anyway";
        anyway.addEventListener("click", done);
        warn.appendChild(p);
        warn.appendChild(anyway);
        var main = document.getElementById("main");
        if (main && !warn.parentNode) main.insertBefore(warn, main.firstChild);
        anyway.focus();
      });
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("form[data-leaves]"), guardLeaving);

  // ---- The offline page: what is kept, and what is waiting to send -----------------------------

  var list = document.getElementById("offline-list");
  if (list && window.caches) {
    caches.keys().then(function (names) {
      var name = names.filter(function (n) { return n.indexOf("limber-pages-") === 0; })[0];
      if (!name) return;
      return caches.open(name).then(function (cache) { return cache.keys(); }).then(function (keys) {
        var shown = keys.map(function (key) { return new URL(key.url); }).filter(function (url) {
          return /^\/(today|routines)\/(\d+\/)?$/.test(url.pathname);
        });
        return Promise.all(shown.map(function (url) {
          return caches.match(url.href, { cacheName: name }).then(function (hit) { return hit.text(); }).then(function (html) {
            var title = (html.match(/<title>([^<]*)<\/title>/) || [])[1] || url.pathname;
            var text = document.createElement("textarea");
            text.innerHTML = title.replace(/ · Limber$/, "");
            return { href: url.pathname, title: text.value };
          });
        }));
      }).then(function (items) {
        if (!items || !items.length) return;
        list.textContent = "";
        items.sort(function (a, b) { return a.href.length - b.href.length || a.title.localeCompare(b.title); });
        items.forEach(function (item) {
          var li = document.createElement("li"), a = document.createElement("a");
          a.href = item.href; a.textContent = item.title;
          li.appendChild(a); list.appendChild(li);
        });
        document.getElementById("offline-kept").hidden = false;
      });
    }).catch(function () { /* no storage: the page says what it can */ });
  }
  var waitingNote = document.getElementById("offline-waiting");
  if (waitingNote) {
    try {
      var count = (JSON.parse(localStorage.getItem("limber:outbox")) || []).length;
      if (count) {
        waitingNote.textContent = count === 1
          ? "One session you finished is waiting to send. It is safe on this device and is saved when you are back online."
          : count + " sessions you finished are waiting to send. They are safe on this device and are saved when you are back online.";
      }
    } catch (e) { /* no storage */ }
  }
})();
