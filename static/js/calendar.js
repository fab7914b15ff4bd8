// Copy buttons next to calendar addresses. Works without JavaScript too: the field is selectable.
(function () {
  if (window.conveneCalendarCopy) return;
  window.conveneCalendarCopy = true;
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var input = button.parentElement.querySelector("[data-copy-source]");
    input.select();
    var done = function () {
      button.dataset.label = button.dataset.label || button.textContent;
      button.textContent = "✓";
      setTimeout(function () { button.textContent = button.dataset.label; }, 1500);
    };
    if (navigator.clipboard) {
      navigator.clipboard.writeText(input.value).then(done, function () {});
    } else if (document.execCommand("copy")) {
      done();
    }
  });
})();
