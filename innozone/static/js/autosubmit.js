/* A control marked data-autosubmit submits its form when it changes (no inline onchange: the CSP forbids it). */
document.addEventListener("change", function (event) {
  var control = event.target.closest && event.target.closest("[data-autosubmit]");
  if (control && control.form) { control.form.submit(); }
});
