// The auditor's read-only view: a case's timeline against its deadline, overdue and due-soon
// cases, each item's case durations charted against its time limit, a certificate's history,
// recognitions, and evidence bundles and packages to check offline.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  mountLogin();
  const q = encodeURIComponent;

  $("timeline").addEventListener("click", () => guarded(async () => {
    const c = await api("GET", "/api/audit/cases/" + q($("caseIdInput").value.trim()) + "/timeline");
    const dl = document.createElement("dl");
    dl.className = "facts";
    fact(dl, t("verify.case"), c.caseId || $("caseIdInput").value.trim());
    const state = fact(dl, t("f.state"), c.state ? label("case", c.state) : "–");
    state.id = "timeline-state";
    state.dataset.state = c.state || "";
    itemFact(dl, c.itemCode);
    markOrg(fact(dl, t("f.acceptingRegion"), orgName(c.acceptingOrg)), c.acceptingOrg);
    markOrg(fact(dl, t("f.homeRegion"), orgName(c.homeOrg)), c.homeOrg);
    fact(dl, t("audit.timeLimit"), c.timeLimitDays ? t("audit.workingDays", c.timeLimitDays) : "–");
    const deadline = fact(dl, t("f.deadline"), c.deadline ? formatDeadline(c.deadline, c.workingDaysLeft) : "–");
    deadline.id = "timeline-deadline";
    deadline.dataset.deadline = c.deadline || "";
    const overdue = fact(dl, t("audit.overdue"), c.overdue ? t("audit.isOverdue") : t("audit.onTime"),
      c.overdue ? "state-REJECTED" : "state-APPROVED");
    overdue.id = "timeline-overdue";
    overdue.dataset.overdue = String(Boolean(c.overdue));
    $("timeline-view").replaceChildren(dl, stepsTable(c.steps, false));
    if (c.steps.length) {
      $("recordInput").value = c.steps[c.steps.length - 1].recordId;
    }
  }));

  // Regions and items are picked by name; their codes are what the API filters on.
  namesLoaded.then(() => {
    const fill = (cls, entries) => document.querySelectorAll("select." + cls).forEach((select) => select.replaceChildren(
      new Option(t("audit.all"), ""), ...Object.entries(entries).map(([code, name]) => new Option(name, code))));
    fill("org-choice", names.orgs);
    fill("item-choice", names.items);
  });

  $("overdue").addEventListener("click", () => guarded(async () => {
    const params = new URLSearchParams({ dueWithinDays: $("dueWithinDays").value.trim() || "3" });
    for (const key of ["region", "item"]) {
      if ($(key).value.trim()) {
        params.set(key, $(key).value.trim());
      }
    }
    const page = await api("GET", "/api/audit/cases/overdue?" + params);
    const rows = page.cases.map((c) => [c.caseId, itemTitle(c.itemCode), orgName(c.acceptingOrg) + " → " + orgName(c.homeOrg),
      label("case", c.state), formatDeadline(c.deadline, c.workingDaysLeft, c.overdue), label("audit", c.standing)]);
    $("overdue-view").replaceChildren(table("overdue-table",
      [t("verify.case"), t("f.item"), t("audit.regions"), t("f.state"), t("f.deadline"), t("audit.standing")], rows,
      (tr, i) => {
        tr.dataset.caseId = page.cases[i].caseId;
        tr.dataset.standing = page.cases[i].standing;
      }));
  }));

  $("durations").addEventListener("click", () => guarded(async () => {
    const params = new URLSearchParams();
    for (const [key, id] of [["region", "chart-region"], ["item", "chart-item"], ["from", "chart-from"], ["to", "chart-to"]]) {
      if ($(id).value.trim()) {
        params.set(key, $(id).value.trim());
      }
    }
    const answer = await api("GET", "/api/audit/durations?" + params);
    $("durations-view").replaceChildren(...durationsView(answer));
  }));

  $("history").addEventListener("click", () => guarded(async () => {
    const h = await api("GET", "/api/audit/certificates/" + q($("targetInput").value.trim()) + "/history");
    const status = document.createElement("p");
    status.id = "history-status";
    status.className = "decision cert-" + h.status;
    status.dataset.status = h.status;
    status.textContent = label("cert", h.status) + " · " + orgName(h.issuerOrg) + " · " + h.caseId;
    $("history-view").replaceChildren(status, table("history-table",
      [t("audit.action"), t("audit.status"), t("f.time"), t("f.reason"), t("f.record")],
      h.history.map((e) => [label("action", e.action), label("cert", e.status), formatTime(e.time),
        e.reason ? label("reason", e.reason) : "", e.recordId]),
      (tr, i) => {
        tr.dataset.action = h.history[i].action;
        tr.dataset.status = h.history[i].status;
      }));
    if (h.history.length) {
      $("recordInput").value = h.history[0].recordId;
    }
  }));

  $("recognitions").addEventListener("click", () => guarded(async () => {
    const r = await api("GET", "/api/audit/recognitions?targetId=" + q($("targetInput").value.trim()));
    $("history-view").replaceChildren(table("recognitions-table",
      [t("recognise.by"), t("audit.issuedBy"), t("recognise.target"), t("recognise.decision"), t("f.reason"), t("f.time")],
      r.recognitions.map((e) => [orgName(e.recognisingOrg), orgName(e.issuingOrg), label("target", e.targetType || "") + " " + (e.targetId || ""),
        label("recognition", e.decision), e.reason ? label("reason", e.reason) : "", formatTime(e.time)]),
      (tr, i) => {
        tr.dataset.org = r.recognitions[i].recognisingOrg;
        tr.dataset.decision = r.recognitions[i].decision;
      }));
  }));

  // Durations against time limits, drawn as inline SVG (nothing is fetched from elsewhere, so the
  // page works offline): a row per item, a mark per case at its working days, the limit dashed.
  // Every row's scale puts its limit at the same x, so the rows compare as shares of their
  // limits; a case further out than the chart reaches sits at its right edge (data-clamped).
  const SVG_NS = "http://www.w3.org/2000/svg";
  const CHART = { width: 1000, label: 250, right: 20, legend: 34, axis: 44, mark: 6, row: 46, maxRow: 160, reach: 4 };
  const COLOUR = { within: "#1f6fb2", over: "#c5221f", limit: "#3c4043", band: "#f5f7fa", axis: "#9aa0a6" };

  const svg = (name, attributes, parent, text) => {
    const element = document.createElementNS(SVG_NS, name);
    for (const [key, value] of Object.entries(attributes || {})) {
      element.setAttribute(key, String(value));
    }
    if (text !== undefined) {
      element.textContent = text;
    }
    if (parent) {
      parent.append(element);
    }
    return element;
  };

  const itemName = (item) => (LANG === "en" ? item.titleEn : item.titleZh) || item.itemCode;
  const longest = (item) => Math.max(0, ...item.cases.map((c) => c.workingDays));

  /** The chart, a summary in words and a table of the counts: what the chart shows, to read. */
  function durationsView(answer) {
    const items = answer.items;
    const sum = (key) => items.reduce((n, i) => n + i[key], 0);
    const summary = document.createElement("p");
    summary.id = "durations-summary";
    summary.textContent = t("audit.chartSummary", formatTime(answer.asOf), items.length,
      items.reduce((n, i) => n + i.cases.length, 0), sum("finishedWithin") + sum("finishedOver"), sum("finishedOver"),
      sum("openWithin") + sum("openOver"), sum("openOver"));
    const counts = table("durations-table", [t("f.item"), t("audit.timeLimit"), t("audit.colFinishedWithin"),
      t("audit.colFinishedOver"), t("audit.colOpenWithin"), t("audit.colOpenOver"), t("audit.colLongest")],
    items.map((i) => [itemName(i), t("audit.workingDays", i.timeLimitDays), i.finishedWithin, i.finishedOver, i.openWithin,
      i.openOver, i.cases.length ? t("audit.workingDays", longest(i)) : "–"]), (tr, n) => {
      tr.dataset.item = items[n].itemCode;
      tr.dataset.cases = String(items[n].cases.length);
    });
    return [durationChart(items, summary.textContent), summary, counts];
  }

  function durationChart(items, description) {
    const c = CHART;
    const plot = c.width - c.label - c.right;
    const reach = Math.min(c.reach, Math.max(1.25, ...items.map((i) => (longest(i) + 0.5) / i.timeLimitDays)));
    const limitX = c.label + plot / reach;
    const rows = items.map((item) => {
      const stacks = {};
      item.cases.forEach((k) => {
        stacks[k.workingDays] = (stacks[k.workingDays] || 0) + 1;
      });
      const tallest = Math.max(1, ...Object.values(stacks));
      const step = Math.min(2 * c.mark + 2, (c.maxRow - 2 * c.mark - 14) / tallest);
      return { item, step, height: Math.max(c.row, Math.min(c.maxRow, 2 * c.mark + 14 + tallest * step)) };
    });
    const height = c.legend + rows.reduce((n, r) => n + r.height, 0) + c.axis;
    const chart = svg("svg", { id: "durations-chart", viewBox: "0 0 " + c.width + " " + height, width: "100%",
      role: "img", "aria-labelledby": "durations-chart-title durations-chart-desc", "font-size": 13 });
    svg("title", { id: "durations-chart-title" }, chart, t("audit.chartTitle"));
    svg("desc", { id: "durations-chart-desc" }, chart, description);
    legend(chart, limitX);
    let top = c.legend;
    rows.forEach((r, n) => {
      itemRow(chart, r, top, n, plot, reach, limitX);
      top += r.height;
    });
    svg("line", { x1: limitX, x2: limitX, y1: c.legend - 4, y2: top, stroke: COLOUR.limit, "stroke-width": 1, opacity: 0.25 },
      chart);
    svg("text", { x: c.label + plot / 2, y: top + 36, "text-anchor": "middle", fill: "#5f6368" }, chart, t("audit.chartAxis"));
    return chart;
  }

  function legend(chart, limitX) {
    const y = 16;
    let x = CHART.label;
    const entry = (draw, words) => {
      draw(x + 6, y);
      const label = svg("text", { x: x + 18, y: y + 4 }, chart, words);
      // The text is not measured (the chart is not in the document yet): a generous width per character.
      x += 36 + words.length * (LANG === "en" ? 7.5 : 14);
      return label;
    };
    entry((cx, cy) => svg("circle", { cx, cy, r: CHART.mark, fill: COLOUR.within }, chart), t("audit.legendWithin"));
    entry((cx, cy) => svg("circle", { cx, cy, r: CHART.mark, fill: COLOUR.over }, chart), t("audit.legendOver"));
    entry((cx, cy) => svg("circle", { cx, cy, r: CHART.mark, fill: "#5f6368" }, chart), t("audit.legendFinished"));
    entry((cx, cy) => svg("circle", { cx, cy, r: CHART.mark - 1, fill: "#fff", stroke: "#5f6368", "stroke-width": 2 }, chart),
      t("audit.legendOpen"));
    entry((cx, cy) => svg("line", { x1: cx, x2: cx, y1: cy - 9, y2: cy + 9, stroke: COLOUR.limit, "stroke-width": 2,
      "stroke-dasharray": "4 3" }, chart), t("audit.timeLimit"));
  }

  function itemRow(chart, r, top, n, plot, reach, limitX) {
    const c = CHART;
    const item = r.item;
    const domain = item.timeLimitDays * reach;
    const x = (days) => c.label + Math.min(days, domain) / domain * plot;
    const baseline = top + r.height - 10;
    const group = svg("g", { class: "chart-item", "data-item": item.itemCode, "data-cases": item.cases.length }, chart);
    svg("rect", { x: 0, y: top, width: c.width, height: r.height, fill: n % 2 ? "#fff" : COLOUR.band }, group);
    const name = svg("g", {}, group);
    svg("title", {}, name, item.itemCode);
    svg("text", { x: 8, y: top + r.height / 2 - 2, "font-weight": 600 }, name, itemName(item));
    svg("text", { x: 8, y: top + r.height / 2 + 15, fill: "#5f6368", "font-size": 12 }, group,
      t("audit.limitLine", item.timeLimitDays));
    svg("line", { x1: c.label, x2: c.label + plot, y1: baseline, y2: baseline, stroke: COLOUR.axis }, group);
    // Labelled ticks at a divisor of the limit, so the limit is one of them; a short tick each day.
    let tick = item.timeLimitDays;
    for (let d = 1; d < item.timeLimitDays; d++) {
      if (item.timeLimitDays % d === 0 && domain / d <= 10) {
        tick = d;
        break;
      }
    }
    for (let d = 0; d <= domain; d++) {
      const labelled = d % tick === 0;
      if (labelled || domain <= 60) {
        svg("line", { x1: x(d), x2: x(d), y1: baseline, y2: baseline + (labelled ? 4 : 2), stroke: COLOUR.axis }, group);
      }
      if (labelled) {
        svg("text", { x: x(d), y: baseline + 9, "text-anchor": "middle", "font-size": 9, fill: "#5f6368" }, group,
          String(d));
      }
    }
    const line = svg("line", { class: "limit-line", "data-item": item.itemCode, "data-days": item.timeLimitDays,
      x1: limitX, x2: limitX, y1: top + 3, y2: baseline + 3, stroke: COLOUR.limit, "stroke-width": 2,
      "stroke-dasharray": "5 4" }, group);
    svg("title", {}, line, t("audit.limitLine", item.timeLimitDays));
    if (!item.cases.length) {
      svg("text", { x: limitX + 12, y: baseline - 6, fill: "#80868b", "font-size": 12 }, group, t("audit.noCases"));
      return;
    }
    const placed = {};
    for (const k of item.cases) {
      const level = placed[k.workingDays] || 0;
      placed[k.workingDays] = level + 1;
      const colour = k.overLimit ? COLOUR.over : COLOUR.within;
      const mark = svg("circle", { class: "mark", cx: x(k.workingDays), cy: baseline - c.mark - 2 - level * r.step,
        r: k.finished ? c.mark : c.mark - 1, fill: k.finished ? colour : "#fff", stroke: colour, "stroke-width": 2,
        "data-case": k.caseId, "data-days": k.workingDays, "data-over": k.overLimit, "data-finished": k.finished,
        "data-clamped": k.workingDays > domain }, group);
      svg("title", {}, mark, t("audit.markTitle", k.caseId, k.workingDays, k.hours,
        k.finished ? t("audit.legendFinished") + " · " + label("case", k.state) : t("audit.legendOpen"),
        k.overLimit ? t("audit.legendOver") : t("audit.legendWithin")));
    }
  }

  const fileName = (id, suffix) => id.replace(/[^A-Za-z0-9._-]+/g, "_") + suffix;
  const downloaded = (what) => {
    $("bundle-notice").hidden = false;
    $("bundle-notice").textContent = t("audit.downloaded", what);
  };

  $("bundle").addEventListener("click", () => guarded(async () => {
    const recordId = $("recordInput").value.trim();
    await download("/api/evidence/" + recordId.split("/").map(q).join("/") + "/bundle", fileName(recordId, ".bundle.json"));
    downloaded(recordId);
  }));

  // Evidence packages: the whole view with every cited record's bundle, one file for verify-bundle.
  $("export-timeline").addEventListener("click", () => guarded(async () => {
    const caseId = $("caseIdInput").value.trim();
    await download("/api/audit/cases/" + q(caseId) + "/timeline/export", fileName(caseId, ".timeline.package.json"));
    downloaded(caseId + " timeline");
  }));

  $("export-history").addEventListener("click", () => guarded(async () => {
    const certificateId = $("targetInput").value.trim();
    await download("/api/audit/certificates/" + q(certificateId) + "/history/export",
      fileName(certificateId, ".history.package.json"));
    downloaded(certificateId + " history");
  }));

  $("export-recognitions").addEventListener("click", () => guarded(async () => {
    const targetId = $("targetInput").value.trim();
    await download("/api/audit/recognitions/export?targetId=" + q(targetId), fileName(targetId, ".recognitions.package.json"));
    downloaded(targetId + " recognitions");
  }));

  const fromLink = new URLSearchParams(location.search).get("case");
  if (fromLink) {
    $("caseIdInput").value = fromLink;
  }
})();
