/* Charts of the evaluation pages: rank intervals and the unit radar. */
(function () {
  function data(id) { var el = document.getElementById(id); return el ? JSON.parse(el.textContent) : null; }
  document.addEventListener("DOMContentLoaded", function () {
    var r = data("rank-data");
    if (r) {
      var units = r.units.slice().reverse();
      var rev = function (a) { return a.slice().reverse(); };
      var q5 = rev(r.q5), q95 = rev(r.q95);
      var chart = document.getElementById("rank-chart");
      chart.style.height = Math.max(Number(chart.dataset.height), 300) + "px"; // one row per unit (no inline style: CSP)
      echarts.init(chart).setOption({
        tooltip: { trigger: "axis" },
        grid: { left: 110, right: 30, top: 20, bottom: 30 },
        xAxis: { type: "value", inverse: true, min: 1, name: "rank" },
        yAxis: { type: "category", data: units },
        series: [
          { type: "custom", name: "5%–95%", data: units.map(function (u, i) { return [q5[i], q95[i], i]; }),
            renderItem: function (params, api) {
              var a = api.coord([api.value(0), api.value(2)]), b = api.coord([api.value(1), api.value(2)]);
              return { type: "line", shape: { x1: a[0], y1: a[1], x2: b[0], y2: b[1] }, style: { stroke: "#1f4e8c", lineWidth: 2 } };
            }, encode: { x: [0, 1], y: 2 } },
          { type: "scatter", name: "median", data: rev(r.median), itemStyle: { color: "#1f4e8c" } },
          { type: "scatter", name: "nominal", symbol: "diamond", data: rev(r.nominal), itemStyle: { color: "#d68910" } }
        ]
      });
    }
    var radar = data("radar-data");
    if (radar) {
      var labels = data("radar-labels");
      echarts.init(document.getElementById("radar")).setOption({
        legend: { bottom: 0 },
        radar: { radius: "58%", center: ["50%", "48%"], indicator: radar.indicators.map(function (i) { return i.max ? i : { name: i.name }; }) },
        series: [{ type: "radar", data: [
          { name: labels.unit, value: radar.unit, areaStyle: { opacity: 0.2 } },
          { name: labels.median, value: radar.median, lineStyle: { type: "dashed" } }
        ] }]
      });
    }
  });
})();
