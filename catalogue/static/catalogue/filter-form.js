// Shorter addresses to share: the product filters left at "all" stay out of the URL
// (/products/?stars=4&category=food&sort=name, not …?q=&stars=4&category=food&village=&area=…).
// Without JavaScript the form works the same; the server ignores blank parameters.
(function () {
  "use strict";
  var form = document.getElementById("product-filters");
  if (!form) return;
  form.addEventListener("formdata", function (event) {
    var blank = [];
    event.formData.forEach(function (value, name) {
      if (value === "") blank.push(name);
    });
    blank.forEach(function (name) { event.formData.delete(name); });
  });
})();
