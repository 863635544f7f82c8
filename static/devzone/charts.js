// ECharts for DevZone pages: each <div data-chart="ID"> draws the JSON in
// <script type="application/json" id="ID">. The toolbox saves the chart as PNG.
(function () {
  "use strict";
  function draw(el) {
    var spec = JSON.parse(document.getElementById(el.getAttribute("data-chart")).textContent);
    var chart = echarts.init(el, null, { renderer: "canvas" });
    var unit = spec.unit ? " (" + spec.unit + ")" : "";
    var option = {
      animation: false,
      grid: { left: spec.compact ? 8 : 56, right: 16, top: spec.compact ? 20 : 48, bottom: spec.type === "bar" ? 90 : 32 },
      tooltip: { trigger: "axis" },
      toolbox: {
        feature: { saveAsImage: { name: spec.filename || spec.title, title: el.getAttribute("data-save-label") || "PNG", pixelRatio: 2 } },
        right: 0, top: 0, itemSize: spec.compact ? 12 : 15,
      },
      title: spec.compact ? undefined : { text: spec.title + unit, left: 0, textStyle: { fontSize: 14 } },
      xAxis: { type: "category", data: spec.categories,
               axisLabel: spec.type === "bar" ? { rotate: 45, interval: 0 } : { hideOverlap: true } },
      yAxis: { type: "value", show: !spec.compact, scale: spec.type !== "bar" },
      series: [],
    };
    if (spec.type === "funnel") {
      option = {
        animation: false,
        tooltip: { trigger: "item" },
        toolbox: option.toolbox,
        title: option.title,
        series: [{ type: "funnel", sort: "none", top: 40, bottom: 8, left: "10%", width: "80%", minSize: "20%",
                   label: { show: true, position: "inside", formatter: "{b}: {c}" },
                   data: spec.categories.map(function (name, i) { return { name: name, value: spec.values[i] }; }) }],
      };
    } else if (spec.type === "bar") {
      option.series.push({ type: "bar", data: spec.values.map(function (v, i) {
        return { value: v, itemStyle: { color: spec.highlight[i] ? "#d63939" : "#206bc4" } };
      }) });
    } else if (spec.type === "lines") {
      option.legend = { top: 24 };
      option.grid.top = 64;
      spec.series.forEach(function (s) {
        option.series.push({ type: "line", name: s.name, data: s.values, connectNulls: false, showSymbol: true });
      });
    } else {
      option.series.push({ type: "line", data: spec.values, showSymbol: !spec.compact, areaStyle: spec.compact ? { opacity: 0.15 } : undefined });
    }
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
    el.setAttribute("data-rendered", "true");
  }
  function init() { document.querySelectorAll("[data-chart]").forEach(draw); }
  if (document.readyState !== "loading") init(); else document.addEventListener("DOMContentLoaded", init);
})();
