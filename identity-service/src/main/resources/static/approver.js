// The home region's approver: the cases waiting for this region's decision, each opened with one
// click, or a case opened by id; approve, reject or request more material, with an optional comment:
// a code from the fixed list and words, which the service keeps off the ledger (the step records
// the code and the words' hash).
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const caseId = () => $("caseIdInput").value.trim();
  const open = (id) => guarded(() => {
    $("caseIdInput").value = id;
    return pollCase(id, $("case"));
  });
  // One page of the forwarded cases whose home region is this one; the server may return a short
  // page while its bookmark goes on (it scans the ledger a bounded amount per request). A case
  // decided here leaves the list at once: the list is read from the ledger, which may not have the
  // decision yet, so it is left out until the list itself no longer has it.
  let nextWaiting = "";
  const decided = new Set();
  const loadWaiting = async (bookmark) => {
    const page = await api("GET", "/api/cases?state=FORWARDED&role=home&pageSize=20&bookmark="
      + encodeURIComponent(bookmark || ""));
    const listed = new Set(page.cases.map((c) => c.caseId));
    if (!bookmark) {
      [...decided].filter((id) => !listed.has(id)).forEach((id) => decided.delete(id));
    }
    const cases = page.cases.filter((c) => !decided.has(c.caseId));
    const rows = cases.map((c) => [c.caseId, itemTitle(c.itemCode), orgName(c.acceptingOrg), label("case", c.state),
      formatTime(c.receivedAt), ""]);
    $("waiting").replaceChildren(table("waiting-table",
      [t("verify.case"), t("f.item"), t("f.acceptingRegion"), t("f.state"), t("approver.received"), ""], rows, (tr, i) => {
        const id = cases[i].caseId;
        tr.dataset.caseId = id;
        tr.dataset.org = cases[i].acceptingOrg;
        tr.cells[tr.cells.length - 1].append(button(t("approver.open"), "open-" + id, "secondary", () => open(id)));
      }));
    nextWaiting = page.bookmark;
    $("more-waiting").hidden = !nextWaiting;
  };
  const leaveWorklist = (id) => {
    decided.add(id);
    const row = document.querySelector("#waiting-table tr[data-case-id=\"" + CSS.escape(id) + "\"]");
    if (row) {
      row.remove();
    }
  };
  mountLogin((signedIn) => {
    if (signedIn) {
      guarded(() => loadWaiting(""));
    } else {
      $("waiting").replaceChildren();
      $("more-waiting").hidden = true;
    }
  });
  $("refresh-waiting").addEventListener("click", () => guarded(() => loadWaiting("")));
  $("more-waiting").addEventListener("click", () => guarded(() => loadWaiting(nextWaiting)));
  fillReasons($("noteReason"), "—");
  const decide = (action) => guarded(async () => {
    const body = {};
    if ($("noteReason").value) {
      body.reason = $("noteReason").value;
    }
    if ($("note").value.trim()) {
      body.note = $("note").value.trim();
    }
    const id = caseId();
    return takeStep(id, action, body, $("case"), () => leaveWorklist(id));
  });
  $("load").addEventListener("click", () => guarded(() => pollCase(caseId(), $("case"))));
  $("approve").addEventListener("click", () => decide("approve"));
  $("reject").addEventListener("click", () => decide("reject"));
  $("request-material").addEventListener("click", () => decide("request-material"));
  const fromLink = new URLSearchParams(location.search).get("case");
  if (fromLink) {
    $("caseIdInput").value = fromLink;
  }
})();
