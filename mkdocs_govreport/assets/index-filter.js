/* mkdocs-govreport: the index page's agency filter (progressive enhancement, no server).
 * The page lists every agency, grouped by kind; this script shows the filter form and hides the
 * lines that do not match.  Data: #gr-index-data, one [kind, agency_id, years, status] per line,
 * in the order of the lines (years as "2019-2023,2025"; status e = errors, w = problems, c = none). */
(function () {
  "use strict";
  function start() {
    var form = document.querySelector("form.gr-filter");
    var data = document.getElementById("gr-index-data");
    if (!form || !data || form.dataset.ready) return;
    form.dataset.ready = "1";
    var rows;
    try { rows = JSON.parse(data.textContent); } catch (e) { return; }
    var items = [];
    var groups = [];
    var markers = document.querySelectorAll(".gr-index-group");
    for (var m = 0; m < markers.length; m++) {
      var list = markers[m].nextElementSibling;
      while (list && list.tagName !== "UL") list = list.nextElementSibling;
      if (!list) continue;
      var group = { heading: markers[m].previousElementSibling, list: list, label: null, items: [] };
      if (group.heading && /^H[1-6]$/.test(group.heading.tagName)) group.label = group.heading.firstChild;
      for (var li = list.firstElementChild; li; li = li.nextElementSibling) {
        var row = rows[items.length];
        if (!row) break;
        var item = { li: li, text: (li.textContent + " " + row[1]).toLowerCase(), kind: row[0], years: years(row[2]), status: row[3] };
        items.push(item);
        group.items.push(item);
      }
      groups.push(group);
    }
    if (items.length !== rows.length) return; /* the page is not what the data describes: leave it alone */
    var count = form.querySelector(".gr-filter-count");
    function years(text) {
      var out = {};
      (text || "").split(",").forEach(function (part) {
        var ab = part.split("-");
        if (!ab[0]) return;
        for (var y = +ab[0]; y <= +(ab[1] || ab[0]); y++) out[y] = true;
      });
      return out;
    }
    function apply() {
      var q = (form.elements.q.value || "").trim().toLowerCase();
      var kind = form.elements.kind.value;
      var year = form.elements.year.value;
      var status = form.elements.status.value;
      var shown = 0;
      groups.forEach(function (g) {
        var n = 0;
        g.items.forEach(function (it) {
          var ok = (!q || it.text.indexOf(q) >= 0) && (!kind || it.kind === kind) && (!year || it.years[year]) &&
            (!status || (status === "w" ? it.status !== "c" : it.status === status));
          it.li.hidden = !ok;
          if (ok) n++;
        });
        g.list.hidden = n === 0;
        if (g.heading) g.heading.hidden = n === 0;
        shown += n;
      });
      if (count) count.textContent = "显示 " + shown + " / " + items.length + " 个机关";
    }
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
    form.hidden = false;
    apply();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  /* Material's instant navigation swaps pages without reloading scripts */
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(start);
})();
