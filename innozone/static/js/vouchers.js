/* Voucher office charts: cumulative issuance and redemption against the budget, redemption by category. */
(function () {
  function init() {
    var el = document.getElementById("voucher-charts");
    if (!el || typeof echarts === "undefined") return;
    var d = JSON.parse(el.textContent), L = d.labels;
    var burn = document.getElementById("chart-burn");
    if (burn) {
      echarts.init(burn).setOption({
        tooltip: { trigger: "axis" }, legend: { bottom: 0 },
        grid: { left: 70, right: 10, top: 20, bottom: 40 },
        xAxis: { type: "category", data: d.burn.map(function (r) { return r.month; }) },
        yAxis: { type: "value" },
        series: [
          { name: L.issued, type: "line", data: d.burn.map(function (r) { return Number(r.issued); }) },
          { name: L.redeemed, type: "line", data: d.burn.map(function (r) { return Number(r.redeemed); }) },
          { name: L.left, type: "line", data: d.burn.map(function (r) { return Number(r.left); }), lineStyle: { type: "dashed" } }
        ]
      });
    }
    var cat = document.getElementById("chart-category");
    if (cat) {
      echarts.init(cat).setOption({
        tooltip: { trigger: "item" },
        series: [{ type: "pie", radius: ["35%", "70%"], label: { formatter: "{b}: {c}" },
          data: d.by_category.map(function (r) { return { name: r.name, value: Number(r.total) }; }) }]
      });
    }
  }
  document.addEventListener("DOMContentLoaded", init);
})();
