/* The clause editor's condition rows (政策条款编辑): each row's operator list shows only the operators its
   variable's kind supports (from the JSON in #rule-ops: {variable: [operator, …]}; the server checks again),
   and its value box suggests the variable's codes (the <datalist> choices-<variable>), e.g. region codes. */
(function () {
  function limit(row, ops) {
    var variable = row.querySelector("select[name=cond_var]");
    var op = row.querySelector("select[name=cond_op]");
    if (!variable || !op) return;
    var allowed = ops[variable.value];
    Array.prototype.forEach.call(op.options, function (o) {
      o.hidden = !!allowed && allowed.indexOf(o.value) < 0;
      o.disabled = o.hidden;
    });
    if (allowed && allowed.indexOf(op.value) < 0) op.value = allowed[0];
    var value = row.querySelector("input[name=cond_value]");
    var choices = document.getElementById("choices-" + variable.value);
    if (value && choices) value.setAttribute("list", choices.id);
    else if (value) value.removeAttribute("list");
  }
  function setup() {
    var data = document.getElementById("rule-ops");
    var table = document.getElementById("condition-rows");
    if (!data || !table) return;
    var ops = JSON.parse(data.textContent);
    table.querySelectorAll("tbody tr").forEach(function (row) {
      limit(row, ops);
      row.querySelector("select[name=cond_var]").addEventListener("change", function () { limit(row, ops); });
    });
  }
  document.addEventListener("DOMContentLoaded", setup);
})();
