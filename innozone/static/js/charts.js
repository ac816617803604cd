/* Renders the ECharts charts of a page from JSON in <script type="application/json"> tags. */
(function () {
  function data(id) { var el = document.getElementById(id); return el ? JSON.parse(el.textContent) : null; }
  function txt(key) { var t = data("chart-labels") || {}; return t[key] || key; }

  function indicatorBars() {
    var charts = data("indicator-charts");
    if (!charts) return;
    charts.forEach(function (c, i) {
      var el = document.getElementById("indicator-chart-" + i);
      if (!el) return;
      var chart = echarts.init(el);
      chart.setOption({
        title: { text: c.name + "（" + c.unit + "）", left: "center", textStyle: { fontSize: 14 } },
        tooltip: { trigger: "axis" },
        legend: { bottom: 0, data: [txt("target"), txt("done")] },
        grid: { left: 40, right: 10, top: 40, bottom: 40 },
        xAxis: { type: "category", data: c.labels },
        yAxis: { type: "value" },
        series: [
          { name: txt("target"), type: "bar", data: c.targets, itemStyle: { color: "#c8d3e6" } },
          { name: txt("done"), type: "bar", data: c.totals, itemStyle: { color: "#1f4e8c" },
            label: { show: true, position: "top" } }
        ]
      });
      el.dataset.total = c.total;
    });
  }

  function dashboards() {
    document.querySelectorAll("[data-pie]").forEach(function (el) {
      var items = JSON.parse(el.dataset.pie);
      var colors = { not_started: "#7f8c8d", on_track: "#2e86c1", at_risk: "#d68910", overdue: "#c0392b", done: "#1e8449" };
      echarts.init(el).setOption({
        tooltip: { trigger: "item" },
        series: [{ type: "pie", radius: ["40%", "70%"], label: { formatter: "{b}: {c}" },
          data: items.filter(function (d) { return d.value > 0; })
            .map(function (d) { return { name: d.name, value: d.value, itemStyle: { color: colors[d.key] } }; }) }]
      });
    });
    document.querySelectorAll("[data-bars]").forEach(function (el) {
      var items = JSON.parse(el.dataset.bars);
      echarts.init(el).setOption({
        tooltip: { trigger: "axis", valueFormatter: function (v) { return v + "%"; } },
        grid: { left: 90, right: 30, top: 10, bottom: 20 },
        xAxis: { type: "value", max: function (v) { return Math.max(100, v.max); } },
        yAxis: { type: "category", data: items.map(function (d) { return d.name; }) },
        series: [{ type: "bar", data: items.map(function (d) { return d.ratio; }), itemStyle: { color: "#1f4e8c" },
          label: { show: true, position: "right", formatter: "{c}%" },
          markLine: { symbol: "none", data: [{ xAxis: 100 }] } }]
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { indicatorBars(); dashboards(); });
})();
