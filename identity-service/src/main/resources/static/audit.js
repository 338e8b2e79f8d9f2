// The auditor's read-only view: a case's timeline against its deadline, overdue and due-soon
// cases, a certificate's history, recognitions, and evidence bundles and packages to check offline.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  mountLogin();
  const q = encodeURIComponent;

  $("timeline").addEventListener("click", () => guarded(async () => {
    const t = await api("GET", "/api/audit/cases/" + q($("caseIdInput").value.trim()) + "/timeline");
    const c = t;
    const dl = document.createElement("dl");
    dl.className = "facts";
    fact(dl, "案件 Case", c.caseId || $("caseIdInput").value.trim());
    fact(dl, "状态 State", c.state || "–").id = "timeline-state";
    fact(dl, "时限 Time limit", (c.timeLimitDays || "–") + " 工作日 working days");
    fact(dl, "办结时限 Deadline", t.deadline || c.deadline || "–").id = "timeline-deadline";
    const overdue = t.overdue !== undefined ? t.overdue : c.overdue;
    fact(dl, "超期 Overdue", overdue ? "是 OVERDUE" : "否 on time", overdue ? "state-REJECTED" : "state-APPROVED").id = "timeline-overdue";
    $("timeline-view").replaceChildren(dl, stepsTable(t.steps, false));
    if (t.steps.length) {
      $("recordInput").value = t.steps[t.steps.length - 1].recordId;
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
    const rows = page.cases.map((c) => [c.caseId, c.itemCode, c.acceptingOrg + " → " + c.homeOrg, c.state,
      c.deadline, c.standing]);
    $("overdue-view").replaceChildren(table("overdue-table",
      ["案件 Case", "事项 Item", "地区 Regions", "状态 State", "时限 Deadline", "情况 Standing"], rows));
  }));

  $("history").addEventListener("click", () => guarded(async () => {
    const h = await api("GET", "/api/audit/certificates/" + q($("targetInput").value.trim()) + "/history");
    const status = document.createElement("p");
    status.id = "history-status";
    status.className = "decision cert-" + h.status;
    status.textContent = (CERTIFICATE_STATES[h.status] || h.status) + " · " + h.issuerOrg + " · " + h.caseId;
    $("history-view").replaceChildren(status, table("history-table", ["动作 Action", "状态 Status", "时间 Time", "原因 Reason", "记录 Record"],
      h.history.map((e) => [e.action, e.status, e.time, e.reason, e.recordId])));
    if (h.history.length) {
      $("recordInput").value = h.history[0].recordId;
    }
  }));

  $("recognitions").addEventListener("click", () => guarded(async () => {
    const r = await api("GET", "/api/audit/recognitions?targetId=" + q($("targetInput").value.trim()));
    $("history-view").replaceChildren(table("recognitions-table",
      ["互认方 Recognised by", "签发方 Issued by", "对象 Target", "决定 Decision", "原因 Reason", "时间 Time"],
      r.recognitions.map((e) => [e.recognisingOrg, e.issuingOrg, (e.targetType || "") + " " + (e.targetId || ""),
        e.decision, e.reason, e.time])));
  }));

  const fileName = (id, suffix) => id.replace(/[^A-Za-z0-9._-]+/g, "_") + suffix;
  const downloaded = (what) => {
    $("bundle-notice").hidden = false;
    $("bundle-notice").textContent = "已下载 Downloaded: " + what;
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
