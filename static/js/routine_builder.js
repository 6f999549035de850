// The builder: when htmx replaces the list of moves, put keyboard focus back on
// the control the person used (the moved item's Up/Down button, its Save button),
// or on the first rejected number, or on the list itself when the item is gone,
// or after Undo on the move that came back.
(function () {
  "use strict";
  var lastId = null;

  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var moves = document.getElementById("moves");
    var active = document.activeElement;
    var fromUndo = active && active.id === "undo-remove";
    lastId = moves && event.detail.target === moves && active && (fromUndo || moves.contains(active)) ? active.id : null;
  });

  document.body.addEventListener("htmx:afterSettle", function (event) {
    var moves = document.getElementById("moves");
    if (!moves || event.detail.target !== moves || lastId === null) return;
    // After Undo, the move that came back (its Remove button) has the focus.
    var restored = lastId === "undo-remove" && moves.querySelector("[data-restored] button.remove");
    var target = moves.querySelector("[aria-invalid='true']") || restored || (lastId && document.getElementById(lastId)) || moves;
    target.focus();
    lastId = null;
  });

  // A move button at the end of the list stays focusable (so focus is not lost) but does nothing.
  document.body.addEventListener("click", function (event) {
    var button = event.target.closest("button[aria-disabled='true']");
    if (button) event.preventDefault();
  });
})();
