/*
 * Scale photos down in the browser before upload.
 *
 * A phone photo is 3–15 MB; over a field connection that is too slow, and the
 * server refuses big files anyway. For every <input type="file" data-photo-resize>
 * the chosen images are drawn on a canvas with their longest edge at most
 * MAX_EDGE px and re-encoded as JPEG; the input's files are replaced by the
 * small versions. The server still checks and cleans every file (type, size,
 * pixel count, EXIF/GPS removal): this script only saves bandwidth.
 * If the browser cannot do it, the original files are sent unchanged.
 */
(function () {
  "use strict";
  var MAX_EDGE = 1920;
  var QUALITY = 0.85;

  function loadImage(file) {
    return new Promise(function (resolve, reject) {
      var url = URL.createObjectURL(file);
      var img = new Image();
      img.onload = function () { URL.revokeObjectURL(url); resolve(img); };
      img.onerror = function () { URL.revokeObjectURL(url); reject(new Error("not an image")); };
      img.src = url; // modern browsers apply the EXIF orientation when drawing
    });
  }

  function shrink(file) {
    if (!/^image\//.test(file.type) || file.type === "image/svg+xml" || file.type === "image/gif") {
      return Promise.resolve(file); // the server decides; nothing to gain here
    }
    return loadImage(file).then(function (img) {
      var w = img.naturalWidth, h = img.naturalHeight;
      var scale = Math.min(1, MAX_EDGE / Math.max(w, h));
      if (scale === 1 && file.type === "image/jpeg" && file.size < 1024 * 1024) return file;
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(w * scale);
      canvas.height = Math.round(h * scale);
      var ctx = canvas.getContext("2d");
      ctx.fillStyle = "#fff"; // transparent PNGs become white, not black
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          if (!blob || blob.size >= file.size) { resolve(file); return; }
          var name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
          resolve(new File([blob], name, { type: "image/jpeg", lastModified: Date.now() }));
        }, "image/jpeg", QUALITY);
      });
    }).catch(function () { return file; });
  }

  function setBusy(input, busy, text) {
    var form = input.form;
    var status = document.getElementById("photo-status");
    if (status) status.textContent = text || "";
    if (!form) return;
    Array.prototype.forEach.call(form.querySelectorAll("[type=submit]"), function (b) { b.disabled = busy; });
  }

  function onChange(event) {
    var input = event.target;
    var files = Array.prototype.slice.call(input.files || []);
    if (!files.length || typeof DataTransfer === "undefined") return;
    if (input.dataset.resizing === "1") return;
    setBusy(input, true, "正在压缩 " + files.length + " 张照片…");
    Promise.all(files.map(shrink)).then(function (small) {
      var dt = new DataTransfer();
      small.forEach(function (f) { dt.items.add(f); });
      input.dataset.resizing = "1";
      input.files = dt.files;
      input.dataset.resizing = "";
      var total = small.reduce(function (s, f) { return s + f.size; }, 0);
      var size = total >= 1024 * 1024 ? (total / 1024 / 1024).toFixed(1) + " MB" : Math.max(1, Math.round(total / 1024)) + " KB";
      setBusy(input, false, "已选择 " + small.length + " 张照片，共 " + size + "。");
    }).catch(function () {
      setBusy(input, false, "");
    });
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input[type=file][data-photo-resize]")) onChange(event);
  });
})();
