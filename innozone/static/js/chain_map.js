/* The chain map (templates/investment/chain_detail.html): an ECharts tree from the JSON in #chain-map-data,
   coloured by status (strong green, weak orange, gap red; key links with a dark border); a click on a link
   opens its page. */
(function () {
  function draw() {
    var el = document.getElementById("chain-map"), data = document.getElementById("chain-map-data");
    if (!el || !data || typeof echarts === "undefined") return;
    var d = JSON.parse(data.textContent), t = d.labels;
    var leaves = 0;
    (function count(n) { if (!n.children || !n.children.length) { leaves += 1; } else { n.children.forEach(count); } })(d.tree);
    el.style.height = Math.max(360, leaves * 30) + "px";
    var chart = echarts.init(el);
    chart.setOption({
      tooltip: {
        trigger: "item",
        formatter: function (p) {
          var n = p.data;
          if (!n.status) return n.name;
          return n.name + "<br>" + t.status + "：" + n.label_status + (n.key ? "（" + t.key + "）" : "") +
            "<br>" + t.enterprises + "：" + n.value + "<br>" + t.output + "：" + n.output;
        }
      },
      series: [{
        type: "tree",
        data: [d.tree],
        orient: "LR",
        top: 10, bottom: 10, left: 90, right: 200,
        symbol: "circle",
        symbolSize: 14,
        initialTreeDepth: -1,
        expandAndCollapse: false,
        label: { position: "left", verticalAlign: "middle", align: "right", fontSize: 13 },
        leaves: { label: { position: "right", verticalAlign: "middle", align: "left" } },
        lineStyle: { color: "#b0b8c4" }
      }]
    });
    chart.on("click", function (p) { if (p.data && p.data.url) window.location.href = p.data.url; });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function bars() {
    var el = document.getElementById("chain-bars"), data = document.getElementById("chain-bars-data");
    if (!el || !data || typeof echarts === "undefined") return;
    var d = JSON.parse(data.textContent), t = d.labels;
    var chart = echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { bottom: 0, data: [t.strong, t.weak, t.gap] },
      grid: { left: 110, right: 20, top: 10, bottom: 40 },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: d.names, inverse: true },
      series: [
        { name: t.strong, type: "bar", stack: "links", data: d.strong, itemStyle: { color: "#1e8449" } },
        { name: t.weak, type: "bar", stack: "links", data: d.weak, itemStyle: { color: "#d68910" } },
        { name: t.gap, type: "bar", stack: "links", data: d.gap, itemStyle: { color: "#c0392b" } }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("DOMContentLoaded", bars);
})();
