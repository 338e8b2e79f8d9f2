// The accepting window: receive (materials hashed in the browser), forward, issue, close, and the
// certificate of an issued case: upload, suspend, reinstate, revoke.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const materials = [];
  mountLogin();

  $("materials").addEventListener("change", async () => {
    materials.length = 0;
    const rows = $("material-hashes").tBodies[0];
    rows.replaceChildren();
    for (const file of $("materials").files) {
      const hash = await sha256Hex(file);
      materials.push({ label: file.name, alg: "sha256", hash });
      const tr = rows.insertRow();
      tr.insertCell().textContent = file.name;
      tr.insertCell().textContent = hash;
    }
    $("material-hashes").dataset.count = String(materials.length);
  });

  const caseId = () => $("caseIdInput").value.trim();
  const show = (view) => {
    $("caseIdInput").value = view.caseId;
    return pollCase(view.caseId, $("case"));
  };
  const step = (action, body) => guarded(async () =>
    show(await api("POST", "/api/cases/" + encodeURIComponent(caseId()) + "/" + action, body || {})));

  $("receive").addEventListener("click", () => guarded(async () => {
    const request = {
      agreementId: $("agreementId").value.trim(),
      itemCode: $("itemCode").value.trim(),
      homeOrg: $("homeOrg").value,
      materials: materials.slice(),
      assisted: $("assisted").checked,
    };
    if ($("attestationId").value.trim()) {
      request.attestationId = $("attestationId").value.trim();
    }
    if ($("subjectRef").value.trim()) {
      request.subjectRef = $("subjectRef").value.trim();
    }
    return show(await api("POST", "/api/cases", request));
  }));
  $("load").addEventListener("click", () => guarded(() => pollCase(caseId(), $("case"))));
  $("forward").addEventListener("click", () => step("forward"));
  $("issue").addEventListener("click", () => step("issue", { window: $("window").value.trim() }));
  $("close").addEventListener("click", () => step("close"));

  const certificateId = () => $("certificateIdInput").value.trim();
  const showCertificate = async (id) => {
    $("certificateIdInput").value = id;
    renderVerdict($("certificate"), await api("GET", "/api/certificates/" + encodeURIComponent(id) + "/status"));
  };
  $("issue-certificate").addEventListener("click", () => guarded(async () => {
    const form = new FormData();
    form.append("caseId", caseId());
    form.append("typeCode", $("typeCode").value.trim());
    if ($("certificateFile").files.length) {
      form.append("file", $("certificateFile").files[0]);
    }
    const issued = await api("POST", "/api/certificates", form);
    $("certificateIdInput").value = issued.certificateId;
    const note = document.createElement("p");
    note.id = "certificate-issued";
    note.className = "notice";
    note.textContent = "已签发，待上链 Issued, waiting for the ledger: " + issued.certificateId;
    $("certificate").replaceChildren(note);
  }));
  const changeStatus = (action) => guarded(async () => {
    const body = $("statusReason").value.trim() ? { reason: $("statusReason").value.trim() } : {};
    await api("POST", "/api/certificates/" + encodeURIComponent(certificateId()) + "/" + action, body);
    await showCertificate(certificateId());
  });
  $("certificate-refresh").addEventListener("click", () => guarded(() => showCertificate(certificateId())));
  $("suspend").addEventListener("click", () => changeStatus("suspend"));
  $("reinstate").addEventListener("click", () => changeStatus("reinstate"));
  $("revoke").addEventListener("click", () => changeStatus("revoke"));

  const fromLink = new URLSearchParams(location.search).get("case");
  if (fromLink) {
    $("caseIdInput").value = fromLink;
  }
})();
