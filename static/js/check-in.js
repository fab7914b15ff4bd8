// Check-in at the door: typed codes without a page load, and camera scanning where the browser has
// BarcodeDetector. The page's messages come from data attributes of #check-in-scan.
(function () {
  // Camera scanning where the browser has BarcodeDetector; the typed code always works.
  var start = document.getElementById("scanner-start"), box = document.getElementById("scanner"),
      video = document.getElementById("scanner-video"), stop = document.getElementById("scanner-stop"),
      form = document.getElementById("code-form"), input = document.getElementById("code-input"),
      result = document.getElementById("check-in-result"), stream = null, busy = false,
      texts = document.getElementById("check-in-scan").dataset;
  function show(data) {
    result.textContent = data.message;
    Object.keys(data.counts || {}).forEach(function (key) {
      var cell = document.querySelector('[data-count="' + key + '"]');
      if (cell && key !== "seats_left") cell.textContent = data.counts[key];
    });
    result.className = "check-in__result " + (data.ok ? (data.already ? "check-in__result--already" : "check-in__result--ok") : "check-in__result--error");
  }
  function submitCode(code) {
    busy = true;
    var body = new FormData(form); body.set("code", code);
    return fetch(window.location.pathname, {method: "POST", body: body, headers: {Accept: "application/json"}, credentials: "same-origin"})
      .then(function (r) { return r.json(); }).then(show)
      .catch(function () { show({ok: false, message: texts.networkError}); })
      .finally(function () { setTimeout(function () { busy = false; }, 1500); });
  }
  form.addEventListener("submit", function (e) { e.preventDefault(); submitCode(input.value).then(function () { input.value = ""; input.focus(); }); });
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  start.hidden = false;
  var detector = new window.BarcodeDetector({formats: ["qr_code"]}), last = "";
  function tick() {
    if (!stream) return;
    detector.detect(video).then(function (codes) {
      if (codes.length && !busy && codes[0].rawValue !== last) { last = codes[0].rawValue; submitCode(last); }
    }).catch(function () {}).finally(function () { if (stream) requestAnimationFrame(tick); });
  }
  start.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}}).then(function (s) {
      stream = s; video.srcObject = s; video.play(); box.hidden = false; start.hidden = true; tick();
    }).catch(function () { show({ok: false, message: texts.cameraError}); });
  });
  stop.addEventListener("click", function () {
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null; box.hidden = true; start.hidden = false;
  });
})();
