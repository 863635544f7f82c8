// The entry grid's keyboard, as in Excel: Enter moves down (Shift+Enter up),
// the arrow keys move between cells (left and right once the caret is at the
// edge of the text), and a block pasted from Excel (tab-separated columns,
// one line per row) fills the cells from the one pasted into.
(function () {
  "use strict";
  var COLUMNS = ["value_", "growth_", "reason_"];

  function cellsOf(table) {
    return Array.prototype.map.call(table.tBodies[0].rows, function (row) {
      return COLUMNS.map(function (prefix) {
        return row.querySelector('input[name^="' + prefix + '"]');
      });
    });
  }

  function usable(input) { return input && !input.disabled && !input.readOnly; }

  function position(cells, input) {
    for (var r = 0; r < cells.length; r++) {
      var c = cells[r].indexOf(input);
      if (c >= 0) return [r, c];
    }
    return null;
  }

  // The next usable cell from (r, c) in direction (dr, dc), skipping the gaps.
  function next(cells, r, c, dr, dc) {
    for (r += dr, c += dc; r >= 0 && r < cells.length && c >= 0 && c < COLUMNS.length; r += dr, c += dc) {
      if (usable(cells[r][c])) return cells[r][c];
    }
    return null;
  }

  function go(target) {
    if (!target) return;
    target.focus();
    target.select();
  }

  function init(table) {
    table.addEventListener("keydown", function (e) {
      var input = e.target;
      if (input.tagName !== "INPUT" || e.altKey || e.ctrlKey || e.metaKey) return;
      var cells = cellsOf(table);
      var at = position(cells, input);
      if (!at) return;
      var atStart = input.selectionStart === 0 && input.selectionEnd === 0;
      var atEnd = input.selectionStart === input.value.length && input.selectionEnd === input.value.length;
      var all = input.selectionStart === 0 && input.selectionEnd === input.value.length;
      var move = null;
      if (e.key === "Enter") move = e.shiftKey ? [-1, 0] : [1, 0];
      else if (e.key === "ArrowDown") move = [1, 0];
      else if (e.key === "ArrowUp") move = [-1, 0];
      else if (e.key === "ArrowLeft" && (atStart || all)) move = [0, -1];
      else if (e.key === "ArrowRight" && (atEnd || all)) move = [0, 1];
      if (!move) return;
      e.preventDefault(); // Enter must not submit the form
      go(next(cells, at[0], at[1], move[0], move[1]));
    });

    table.addEventListener("paste", function (e) {
      var input = e.target;
      var text = e.clipboardData && e.clipboardData.getData("text/plain");
      if (input.tagName !== "INPUT" || !text || !/[\t\n]/.test(text.replace(/\r?\n$/, ""))) return;
      var cells = cellsOf(table);
      var at = position(cells, input);
      if (!at) return;
      e.preventDefault();
      var lines = text.replace(/\r/g, "").replace(/\n$/, "").split("\n");
      var filled = 0;
      lines.forEach(function (line, i) {
        line.split("\t").forEach(function (raw, j) {
          var row = cells[at[0] + i];
          var target = row && row[at[1] + j];
          // One pasted line per grid row, as in Excel: a cell the grid does
          // not offer (skipped, locked) is left, not shifted onto the next one.
          if (!usable(target)) return;
          target.value = raw.trim().replace(/[,，](?=\d{3}\b)/g, "");
          target.dispatchEvent(new Event("input", { bubbles: true }));
          filled += 1;
        });
      });
      table.setAttribute("data-pasted", String(filled));
    });
  }

  function ready() { document.querySelectorAll("table[data-entry-grid]").forEach(init); }
  if (document.readyState !== "loading") ready(); else document.addEventListener("DOMContentLoaded", ready);
})();

// Nominal growth beside the stated one as figures are typed: this year's figure
// against last year's same period, both in the grid's unit, flagged "≠" when
// more than one point from the stated growth (as the page does after saving).
(function () {
  "use strict";
  function number(text) {
    var n = parseFloat(String(text || "").replace(/,/g, "").trim());
    return isNaN(n) ? null : n;
  }
  function refresh(row) {
    var lastCell = row.querySelector("[data-last-year]");
    var out = row.querySelector("[data-testid=nominal]");
    var valueInput = row.querySelector('input[name^="value_"]');
    if (!lastCell || !out || !valueInput) return;
    var last = number(lastCell.getAttribute("data-last-year"));
    var value = number(valueInput.value);
    if (last === null || last === 0 || value === null) { out.textContent = "—"; return; }
    var nominal = (value / last - 1) * 100;
    out.textContent = nominal.toFixed(1);
    var growthInput = row.querySelector('input[name^="growth_"]');
    var stated = growthInput ? number(growthInput.value) : null;
    if (stated !== null && Math.abs(stated - nominal) > 1.0) {
      var badge = document.createElement("span");
      badge.className = "badge bg-orange-lt ms-1";
      badge.title = out.getAttribute("data-gap-title") || "";
      badge.textContent = "≠";
      out.appendChild(badge);
    }
  }
  document.querySelectorAll("table[data-entry-grid]").forEach(function (table) {
    table.addEventListener("input", function (event) {
      var row = event.target.closest("tr");
      if (row) refresh(row);
    });
  });
})();
