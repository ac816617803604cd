/* The cultivation board's funnel (高企培育看板): stages and counts from the element's data-funnel JSON. */
(function () {
  function funnels() {
    if (typeof echarts === "undefined") return;
    document.querySelectorAll("[data-funnel]").forEach(function (el) {
      var items = JSON.parse(el.dataset.funnel);
      var max = Math.max.apply(null, items.map(function (d) { return d.value; }).concat([1]));
      echarts.init(el).setOption({
        tooltip: { trigger: "item", formatter: "{b}: {c}" },
        color: ["#c8d3e6", "#8fa9d0", "#4f79b3", "#1f4e8c"],
        series: [{ type: "funnel", sort: "none", min: 0, max: max, left: "10%", width: "80%", gap: 2,
          label: { show: true, position: "inside", formatter: "{b} {c}" }, data: items }]
      });
    });
  }
  document.addEventListener("DOMContentLoaded", funnels);
})();
