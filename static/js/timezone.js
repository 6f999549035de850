// Fill the sign-up form's hidden time zone from the browser, so "today" is right from the first day.
(function () {
  "use strict";
  var field = document.querySelector('input[name="timezone"]');
  if (!field || field.value) return;
  try {
    field.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    // Older browsers: the server falls back to UTC and settings lets the person choose.
  }
})();
