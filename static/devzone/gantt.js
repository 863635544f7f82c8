// The wall chart (挂图作战): a Gantt chart drawn with an ECharts custom series.
// Each project is a row spanning its tasks, followed by a row per task. A task
// row shows the baseline (thin grey bar above), the plan (outlined bar, from
// the earliest dates) and the actual progress (filled bar, to today while it
// runs), coloured by status; a red line marks today.
(function () {
  "use strict";
  var COLORS = { late: "#d63939", at_risk: "#f76707", on_track: "#2fb344", not_started: "#868e96", done: "#206bc4" };
  var DAY = 86400000;
  function ts(s) { return s ? Date.parse(s + "T00:00:00") : null; }
  function end(s) { var t = ts(s); return t === null ? null : t + DAY; }  // inclusive day → exclusive end

  function rowsOf(data) {
    var rows = [];
    data.projects.forEach(function (p) {
      rows.push({ kind: "project", label: (p.phase ? "　" : "") + p.name, project: p,
                  plan: p.span ? [ts(p.span[0]), end(p.span[1])] : null, status: p.status });
      p.tasks.forEach(function (t) {
        rows.push({ kind: "task", label: (p.phase ? "　　" : "　") + t.name, project: p, task: t, status: t.status,
                    plan: t.plan[0] ? [ts(t.plan[0]), end(t.plan[1])] : null,
                    baseline: t.baseline[0] ? [ts(t.baseline[0]), end(t.baseline[1])] : null,
                    actual: t.actual[0] && t.actual[1] ? [ts(t.actual[0]), end(t.actual[1])] : null });
      });
    });
    return rows;
  }

  function rect(api, y, span, top, height) {
    var a = api.coord([span[0], y]), b = api.coord([span[1], y]);
    var band = api.size([0, 1])[1];
    return { x: a[0], y: a[1] - band / 2 + band * top, width: Math.max(b[0] - a[0], 2), height: band * height };
  }

  function draw(el) {
    var data = JSON.parse(document.getElementById(el.getAttribute("data-gantt")).textContent);
    var L = el.dataset;
    var rows = rowsOf(data);
    var chart = echarts.init(el, null, { renderer: "canvas" });
    var today = ts(data.today);
    var items = rows.map(function (r, i) { return { value: [i], row: r }; });
    // The time axis spans every bar and today, with a little room either side.
    var low = today, high = today;
    rows.forEach(function (r) {
      [r.plan, r.baseline, r.actual].forEach(function (span) {
        if (!span) return;
        low = low === null ? span[0] : Math.min(low, span[0]);
        high = high === null ? span[1] : Math.max(high, span[1]);
      });
    });
    var pad = Math.max((high - low) * 0.02, 7 * DAY);
    var visible = Math.min(rows.length, 40);
    function renderItem(params, api) {
      var r = rows[params.dataIndex];
      var y = params.dataIndex, children = [], color = COLORS[r.status] || COLORS.not_started;
      if (r.kind === "project") {
        if (r.plan) children.push({ type: "rect", shape: rect(api, y, r.plan, 0.3, 0.4),
                                    style: { fill: color, opacity: 0.85 } });
        return { type: "group", children: children };
      }
      if (r.baseline) children.push({ type: "rect", shape: rect(api, y, r.baseline, 0.08, 0.16), style: { fill: "#adb5bd" } });
      if (r.plan) children.push({ type: "rect", shape: rect(api, y, r.plan, 0.3, 0.5),
                                  style: { fill: color, opacity: 0.18, stroke: r.task.critical ? "#1d273b" : color,
                                           lineWidth: r.task.critical ? 1.5 : 1 } });
      if (r.actual) children.push({ type: "rect", shape: rect(api, y, r.actual, 0.38, 0.34), style: { fill: color } });
      return { type: "group", children: children };
    }
    function tip(p) {
      var r = rows[p.dataIndex];
      if (!r) return "";
      var esc = echarts.format.encodeHTML;
      // A sample project or task, or a stated project's invented detail: 示例.
      function mark(on) {
        return on ? ' <span class="badge bg-yellow-lt" data-testid="tooltip-sample">' + esc(L.labelSample || "Sample") + "</span>" : "";
      }
      if (r.kind === "project") {
        var pr = r.project;
        var invented = function (name) { return mark((pr.sample_fields || []).indexOf(name) >= 0); };
        return "<b>" + esc(pr.name) + "</b>" + mark(pr.sample) + "<br>" + esc(pr.stage) + (pr.key_level ? " · " + esc(pr.key_level) : "") +
          "<br>" + esc(L.labelLeader) + ": " + esc(pr.leader || "—") + invented("leader") + " · " + esc(L.labelAgent) + ": " + esc(pr.agent || "—") + invented("agent") +
          "<br>" + esc(L.labelDeadline) + ": " + esc(pr.deadline || "—") + invented("deadline") + "<br>" + esc(data.statuses[r.status]);
      }
      var t = r.task;
      function span(s) { return s[0] ? s[0] + " – " + s[1] : "—"; }
      return "<b>" + esc(t.name) + "</b>" + mark(t.sample) + " · " + esc(data.statuses[t.status]) + (t.critical ? " · " + esc(L.labelCritical) : "") +
        "<br>" + esc(L.labelPlan) + ": " + span(t.plan) + "<br>" + esc(L.labelLatest) + ": " + span(t.latest) +
        "<br>" + esc(L.labelBaseline) + ": " + span(t.baseline) + "<br>" + esc(L.labelActual) + ": " + span(t.actual) +
        " (" + t.percent + "%)";
    }
    chart.setOption({
      animation: false,
      grid: { left: 8, right: 24, top: 36, bottom: 24, containLabel: true },
      tooltip: { formatter: tip, confine: true },
      toolbox: { right: 0, top: 0, feature: { saveAsImage: { name: "wall-chart", title: L.labelSave, pixelRatio: 2 } } },
      xAxis: { type: "time", position: "top", min: low - pad, max: high + pad,
               splitLine: { show: true, lineStyle: { color: "#eef0f3" } } },
      yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r.label; }),
               axisTick: { show: false },
               axisLabel: { width: 220, overflow: "truncate", fontWeight: function () { return "normal"; },
                            formatter: function (v, i) { return rows[i] && rows[i].kind === "project" ? "{p|" + v + "}" : v; },
                            rich: { p: { fontWeight: "bold" } } } },
      dataZoom: rows.length > visible ? [
        { type: "slider", yAxisIndex: 0, right: 0, width: 14, startValue: 0, endValue: visible - 1, showDetail: false },
        { type: "inside", yAxisIndex: 0, zoomOnMouseWheel: false, moveOnMouseWheel: true },
        { type: "inside", xAxisIndex: 0, zoomOnMouseWheel: "ctrl" },
      ] : [{ type: "inside", xAxisIndex: 0, zoomOnMouseWheel: "ctrl" }],
      series: [{
        type: "custom", renderItem: renderItem, encode: { y: 0 }, data: items, clip: true,
        markLine: today === null ? undefined : {
          silent: true, symbol: "none", lineStyle: { color: "#d63939", type: "solid", width: 2 },
          label: { formatter: L.labelToday + " " + data.today, position: "start", color: "#d63939" },
          data: [{ xAxis: today }],
        },
      }],
    });
    el.setAttribute("data-rendered", "true");
    el.setAttribute("data-rows", String(rows.length));
    window.addEventListener("resize", function () { chart.resize(); });
    document.addEventListener("fullscreenchange", function () { setTimeout(function () { chart.resize(); }, 50); });
    window.addEventListener("beforeprint", function () { chart.resize({ width: 1500 }); });
    window.addEventListener("afterprint", function () { chart.resize(); });
  }

  function init() {
    document.querySelectorAll("[data-gantt]").forEach(draw);
    document.querySelectorAll("[data-fullscreen]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var target = document.getElementById(btn.getAttribute("data-fullscreen"));
        if (document.fullscreenElement) document.exitFullscreen();
        else if (target.requestFullscreen) target.requestFullscreen();
      });
    });
  }
  if (document.readyState !== "loading") init(); else document.addEventListener("DOMContentLoaded", init);
})();
