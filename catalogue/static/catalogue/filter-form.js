// The product filters (catalogue/includes/product_filters.html). Without JavaScript the form
// works the same with its buttons; this only makes it quicker:
// - shorter addresses to share: the filters left at "all" stay out of the URL
//   (/products/?stars=4&category=food&sort=name, not …?q=&stars=4&category=food&village=&area=…);
// - a filter or the sort order applies as soon as it changes, and after the reload the folded
//   form (phones) is open again with the focus back on the control that was changed;
// - on a wide screen the form is open even in browsers whose CSS cannot show a closed <details>.
(function () {
  "use strict";
  var form = document.getElementById("product-filters");
  if (!form) return;
  var fold = document.getElementById("filters-fold");
  var REOPEN = "ocop-filters-reopen";
  var wide = window.matchMedia("(min-width: 50rem)");

  form.addEventListener("formdata", function (event) {
    var blank = [];
    event.formData.forEach(function (value, name) {
      if (value === "") blank.push(name);
    });
    blank.forEach(function (name) { event.formData.delete(name); });
  });

  function keepOpenOnWideScreens() {
    if (fold && wide.matches) fold.open = true;
  }
  keepOpenOnWideScreens();
  if (wide.addEventListener) wide.addEventListener("change", keepOpenOnWideScreens);

  // Back from a change made in the open form: open it again, focus where the visitor was.
  var reopen = null;
  try { reopen = sessionStorage.getItem(REOPEN); sessionStorage.removeItem(REOPEN); } catch (e) { /* private mode */ }
  if (reopen && fold) {
    fold.open = true;
    var again = form.querySelector(reopen) || document.querySelector(reopen);
    if (again) again.focus({ preventScroll: false });
  }

  function selectorFor(control) {
    if (control.id) return "#" + CSS.escape(control.id);
    return "[name=\"" + CSS.escape(control.name) + "\"][value=\"" + CSS.escape(control.value) + "\"]";
  }

  function apply(control) {
    try {
      if (fold && fold.open && fold.contains(control)) sessionStorage.setItem(REOPEN, selectorFor(control));
    } catch (e) { /* private mode: the form just stays folded */ }
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  }

  // A select changed with the arrow keys fires "change" at every step: wait until the visitor
  // leaves it (or presses Enter) rather than reloading the page under their fingers.
  var valueBeforeKeys = new Map();
  function applyIfStepped(control) {
    if (!valueBeforeKeys.has(control)) return;
    var before = valueBeforeKeys.get(control);
    valueBeforeKeys.delete(control);
    if (control.value !== before) apply(control);
  }
  document.addEventListener("keydown", function (event) {
    var control = event.target;
    if (control.tagName !== "SELECT" || control.form !== form) return;
    if (/^(Arrow|Page|Home|End)/.test(event.key) && !valueBeforeKeys.has(control)) valueBeforeKeys.set(control, control.value);
    if (event.key === "Enter") applyIfStepped(control);
  });
  document.addEventListener("focusout", function (event) { applyIfStepped(event.target); });
  document.addEventListener("change", function (event) {
    var control = event.target;
    if (control.form !== form || control.type === "search" || control.type === "text") return;
    if (valueBeforeKeys.has(control)) return;
    apply(control);
  });

  // The sort applies by itself now; its button is only needed without JavaScript.
  document.querySelectorAll(".sort-submit").forEach(function (button) { button.hidden = true; });
  document.querySelectorAll(".filters-live-note").forEach(function (note) { note.hidden = false; });
})();
