/* The one-stop statistics charts (templates/onestop/stats.html): from the JSON in #stats-chart. */
(function () {
  function draw() {
    var el = document.getElementById("stats-chart");
    if (!el || typeof echarts === "undefined") return;
    var d = JSON.parse(el.textContent), t = d.labels;
    var months = document.getElementById("stats-chart-months");
    if (months) {
      echarts.init(months).setOption({
        tooltip: { trigger: "axis" },
        legend: { bottom: 0, data: [t.received, t.finished, t.overdue_rate, t.satisfaction] },
        grid: { left: 40, right: 45, top: 20, bottom: 45 },
        xAxis: { type: "category", data: d.months },
        yAxis: [{ type: "value", minInterval: 1 }, { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } }],
        series: [
          { name: t.received, type: "bar", data: d.received, itemStyle: { color: "#c8d3e6" } },
          { name: t.finished, type: "bar", data: d.finished, itemStyle: { color: "#1f4e8c" } },
          { name: t.overdue_rate, type: "line", yAxisIndex: 1, data: d.overdue_rate, connectNulls: true,
            itemStyle: { color: "#c0392b" }, tooltip: { valueFormatter: function (v) { return v == null ? "—" : v + "%"; } } },
          { name: t.satisfaction, type: "line", yAxisIndex: 1, data: d.satisfaction, connectNulls: true,
            itemStyle: { color: "#1e8449" }, tooltip: { valueFormatter: function (v) { return v == null ? "—" : v + "%"; } } }
        ]
      });
    }
    var depts = document.getElementById("stats-chart-departments");
    if (depts) {
      echarts.init(depts).setOption({
        tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v + " " + t.days; } },
        legend: { bottom: 0, data: [t.mean_days, t.promised, t.statutory] },
        grid: { left: 150, right: 20, top: 10, bottom: 45 },
        xAxis: { type: "value" },
        yAxis: { type: "category", data: d.departments },
        series: [
          { name: t.mean_days, type: "bar", data: d.mean_days, itemStyle: { color: "#1f4e8c" }, label: { show: true, position: "right" } },
          { name: t.promised, type: "bar", data: d.mean_promised, itemStyle: { color: "#d68910" } },
          { name: t.statutory, type: "bar", data: d.mean_statutory, itemStyle: { color: "#7f8c8d" } }
        ]
      });
    }
  }
  document.addEventListener("DOMContentLoaded", draw);
})();
