// The report's "Print" button: the browser's own print dialog (print styles live in limber.css).
(function () {
  "use strict";
  const button = document.getElementById("print-report");
  if (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  }
})();
