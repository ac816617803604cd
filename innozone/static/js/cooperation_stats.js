/* The bar chart of the cooperation statistics by country, from JSON in <script type="application/json">. */
(function () {
  function data(id) { var el = document.getElementById(id); return el ? JSON.parse(el.textContent) : null; }
  function draw() {
    var c = data("country-chart"), t = data("chart-labels") || {};
    var el = document.getElementById("country-chart-box");
    if (!c || !el || typeof echarts === "undefined") return;
    var keys = ["partners", "agreements", "projects", "experts"];
    var colors = { partners: "#1f4e8c", agreements: "#2e86c1", projects: "#d68910", experts: "#1e8449" };
    echarts.init(el).setOption({
      tooltip: { trigger: "axis" },
      legend: { bottom: 0, data: keys.map(function (k) { return t[k] || k; }) },
      grid: { left: 40, right: 10, top: 20, bottom: 60 },
      xAxis: { type: "category", data: c.labels, axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: "value", minInterval: 1 },
      series: keys.map(function (k) {
        return { name: t[k] || k, type: "bar", data: c[k], itemStyle: { color: colors[k] } };
      })
    });
    el.dataset.countries = c.labels.length;
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
