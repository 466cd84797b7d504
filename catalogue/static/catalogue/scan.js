// "Scan the label" on the verify form (catalogue/includes/label_scanner.html).
// The form works without any of this: the button only appears where the browser can reach a
// camera, the camera is asked for only when the button is clicked (Permissions-Policy allows
// camera=(self)), and any failure says so and leaves the text field to type into.
// Decoding: the browser's BarcodeDetector where it exists (Chrome on Android), else the vendored
// ZXing library (static/vendor/zxing/), loaded on the first click only.
(function () {
  "use strict";
  var box = document.querySelector("[data-label-scanner]");
  if (!box) { return; }
  var form = box.closest("form");
  var input = form && form.querySelector("input[name=code]");
  var button = box.querySelector("[data-scan-start]");
  var stopButton = box.querySelector("[data-scan-stop]");
  var video = box.querySelector("video");
  var status = box.querySelector("[data-scan-status]");
  var stream = null;
  var running = false;

  if (!input || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { return; }
  button.hidden = false;

  function say(text) { status.textContent = text; }

  function stop() {
    running = false;
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); }
    stream = null;
    video.hidden = true;
    stopButton.hidden = true;
    button.hidden = false;
  }

  function found(text) {
    stop();
    text = (text || "").trim();
    // A QR code of our own labels holds the verify URL of this site: open it.
    try {
      var url = new URL(text, window.location.href);
      if (url.origin === window.location.origin && /\/verify\//.test(url.pathname)) {
        window.location.assign(url.href);
        return;
      }
    } catch (e) { /* not a URL: a barcode number or a code */ }
    input.value = text;
    say(box.dataset.found.replace("{code}", text));
    form.submit();
  }

  function loadZxing() {
    return new Promise(function (resolve, reject) {
      if (window.ZXing) { resolve(window.ZXing); return; }
      var script = document.createElement("script");
      script.src = box.dataset.decoderSrc;
      script.onload = function () { window.ZXing ? resolve(window.ZXing) : reject(new Error("no decoder")); };
      script.onerror = function () { reject(new Error("decoder not loaded")); };
      document.head.appendChild(script);
    });
  }

  function detectWith(detector) {
    if (!running) { return; }
    detector.detect(video).then(function (codes) {
      if (codes.length) { found(codes[0].rawValue); } else { window.setTimeout(function () { detectWith(detector); }, 200); }
    }).catch(function () { window.setTimeout(function () { detectWith(detector); }, 400); });
  }

  function decode() {
    if ("BarcodeDetector" in window) {
      detectWith(new window.BarcodeDetector({ formats: ["ean_13", "upc_a", "qr_code"] }));
      return;
    }
    loadZxing().then(function (ZXing) {
      var reader = new ZXing.BrowserMultiFormatReader();
      return reader.decodeOnceFromStream(stream, video).then(function (result) {
        if (running) { found(result.getText()); }
      });
    }).catch(function () {
      if (running) { stop(); say(box.dataset.failed); }
    });
  }

  button.addEventListener("click", function () {
    say(box.dataset.waiting);
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        running = true;
        video.srcObject = media;
        video.hidden = false;
        button.hidden = true;
        stopButton.hidden = false;
        return video.play().then(function () { say(box.dataset.aim); decode(); });
      })
      .catch(function () {
        stop();
        say(box.dataset.noCamera);
        input.focus();
      });
  });
  stopButton.addEventListener("click", function () { stop(); say(""); input.focus(); });
})();
