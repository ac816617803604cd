/* Technology-contract charts: amount and technology part by month, technology part by field. */
(function () {
  function init() {
    var el = document.getElementById("contract-charts");
    if (!el || typeof echarts === "undefined") return;
    var d = JSON.parse(el.textContent), L = d.labels;
    var month = document.getElementById("chart-contract-month");
    if (month) {
      echarts.init(month).setOption({
        tooltip: { trigger: "axis" }, legend: { bottom: 0 }, grid: { left: 80, right: 10, top: 20, bottom: 40 },
        xAxis: { type: "category", data: d.by_month.map(function (r) { return r.month; }) },
        yAxis: { type: "value" },
        series: [
          { name: L.amount, type: "bar", data: d.by_month.map(function (r) { return Number(r.amount); }) },
          { name: L.tech, type: "bar", data: d.by_month.map(function (r) { return Number(r.tech); }) }
        ]
      });
    }
    var field = document.getElementById("chart-contract-field");
    if (field) {
      echarts.init(field).setOption({
        tooltip: { trigger: "item" },
        series: [{ type: "pie", radius: ["35%", "70%"], label: { formatter: "{b}: {c}" },
          data: d.by_field.map(function (r) { return { name: r.name, value: Number(r.tech) }; }) }]
      });
    }
  }
  document.addEventListener("DOMContentLoaded", init);
})();
