// Organizer's "Sending" page: polls the message's progress until the worker has sent it to everyone.
(function () {
  var el = document.getElementById("email-progress");
  if (!el || el.dataset.finished === "true") return;
  var bar = document.querySelector("progress");
  function poll() {
    fetch(el.dataset.url, {headers: {Accept: "application/json"}, credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (d) {
        bar.value = d.sent; bar.max = d.total || 1;
        el.textContent = (d.finished ? el.dataset.finishedLabel : el.dataset.sendingLabel) + " " + d.sent + " / " + d.total +
          (d.failed ? " (" + el.dataset.failedLabel + " " + d.failed + ")" : "");
        if (!d.finished) setTimeout(poll, 2000);
      });
  }
  setTimeout(poll, 2000);
})();
