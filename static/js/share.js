// The share page's "Copy the link" button: shown only where the browser can copy.
(function () {
  "use strict";
  const button = document.getElementById("copy-link");
  const input = document.getElementById("share-link");
  const status = document.getElementById("copy-status");
  if (!button || !input || !navigator.clipboard) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(input.value).then(
      function () {
        status.textContent = "Copied.";
      },
      function () {
        input.select();
        status.textContent = "Select the link and copy it.";
      },
    );
  });
})();
