/* Dashboard charts (Chart.js, vendored). The data comes from the json_script
 * block "dashboard-chart-data"; every chart repeats figures that are also in a
 * table on the page, so nothing is lost without JavaScript or when printing. */
(function () {
  "use strict";

  var PALETTE = ["#b3261e", "#1f6feb", "#2da44e", "#bf8700", "#8250df", "#0a7ea4", "#cf222e", "#57606a"];

  function readData() {
    var el = document.getElementById("dashboard-chart-data");
    if (!el) return null;
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  function bar(labels, datasets, options) {
    return {
      type: "bar",
      data: { labels: labels, datasets: datasets },
      options: Object.assign({ responsive: true, maintainAspectRatio: false, animation: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }, options || {})
    };
  }

  function series(list) {
    return list.map(function (s, i) {
      return { label: s.label, data: s.values, backgroundColor: PALETTE[i % PALETTE.length] };
    });
  }

  var BUILDERS = {
    teams: function (d) {
      return bar(d.teams.labels, [
        { label: "走访次数", data: d.teams.visits, backgroundColor: PALETTE[0] },
        { label: "计划次数", data: d.teams.plans, backgroundColor: PALETTE[1] }
      ]);
    },
    trend: function (d) {
      return {
        type: "line",
        data: { labels: d.trend.labels, datasets: [
          { label: "新增", data: d.trend.new, borderColor: PALETTE[0], backgroundColor: PALETTE[0] },
          { label: "办结", data: d.trend.closed, borderColor: PALETTE[2], backgroundColor: PALETTE[2] }
        ] },
        options: { responsive: true, maintainAspectRatio: false, animation: false,
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
      };
    },
    funnel: function (d) {
      return bar(d.funnel.labels, series(d.funnel.series));
    },
    recruitment: function (d) {
      return bar(d.recruitment.labels, series(d.recruitment.series),
        { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } });
    }
  };

  function draw() {
    var data = readData();
    if (!data || typeof window.Chart === "undefined") return;
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var build = BUILDERS[canvas.getAttribute("data-chart")];
      if (!build) return;
      canvas.parentNode.style.height = (canvas.getAttribute("height") || 220) + "px";
      new window.Chart(canvas, build(data));
    });
  }

  // Printing shows the data tables instead of the charts: open every <details>.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.dash-data").forEach(function (d) {
      d.dataset.wasOpen = d.open ? "1" : "";
      d.open = true;
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details.dash-data").forEach(function (d) {
      d.open = d.dataset.wasOpen === "1";
    });
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
