// The auditor's read-only view: a case's timeline against its deadline, overdue and due-soon
// cases, a certificate's history, recognitions, and evidence bundles and packages to check offline.
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
      r.recognitions.map((e) => [orgName(e.recognisingOrg), orgName(e.issuingOrg), (e.targetType || "") + " " + (e.targetId || ""),
        label("recognition", e.decision), e.reason ? label("reason", e.reason) : "", formatTime(e.time)]),
      (tr, i) => {
        tr.dataset.org = r.recognitions[i].recognisingOrg;
        tr.dataset.decision = r.recognitions[i].decision;
      }));
  }));

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
