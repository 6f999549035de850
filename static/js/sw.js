// Limber's service worker: the app opens, and a routine plays, without a connection.
//
// Served at /sw.js (routines.views.offline.service_worker), which sets self.LIMBER before this:
// the deploy's version, the shell's addresses, the offline page and the list of the person's pages.
//
// - Pages: from the network first; the cache is only the fallback, and a page not kept shows
//   Limber's offline page. Only one person's pages are kept (the Limber-Owner header says whose a
//   page is); a page for someone else, or for nobody, drops them all.
// - Static files with a hashed name come from the cache; others from the network first.
// - A new deploy has a new version: its worker takes over at once and drops the old caches.
// - Results the page could not send wait here too (IndexedDB) for Background Sync.
(function () {
  "use strict";
  var CONFIG = self.LIMBER || { version: "none", shell: [], offline: "/offline/", pages: "/offline/pages.json" };
  var SHELL = "limber-shell-" + CONFIG.version;
  var PAGES = "limber-pages-";
  var MINE = PAGES + CONFIG.version + "-";
  var STATE = "/__limber/pages-version";
  var HASHED = /\.[0-9a-f]{12}\.[a-z0-9]+$/;
  var CSRF = /(name="csrfmiddlewaretoken" value=)"[^"]*"/g;
  var AT_ONCE = 4;

  function ok(response) {
    if (!response.ok || response.redirected) throw new Error("status " + response.status);
    return response;
  }

  // ---- Install and activate ------------------------------------------------------------------

  self.addEventListener("install", function (event) {
    event.waitUntil(caches.open(SHELL).then(function (cache) {
      // Without cookies: the shell is the same for everyone, so it must hold nobody's page.
      return Promise.all(CONFIG.shell.map(function (url) {
        return fetch(url, { credentials: "omit", cache: "no-cache" }).then(ok).then(function (response) {
          return cache.put(url, response);
        });
      }));
    }).then(function () { return self.skipWaiting(); }));
  });

  self.addEventListener("activate", function (event) {
    event.waitUntil(caches.keys().then(function (names) {
      var old = names.filter(function (name) { return name.indexOf("limber-") === 0 && name !== SHELL && name.indexOf(MINE) !== 0; });
      var hadPages = old.some(function (name) { return name.indexOf(PAGES) === 0; });
      return Promise.all(old.map(function (name) { return caches.delete(name); })).then(function () {
        // Old pages name old scripts: they went with their deploy. Keep the person's pages again, for this one.
        return hadPages ? precache(null).catch(function () { /* offline now: the next page load does it */ }) : null;
      });
    }).then(function () { return self.clients.claim(); }));
  });

  // ---- Whose pages are kept ------------------------------------------------------------------

  function currentPages() {
    return caches.keys().then(function (names) {
      var name = names.filter(function (n) { return n.indexOf(MINE) === 0; })[0];
      if (!name) return null;
      return caches.open(name).then(function (cache) { return cache.match(STATE); }).then(function (hit) {
        return hit ? hit.text() : "";
      }).then(function (version) {
        return { name: name, owner: name.slice(MINE.length), version: version };
      });
    });
  }

  // Without `except`: every page of anyone's, this deploy's or not (someone else, or nobody, is
  // signed in). With it: this deploy's other pages caches; an older worker still finishing never
  // touches a newer one's, and the newer one drops the older's when it takes over.
  function dropPages(except) {
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return except ? name.indexOf(MINE) === 0 && name !== except : name.indexOf(PAGES) === 0;
      }).map(function (name) { return caches.delete(name); }));
    });
  }

  // A cached page never carries a CSRF token: a form shown from the cache gets the current one
  // from the cookie when it is sent (static/js/offline.js).
  function store(cache, path, response) {
    var type = response.headers.get("Content-Type") || "";
    if (type.indexOf("text/html") !== 0) return cache.put(path, response);
    return response.text().then(function (html) {
      return cache.put(path, new Response(html.replace(CSRF, '$1""'), { status: 200, headers: response.headers }));
    });
  }

  // Fetch the person's list and keep each page, a few at a time. `version` null: always.
  function precache(version) {
    return currentPages().then(function (current) {
      if (version && current && current.version === version) return { kept: true };
      return fetch(CONFIG.pages, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
        return response.status === 200 ? response.json() : { owner: null };
      }).then(function (list) {
        if (!list.owner) return dropPages().then(function () { return { kept: false }; });
        var name = MINE + list.owner;
        return dropPages(name).then(function () { return caches.open(name); }).then(function (cache) {
          var queue = list.urls.slice();
          function next() {
            var url = queue.shift();
            if (!url) return null;
            return fetch(url, { credentials: "same-origin", headers: { "X-Limber-Precache": "1" } }).then(ok).then(function (response) {
              var owner = response.headers.get("Limber-Owner");
              if (owner !== null && owner !== list.owner) throw new Error("someone else signed in");
              return store(cache, url, response);
            }).then(next);
          }
          var workers = [];
          for (var i = 0; i < AT_ONCE; i++) workers.push(next());
          return Promise.all(workers).then(function () { return cache.keys(); }).then(function (keys) {
            var wanted = {};
            list.urls.forEach(function (url) { wanted[new URL(url, location.href).href] = true; });
            return Promise.all(keys.filter(function (key) { return !wanted[key.url]; }).map(function (key) {
              return cache.delete(key);
            }));
          }).then(function () {
            return cache.put(STATE, new Response(list.version));
          }).then(function () { return { kept: true, count: list.urls.length }; });
        }).catch(function (error) {
          // Someone else signed in meanwhile: keep none. A lost connection keeps what was kept (the
          // version is not noted, so the next page load tries again); a full disk keeps it too.
          if (error && error.message === "someone else signed in") return dropPages().then(function () { throw error; });
          throw error;
        });
      });
    });
  }

  // ---- Answering requests --------------------------------------------------------------------

  function offlinePage() {
    return caches.match(CONFIG.offline, { cacheName: SHELL }).then(function (hit) {
      return hit || new Response("Limber is offline.", { status: 503, headers: { "Content-Type": "text/plain" } });
    });
  }

  function fromPages(path) {
    return currentPages().then(function (current) {
      if (!current) return null;
      return caches.open(current.name).then(function (cache) { return cache.match(path, { ignoreSearch: true }); });
    });
  }

  // What a page fetched from the network says about the cache: whose it is, and a newer copy.
  function note(url, response) {
    var owner = response.headers.get("Limber-Owner");
    if (owner === null) return null;
    return currentPages().then(function (current) {
      if (!current) return null;
      if (owner !== current.owner) return dropPages();
      // The player as navigated to holds the server's check-in; the kept copy is the one without.
      var player = /\/play\/run\/$/.test(url.pathname);
      var noStore = /no-store/.test(response.headers.get("Cache-Control") || "");
      if (url.search || player || response.status !== 200 || response.redirected || noStore) return null;
      return caches.open(current.name).then(function (cache) {
        return cache.match(url.pathname).then(function (hit) { return hit ? store(cache, url.pathname, response) : null; });
      });
    }).catch(function () { /* storage full: the network copy is shown all the same */ });
  }

  function page(event, url) {
    return fetch(event.request).then(function (response) {
      event.waitUntil(note(url, response.clone()));
      return response;
    }).catch(function () {
      return fromPages(url.pathname).then(function (hit) { return hit || offlinePage(); });
    });
  }

  function staticFile(request, url) {
    var network = function () {
      return fetch(request).then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(SHELL).then(function (cache) { return cache.put(request, copy); }).catch(function () {});
        }
        return response;
      });
    };
    var cached = caches.match(request, { cacheName: SHELL });
    if (HASHED.test(url.pathname)) return cached.then(function (hit) { return hit || network(); });
    return network().catch(function () { return cached.then(function (hit) { return hit || Response.error(); }); });
  }

  self.addEventListener("fetch", function (event) {
    var request = event.request, url = new URL(request.url);
    if (url.origin !== location.origin) return;
    if (request.method !== "GET") {
      // A form sent with no connection: Limber's page, not the browser's.
      if (request.mode === "navigate") event.respondWith(fetch(request).catch(offlinePage));
      return;
    }
    if (request.mode === "navigate") {
      event.respondWith(page(event, url));
    } else if (url.pathname.indexOf("/static/") === 0) {
      event.respondWith(staticFile(request, url));
    } else if (/^\/library\/[^/]+\/photo\//.test(url.pathname)) {
      event.respondWith(fetch(request).catch(function () {
        return fromPages(url.pathname).then(function (hit) { return hit || Response.error(); });
      }));
    }
  });

  // ---- Results waiting for a connection (Background Sync) -------------------------------------

  function outbox(mode, work) {
    return new Promise(function (resolve, reject) {
      var open = indexedDB.open("limber-outbox", 1);
      open.onupgradeneeded = function () { open.result.createObjectStore("entries", { keyPath: "id" }); };
      open.onerror = function () { reject(open.error); };
      open.onsuccess = function () {
        var db = open.result, tx = db.transaction("entries", mode), request = work(tx.objectStore("entries"));
        tx.oncomplete = function () { db.close(); resolve(request && request.result); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      };
    });
  }

  function tellPages(message) {
    return self.clients.matchAll({ type: "window" }).then(function (list) {
      list.forEach(function (client) { client.postMessage(message); });
    });
  }

  // Send every waiting result of the person signed in now, with a CSRF token fetched now: the
  // one the page had may be stale. The server keeps one session per id, so a copy the page sends
  // as well is never saved twice.
  function sendWaiting() {
    return outbox("readonly", function (store) { return store.getAll(); }).then(function (entries) {
      if (!entries.length) return null;
      return fetch(CONFIG.pages, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
        if (response.status !== 200) throw new Error("not signed in");
        return response.json();
      }).then(function (me) {
        return Promise.all(entries.filter(function (entry) { return entry.owner === me.owner; }).map(function (entry) {
          return fetch(entry.url, {
            method: "POST", credentials: "same-origin", redirect: "manual",
            headers: { "Content-Type": "application/json", "X-CSRFToken": me.csrf, "Accept": "application/json" },
            body: JSON.stringify(entry.body)
          }).then(function (response) {
            if (response.status === 400 || response.status === 404) {
              // Refused: the page shows why and offers to keep it by hand when it sends it itself.
              return outbox("readwrite", function (store) { return store.delete(entry.id); }).then(function () {
                return tellPages({ type: "outbox-refused", id: entry.id });
              });
            }
            if (!response.ok) throw new Error("status " + response.status);
            return response.json().then(function (json) {
              return outbox("readwrite", function (store) { return store.delete(entry.id); }).then(function () {
                return tellPages({ type: "outbox-saved", id: entry.id, response: json });
              });
            });
          });
        }));
      });
    });
  }

  self.addEventListener("sync", function (event) {
    if (event.tag === "limber-outbox") event.waitUntil(sendWaiting());
  });

  // ---- What pages ask ------------------------------------------------------------------------

  self.addEventListener("message", function (event) {
    var data = event.data || {}, reply = function (message) { if (event.source) event.source.postMessage(message); };
    if (data.type === "precache") {
      event.waitUntil(precache(data.version).then(function (result) {
        reply({ type: "precached", kept: result.kept });
      }, function (error) {
        reply({ type: "precache-failed", reason: error && error.name === "QuotaExceededError" ? "full" : "failed" });
      }));
    } else if (data.type === "clear") {
      event.waitUntil(Promise.all([
        dropPages(), outbox("readwrite", function (store) { return store.clear(); }).catch(function () {})
      ]).then(function () { reply({ type: "cleared" }); }));
    } else if (data.type === "outbox-add" && data.entry) {
      event.waitUntil(outbox("readwrite", function (store) { return store.put(data.entry); }).catch(function () {}));
    } else if (data.type === "outbox-done") {
      event.waitUntil(outbox("readwrite", function (store) { return store.delete(data.id); }).catch(function () {}));
    }
  });
})();
