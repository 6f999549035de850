// A "Copy" button beside a read-only address: <button data-copy="input-id" data-copy-status="status-id" hidden>.
// Shown only where the browser can copy; the address stays selectable everywhere.
(function () {
  "use strict";
  if (!navigator.clipboard) {
    return;
  }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    const input = document.getElementById(button.dataset.copy);
    const status = document.getElementById(button.dataset.copyStatus);
    if (!input) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(input.value).then(
        function () {
          if (status) status.textContent = "Copied. Paste it into your calendar app.";
        },
        function () {
          input.select();
          if (status) status.textContent = "Select the address and copy it.";
        },
      );
    });
  });
})();
