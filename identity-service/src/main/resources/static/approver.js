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
  // page while its bookmark goes on (it scans the ledger a bounded amount per request).
  let nextWaiting = "";
  const loadWaiting = async (bookmark) => {
    const page = await api("GET", "/api/cases?state=FORWARDED&role=home&pageSize=20&bookmark="
      + encodeURIComponent(bookmark || ""));
    const rows = page.cases.map((c) => [c.caseId, itemTitle(c.itemCode), orgName(c.acceptingOrg), label("case", c.state),
      formatTime(c.receivedAt), ""]);
    $("waiting").replaceChildren(table("waiting-table",
      [t("verify.case"), t("f.item"), t("f.acceptingRegion"), t("f.state"), t("approver.received"), ""], rows, (tr, i) => {
        const id = page.cases[i].caseId;
        tr.dataset.caseId = id;
        tr.dataset.org = page.cases[i].acceptingOrg;
        tr.cells[tr.cells.length - 1].append(button(t("approver.open"), "open-" + id, "secondary", () => open(id)));
      }));
    nextWaiting = page.bookmark;
    $("more-waiting").hidden = !nextWaiting;
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
    await api("POST", "/api/cases/" + encodeURIComponent(caseId()) + "/" + action, body);
    await pollCase(caseId(), $("case"));
    return loadWaiting("");
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
