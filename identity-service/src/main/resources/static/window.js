// The accepting window: receive (materials hashed in the browser), forward, issue, close, and the
// certificate of an issued case: upload, suspend, reinstate, revoke.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const materials = [];
  // The home regions are the agreement's regions in force, so a region admitted by an amendment
  // can be chosen; the page's own list stands until the agreement is read, and stays if it cannot
  // be (the receive then reports what is wrong). The selection is kept while it is still a region,
  // else the first region that is not this instance's own org.
  const homeRegions = async () => {
    const agreementId = $("agreementId").value.trim();
    let agreement;
    let self;
    try {
      [agreement, self] = await Promise.all([
        api("GET", "/api/agreements/" + encodeURIComponent(agreementId)), api("GET", "/api/signing-key")]);
    } catch (e) {
      console.warn("home regions: the page's list stands: " + e.message);
      return;
    }
    const regions = (agreement.current ? agreement.current.terms.members : []).filter((m) => m.role === "REGION");
    if (!regions.length) {
      return;
    }
    const select = $("homeOrg");
    const chosen = select.value;
    select.replaceChildren(...regions.map((m) => new Option(orgName(m.mspId), m.mspId)));
    const keep = regions.some((m) => m.mspId === chosen);
    const other = regions.find((m) => m.mspId !== self.org);
    select.value = keep ? chosen : (other || regions[0]).mspId;
    select.dataset.version = String(agreement.activeVersion);
  };
  mountLogin((signedIn) => {
    if (signedIn) {
      homeRegions();
    }
  });
  $("agreementId").addEventListener("change", homeRegions);

  for (const option of $("homeOrg").options) {
    option.textContent = orgName(option.value);
  }
  namesLoaded.then(() => {
    for (const option of $("homeOrg").options) {
      option.textContent = orgName(option.value);
    }
  });
  fillReasons($("statusReason"), "—");
  // The item's catalogue materials, from the agreement in force; each file is labelled with one.
  const catalogueMaterials = async () => {
    const agreement = await api("GET", "/api/agreements/" + encodeURIComponent($("agreementId").value.trim()));
    const item = (agreement.current ? agreement.current.terms.items : [])
      .find((i) => i.code === $("itemCode").value.trim());
    const titles = names.materials[$("itemCode").value.trim()] || {};
    return materialCodes(item ? item.materials : []).map((c) => ({ code: c.code, title: titles[c.code] || c.title }));
  };
  $("materials").addEventListener("change", () => guarded(async () => {
    materials.length = 0;
    const rows = $("material-hashes").tBodies[0];
    rows.replaceChildren();
    const choices = await catalogueMaterials();
    let i = 0;
    for (const file of $("materials").files) {
      const entry = { label: choices.length ? choices[Math.min(i, choices.length - 1)].code : "", alg: "sha256",
        hash: await sha256Hex(file) };
      materials.push(entry);
      const tr = rows.insertRow();
      tr.insertCell().textContent = file.name;
      const select = document.createElement("select");
      select.className = "material-code";
      for (const c of choices) {
        select.append(new Option(c.title + " (" + c.code + ")", c.code));
      }
      select.value = entry.label;
      select.addEventListener("change", () => { entry.label = select.value; });
      tr.insertCell().append(select);
      tr.insertCell().textContent = entry.hash;
      i++;
    }
    $("material-hashes").dataset.count = String(materials.length);
  }));

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
    note.textContent = t("window.issued", issued.certificateId);
    $("certificate").replaceChildren(note);
  }));
  const changeStatus = (action) => guarded(async () => {
    const body = {};
    if ($("statusReason").value) {
      body.reason = $("statusReason").value;
    }
    if ($("statusNote").value.trim()) {
      body.note = $("statusNote").value.trim();
    }
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
