/* The observation list's bulk status change: "mark all on the page" and a count of what is
   marked. Without JavaScript each row is still marked by hand and the form still works. */
(function () {
  "use strict";
  var form = document.getElementById("bulk-status");
  if (!form) { return; }
  var all = form.querySelector("[data-select-all]");
  var count = document.getElementById("bulk-count");
  var rows = function () { return document.querySelectorAll("[data-select-row]"); };
  var none = count.textContent;

  function update() {
    var marked = 0;
    rows().forEach(function (box) { if (box.checked) { marked += 1; } });
    count.textContent = marked ? count.dataset.marked + " " + marked : none;
    all.checked = marked > 0 && marked === rows().length;
    all.indeterminate = marked > 0 && marked < rows().length;
    // While rows are marked the bar stays at the bottom of the screen, however far down the
    // list the coordinator has scrolled.
    form.classList.toggle("bulk--active", marked > 0);
  }

  all.hidden = false;
  form.querySelector("label[for=select-all]").hidden = false;
  all.addEventListener("change", function () {
    rows().forEach(function (box) { box.checked = all.checked; });
    update();
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-select-row]")) { update(); }
  });
  update();
})();
