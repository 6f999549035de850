// The check-in page: offer to resume a routine that is under way in this browser.
(function () {
  "use strict";
  var note = document.getElementById("resume-note");
  if (!note) return;
  var match = location.pathname.match(/\/routines\/(\d+)\/play\/$/);
  try {
    var raw = match && localStorage.getItem("limber:player:" + match[1]);
    var state = raw && JSON.parse(raw);
    if (state && state.startedAt && !state.endedAt) note.hidden = false;
  } catch (e) { /* storage unavailable: nothing to resume */ }
})();
