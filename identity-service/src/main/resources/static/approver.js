// The home region's approver: open a case by id; approve, reject or request more material, with
// an optional note attached as its hash (the note itself stays off the ledger).
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  mountLogin();
  const caseId = () => $("caseIdInput").value.trim();
  const decide = (action) => guarded(async () => {
    const note = $("note").value.trim();
    const body = note ? { attachments: [{ label: action + "-note", alg: "sha256",
      hash: await sha256Hex(new Blob([note])) }] } : {};
    await api("POST", "/api/cases/" + encodeURIComponent(caseId()) + "/" + action, body);
    return pollCase(caseId(), $("case"));
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
