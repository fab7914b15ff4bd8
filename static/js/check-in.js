// Check-in at the door: typed codes without a page load, and camera scanning on every phone browser:
// BarcodeDetector where the browser has it, else the vendored jsQR decoder (loaded only then) reading
// frames drawn on a canvas. The page's messages come from data attributes of #check-in-scan.
(function () {
  var start = document.getElementById("scanner-start"), box = document.getElementById("scanner"),
      video = document.getElementById("scanner-video"), stop = document.getElementById("scanner-stop"),
      form = document.getElementById("code-form"), input = document.getElementById("code-input"),
      result = document.getElementById("check-in-result"), panel = document.getElementById("check-in-scan"),
      texts = panel.dataset, stream = null, busy = false, last = "", lastAt = 0, decode = null;
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
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;

  function found(code) {
    // The same ticket held in front of the camera is sent once, not on every frame.
    var now = Date.now();
    if (!code || busy || (code === last && now - lastAt < 5000)) return;
    last = code; lastAt = now; submitCode(code);
  }
  function nativeDecoder() {
    var detector = new window.BarcodeDetector({formats: ["qr_code"]});
    return function () {
      return detector.detect(video).then(function (codes) { return codes.length ? codes[0].rawValue : null; });
    };
  }
  function jsqrDecoder() {
    var canvas = document.createElement("canvas"), context = canvas.getContext("2d", {willReadFrequently: true});
    return function () {
      var w = video.videoWidth, h = video.videoHeight;
      if (!w || !h) return Promise.resolve(null);
      // Decode a copy at most 640 px wide: fast enough on a phone, sharp enough for a ticket.
      var scale = Math.min(1, 640 / w);
      canvas.width = Math.round(w * scale); canvas.height = Math.round(h * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      var code = window.jsQR(image.data, image.width, image.height, {inversionAttempts: "dontInvert"});
      return Promise.resolve(code ? code.data : null);
    };
  }
  function loadJsqr() {
    if (window.jsQR) return Promise.resolve();
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = panel.dataset.decoderUrl; script.onload = resolve; script.onerror = reject;
      document.head.appendChild(script);
    });
  }
  function chooseDecoder() {
    if (decode) return Promise.resolve(decode);
    var useNative = "BarcodeDetector" in window ?
      window.BarcodeDetector.getSupportedFormats().then(function (f) { return f.indexOf("qr_code") !== -1; }).catch(function () { return false; }) :
      Promise.resolve(false);
    return useNative.then(function (ok) {
      if (ok) { decode = nativeDecoder(); panel.dataset.decoder = "native"; return decode; }
      return loadJsqr().then(function () { decode = jsqrDecoder(); panel.dataset.decoder = "jsqr"; return decode; });
    });
  }
  function tick() {
    if (!stream) return;
    decode().then(found).catch(function () {}).finally(function () { if (stream) setTimeout(tick, 150); });
  }
  start.hidden = false;
  start.addEventListener("click", function () {
    chooseDecoder().then(function () {
      return navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}});
    }).then(function (s) {
      stream = s; video.srcObject = s; video.play(); box.hidden = false; start.hidden = true; tick();
    }).catch(function () { show({ok: false, message: texts.cameraError}); });
  });
  stop.addEventListener("click", function () {
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null; box.hidden = true; start.hidden = false; start.focus();
  });
})();
