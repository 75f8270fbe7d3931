// The ticket form: 热线工单号 and 受理登记时间 belong to tickets that came in by hotline or platform;
// for a ticket found at a visit (蹲点发现) they are hidden. Without JavaScript both stay shown.
(function () {
  var source = document.getElementById("id_source");
  if (!source) return;
  var onlyForHotline = ["div_id_hotline_number", "div_id_received_at"]
    .map(function (id) { var el = document.getElementById(id); return el && (el.closest("[class*='col-']") || el); })
    .filter(Boolean);
  function update() {
    var found = source.value === source.form.dataset.fieldSource;
    onlyForHotline.forEach(function (el) { el.hidden = found; });
  }
  source.addEventListener("change", update);
  update();
})();
