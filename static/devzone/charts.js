// ECharts for DevZone pages: each <div data-chart="ID"> draws the JSON in
// <script type="application/json" id="ID">. The toolbox saves the chart as PNG.
//
// Axes show true baselines: a value axis always holds zero (an amount is never
// drawn as a collapse to the series' lowest value; growth sits around 0), and
// a percentage of a whole (spec.percent) runs from 0 to 100. A spec with
// "views" (cumulative, monthly, growth) gets buttons to switch between them.
// A spec that says what to write instead (spec.empty) shows that message when
// its series holds no figure other than zero.
// A spec with "samples" (and "sources") per point, or a series with its own,
// says in the tooltip which figures are invented for the demo (示例) and where
// a stated one comes from.
(function () {
  "use strict";

  function escape(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  // The tooltip: each point's value, with the sample mark or its source.
  function tooltip(spec) {
    return function (params) {
      params = Array.isArray(params) ? params : [params];
      var lines = params.length ? [escape(params[0].axisValueLabel || params[0].name)] : [];
      params.forEach(function (p) {
        var owner = spec.type === "lines" ? spec.series[p.seriesIndex] || {} : spec;
        var value = Array.isArray(p.value) ? p.value[1] : p.value;
        var line = p.marker + (p.seriesName && spec.type === "lines" ? escape(p.seriesName) + " " : "") +
          "<b>" + (value === null || value === undefined ? "—" : escape(String(value))) + "</b>";
        if (owner.samples && owner.samples[p.dataIndex]) {
          line += ' <span class="badge bg-yellow-lt" data-testid="tooltip-sample">' + escape(spec.sample_label || "Sample") + "</span>";
        } else if (owner.sources && owner.sources[p.dataIndex]) {
          line += '<br><span class="small" data-testid="tooltip-source">' + escape((spec.source_label || "Source") + ": " + owner.sources[p.dataIndex]) + "</span>";
        }
        lines.push(line);
      });
      return lines.join("<br>");
    };
  }

  function isEmpty(spec) {
    var values = spec.type === "lines"
      ? spec.series.reduce(function (all, s) { return all.concat(s.values); }, [])
      : spec.values || [];
    // Zero amounts draw nothing worth a chart; a rate of 0% is a finding.
    return !values.some(function (v) { return v !== null && v !== undefined && (v !== 0 || spec.percent); });
  }

  function option(spec, el) {
    var unit = spec.unit ? " (" + spec.unit + ")" : "";
    var compact = !!spec.compact;
    var yAxis = {
      type: "value",
      scale: false, // zero stays in view
      splitNumber: compact ? 2 : 5,
      axisLabel: { fontSize: compact ? 10 : 12 },
    };
    if (spec.percent) {
      yAxis.min = 0;
      yAxis.max = 100;
      yAxis.axisLabel.formatter = "{value}%";
    }
    var option = {
      animation: false,
      grid: {
        left: 8, right: 16, containLabel: true,
        top: compact ? 24 : 48, bottom: spec.type === "bar" && !compact ? 8 : 4,
      },
      tooltip: { trigger: "axis", formatter: tooltip(spec), extraCssText: "max-width: 22rem; white-space: normal;" },
      toolbox: {
        feature: { saveAsImage: { name: spec.filename || spec.title, title: el.getAttribute("data-save-label") || "PNG", pixelRatio: 2 } },
        right: 0, top: 0, itemSize: compact ? 12 : 15,
      },
      title: compact ? undefined : { text: spec.title + unit, left: 0, textStyle: { fontSize: 14 } },
      xAxis: { type: "category", data: spec.categories,
               axisLabel: spec.type === "bar" && !compact ? { rotate: 45, interval: 0 } : { hideOverlap: true, fontSize: compact ? 10 : 12 } },
      yAxis: yAxis,
      series: [],
    };
    if (spec.type === "funnel") {
      return {
        animation: false,
        tooltip: { trigger: "item", formatter: tooltip(spec) },
        toolbox: option.toolbox,
        title: option.title,
        series: [{ type: "funnel", sort: "none", top: 40, bottom: 8, left: "10%", width: "80%", minSize: "20%",
                   label: { show: true, position: "inside", formatter: "{b}: {c}" },
                   data: spec.categories.map(function (name, i) { return { name: name, value: spec.values[i] }; }) }],
      };
    }
    if (spec.type === "bar") {
      option.series.push({ type: "bar", data: spec.values.map(function (v, i) {
        var color = spec.highlight && spec.highlight[i] ? "#d63939" : (v !== null && v < 0 ? "#d63939" : "#206bc4");
        return { value: v, itemStyle: { color: color } };
      }) });
    } else if (spec.type === "lines") {
      option.legend = { top: 24 };
      option.grid.top = 64;
      spec.series.forEach(function (s) {
        option.series.push({ type: "line", name: s.name, data: s.values, connectNulls: false, showSymbol: true });
      });
    } else {
      option.series.push({ type: "line", data: spec.values, showSymbol: !compact || spec.values.length < 3,
                           areaStyle: compact ? { opacity: 0.15 } : undefined });
    }
    return option;
  }

  function render(el, spec) {
    if (el._chart) { el._chart.dispose(); el._chart = null; }
    if (spec.empty && isEmpty(spec)) {
      el.textContent = "";
      var note = document.createElement("div");
      note.className = "text-secondary small d-flex h-100 align-items-center justify-content-center text-center";
      note.setAttribute("data-testid", "chart-empty");
      note.textContent = spec.empty;
      el.appendChild(note);
      el.setAttribute("data-rendered", "empty");
      return;
    }
    el.textContent = "";
    el._chart = echarts.init(el, null, { renderer: "canvas" });
    el._chart.setOption(option(spec, el));
    el.setAttribute("data-rendered", "true");
  }

  function draw(el) {
    var spec = JSON.parse(document.getElementById(el.getAttribute("data-chart")).textContent);
    if (spec.views && spec.views.length) {
      var group = document.createElement("div");
      group.className = "btn-group btn-group-sm mt-2";
      group.setAttribute("role", "group");
      group.setAttribute("data-testid", "chart-views");
      spec.views.forEach(function (view, i) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "btn btn-sm" + (i === 0 ? " active" : "");
        button.textContent = view.label;
        button.setAttribute("data-view", view.key);
        button.setAttribute("aria-pressed", i === 0 ? "true" : "false");
        button.addEventListener("click", function () {
          group.querySelectorAll("button").forEach(function (b) {
            b.classList.toggle("active", b === button);
            b.setAttribute("aria-pressed", b === button ? "true" : "false");
          });
          el.setAttribute("data-view", view.key);
          render(el, Object.assign({}, spec, view));
        });
        group.appendChild(button);
      });
      el.parentNode.insertBefore(group, el);
      el.setAttribute("data-view", spec.views[0].key);
      spec = Object.assign({}, spec, spec.views[0]);
    }
    render(el, spec);
    window.addEventListener("resize", function () { if (el._chart) el._chart.resize(); });
  }

  function init() { document.querySelectorAll("[data-chart]").forEach(draw); }
  if (document.readyState !== "loading") init(); else document.addEventListener("DOMContentLoaded", init);
})();
