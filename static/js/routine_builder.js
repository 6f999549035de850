// The builder: when htmx replaces the list of moves, put keyboard focus back on
// the control the person used (the moved item's Up/Down button, its Save button),
// or on the first rejected number, or on the list itself when the item is gone,
// or after Undo on the move that came back.
// Each dose saves as it changes (htmx, on "change"); this file keeps the row's
// status line honest and asks before leaving while a change is not saved yet.
(function () {
  "use strict";
  var lastId = null;
  var rowId = null;
  var saved = {}; // item id -> the row's fields as last saved (or as the page came)
  var sending = {}; // item id -> the fields the request in flight holds
  var unsaved = {}; // item id -> true while the row differs from what is saved, or a save is in flight

  function doseForm(element) {
    return element && element.closest ? element.closest("form.dose-form") : null;
  }

  function fields(form) {
    var data = new FormData(form);
    data.delete("csrfmiddlewaretoken");
    return new URLSearchParams(data).toString();
  }

  function say(id, text) {
    var status = document.getElementById("item-" + id + "-status");
    if (status && status.textContent !== text) status.textContent = text;
  }

  // Rows the server sends show what is saved, except a refused row, which shows what was typed.
  document.body.addEventListener("htmx:load", function (event) {
    var root = event.detail.elt;
    if (!root.querySelectorAll) return;
    var forms = root.matches("form.dose-form") ? [root] : root.querySelectorAll("form.dose-form");
    Array.prototype.forEach.call(forms, function (form) {
      var id = form.dataset.item;
      if (!(id in saved)) saved[id] = fields(form);
      if (!(id in sending) && fields(form) === saved[id]) delete unsaved[id];
    });
  });

  Array.prototype.forEach.call(document.querySelectorAll("form.dose-form"), function (form) {
    saved[form.dataset.item] = fields(form);
  });

  document.body.addEventListener("input", function (event) {
    var form = doseForm(event.target);
    if (!form) return;
    var id = form.dataset.item;
    if (id in sending) return; // the answer to the save in flight settles it
    if (fields(form) === saved[id]) {
      delete unsaved[id];
      say(id, "");
    } else {
      unsaved[id] = true;
      say(id, "Not saved yet");
    }
  });

  // The dose form an htmx request is sent from, or null for any other request.
  function sender(event) {
    var elt = event.detail.elt;
    return elt.matches && elt.matches("form.dose-form") ? elt : null;
  }

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var form = sender(event);
    if (!form) return;
    var id = form.dataset.item;
    sending[id] = fields(form);
    unsaved[id] = true;
    say(id, "Saving…");
  });

  document.body.addEventListener("htmx:afterRequest", function (event) {
    var form = sender(event);
    if (!form) return;
    var id = form.dataset.item;
    var sent = sending[id];
    var xhr = event.detail.xhr;
    delete sending[id];
    if (!event.detail.successful) {
      say(id, "Not saved — try again");
      return;
    }
    // Refused numbers come back as the row with its message (retargeted): still not saved.
    if (xhr && xhr.getResponseHeader("HX-Retarget")) return;
    saved[id] = sent;
    var current = document.getElementById("dose-" + id);
    if (!current || fields(current) === sent) delete unsaved[id];
    else say(id, "Not saved yet"); // typed on while it was saving
  });

  window.addEventListener("beforeunload", function (event) {
    if (Object.keys(unsaved).length === 0) return;
    event.preventDefault();
    event.returnValue = "";
  });

  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var moves = document.getElementById("moves");
    var active = document.activeElement;
    var target = event.detail.target;
    var fromUndo = active && active.id === "undo-remove";
    lastId = null;
    rowId = null;
    if (moves && target === moves && active && (fromUndo || moves.contains(active))) {
      lastId = active.id;
    } else if (target && target.matches && target.matches("li.builder-item") && active && target.contains(active)) {
      lastId = active.id;
      rowId = target.id;
    }
  });

  document.body.addEventListener("htmx:afterSettle", function () {
    if (lastId === null) return;
    var moves = document.getElementById("moves");
    var within = rowId ? document.getElementById(rowId) : moves;
    if (!within) return;
    // After Undo, the move that came back (its Remove button) has the focus.
    var restored = lastId === "undo-remove" && moves.querySelector("[data-restored] button.remove");
    var target =
      within.querySelector("[aria-invalid='true']") || restored || (lastId && document.getElementById(lastId)) || within;
    target.focus();
    lastId = null;
    rowId = null;
  });

  // A move button at the end of the list stays focusable (so focus is not lost) but does nothing.
  document.body.addEventListener("click", function (event) {
    var button = event.target.closest("button[aria-disabled='true']");
    if (button) event.preventDefault();
  });
})();
