// The arena form: "Add a programme item" and "Add a question" add an empty row to their
// formset from its <template>. Without JavaScript the buttons stay hidden and the form has
// empty rows to fill in (saving gives more).
(function () {
  "use strict";

  function addRow(prefix) {
    var template = document.querySelector('template[data-empty-row="' + prefix + '"]');
    var rows = document.querySelector('[data-rows="' + prefix + '"]');
    var total = document.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var max = document.querySelector('input[name="' + prefix + '-MAX_NUM_FORMS"]');
    if (!template || !rows || !total) return;
    var index = parseInt(total.value, 10) || 0;
    if (max && index >= parseInt(max.value, 10)) return;
    var html = template.innerHTML
      .replace(/__prefix__/g, String(index))
      .replace(/__number__/g, String(index + 1));
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var row = holder.firstElementChild;
    if (!row) return;
    rows.appendChild(row);
    total.value = String(index + 1);
    var first = row.querySelector("input:not([type=hidden]), textarea, select");
    if (first) first.focus();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("button[data-add-row]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        addRow(button.getAttribute("data-add-row"));
      });
    });
  });
})();
