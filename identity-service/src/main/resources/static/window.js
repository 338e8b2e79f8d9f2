// The accepting window: receive with what a clerk has (the item picked from the catalogue, the
// applicant's kiosk check or ID card, the materials hashed in the browser), forward, issue, close,
// and the certificate of an issued case: upload, suspend, reinstate, revoke.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const ATTESTATION = /^att-/;

  // The catalogue: every item of every agreement in force, each with its agreement's regions, read
  // once a person has signed in (agreements are not public). The clerk picks an item by its title;
  // its agreement, time limit, home-region rule and materials come with it.
  let catalogue = [];
  let self = null;
  const chosen = () => ($("item").value === "" ? null : catalogue[Number($("item").value)] || null);
  const loadCatalogue = async () => {
    await namesLoaded;
    const ids = Object.keys(names.agreements || {});
    const [details, key] = await Promise.all([
      Promise.all(ids.map((id) => api("GET", "/api/agreements/" + encodeURIComponent(id)))), api("GET", "/api/signing-key")]);
    self = key.org;
    const before = chosen();
    catalogue = [];
    for (const a of details.filter((d) => d.current)) {
      const regions = a.current.terms.members.filter((m) => m.role === "REGION").map((m) => m.mspId);
      for (const item of a.current.terms.items) {
        catalogue.push({ agreementId: a.agreementId, version: a.activeVersion, item, regions });
      }
    }
    const select = $("item");
    select.replaceChildren(new Option(t("window.chooseItem"), ""));
    const groups = new Map();
    catalogue.forEach((entry, i) => {
      let parent = select;
      // Two agreements may offer the same item: the agreement names the group then.
      if (ids.length > 1) {
        if (!groups.has(entry.agreementId)) {
          const group = document.createElement("optgroup");
          group.label = t("f.agreement") + " " + entry.agreementId;
          groups.set(entry.agreementId, group);
          select.append(group);
        }
        parent = groups.get(entry.agreementId);
      }
      const option = new Option(itemTitle(entry.item.code), String(i));
      option.dataset.item = entry.item.code;
      option.dataset.agreement = entry.agreementId;
      parent.append(option);
    });
    const again = before ? catalogue.findIndex((e) => e.agreementId === before.agreementId
      && e.item.code === before.item.code) : -1;
    select.value = again >= 0 ? String(again) : "";
    showItem();
  };

  // The home regions are the regions of the chosen item's agreement (of the first agreement until
  // an item is chosen), named, never typed: the clerk picks the one the item's rule points to. The
  // choice is kept while it is still a region, else the first region that is not this instance's.
  const fillHomeRegions = (entry) => {
    const select = $("homeOrg");
    if (!entry) {
      return;
    }
    const before = select.value;
    select.replaceChildren(...entry.regions.map((m) => new Option(orgName(m), m)));
    const other = entry.regions.find((m) => m !== self);
    select.value = entry.regions.includes(before) ? before : (other || entry.regions[0]);
    select.dataset.version = String(entry.version);
    select.dataset.agreement = entry.agreementId;
  };

  // One row per material of the item's catalogue entry, each with its own file: the file is hashed
  // here and only the hash is sent, under the material's code.
  const hashes = new Map();
  const materialRows = (entry) => {
    hashes.clear();
    const table = $("material-hashes");
    table.dataset.count = "0";
    const rows = table.tBodies[0];
    rows.replaceChildren();
    if (!entry) {
      return;
    }
    const titles = names.materials[entry.item.code] || {};
    for (const m of materialCodes(entry.item.materials)) {
      const tr = rows.insertRow();
      tr.dataset.code = m.code;
      tr.insertCell().textContent = titles[m.code] || m.title;
      const file = document.createElement("input");
      file.type = "file";
      file.id = "material-file-" + m.code;
      file.className = "material-file";
      tr.insertCell().append(file);
      const hash = tr.insertCell();
      hash.id = "material-hash-" + m.code;
      hash.textContent = t("window.notProvided");
      file.addEventListener("change", () => guarded(async () => {
        hashes.delete(m.code);
        hash.textContent = t("window.notProvided");
        tr.dataset.hashed = "false";
        if (file.files.length) {
          const hex = await sha256Hex(file.files[0]);
          hashes.set(m.code, hex);
          hash.textContent = hex;
          tr.dataset.hashed = "true";
        }
        table.dataset.count = String(hashes.size);
      }));
    }
  };

  const showItem = () => {
    const entry = chosen();
    fillHomeRegions(entry || catalogue[0]);
    materialRows(entry);
    const facts = $("item-facts");
    facts.replaceChildren();
    facts.hidden = !entry;
    $("home-rule").hidden = !entry;
    if (!entry) {
      return;
    }
    const code = entry.item.code;
    itemFact(facts, code).id = "item-title";
    const rule = names.homeRules[code] || entry.item.homeRule;
    fact(facts, t("window.homeRule"), rule).id = "item-home-rule";
    const limit = fact(facts, t("window.timeLimit"), t("audit.workingDays", entry.item.timeLimitDays));
    limit.id = "item-time-limit";
    limit.dataset.days = String(entry.item.timeLimitDays);
    const titles = names.materials[code] || {};
    fact(facts, t("window.requiredMaterials"), materialCodes(entry.item.materials)
      .map((m) => titles[m.code] || m.title).join(t("list.separator"))).id = "item-materials";
    $("home-rule").textContent = t("window.homeRuleHint", rule);
  };
  $("item").addEventListener("change", showItem);

  // The applicant: the kiosk's identity check (its QR code scanned or pictured, or its id typed), or
  // the ID card number where there is none. The number is sent with the filing and nowhere else:
  // not stored by the page, not in the address, and cleared once the case is received.
  const clearIdNumber = () => {
    $("idNumber").value = "";
  };
  const showCheck = async (raw) => {
    const id = (raw || "").trim();
    const box = $("applicant-check");
    box.replaceChildren();
    if (!id) {
      return;
    }
    let check;
    try {
      check = await apiFetch("/api/identity/checks/" + encodeURIComponent(id));
    } catch (e) {
      // A check made at another instance is judged from the ledger when the case is received.
      const note = document.createElement("p");
      note.className = "hint";
      note.id = "applicant-check-elsewhere";
      note.textContent = t("window.checkElsewhere");
      box.append(note);
      return;
    }
    const line = document.createElement("p");
    line.id = "applicant-check-summary";
    line.className = "decision-line " + check.decision;
    line.dataset.decision = check.decision;
    line.dataset.ledger = check.ledger.status;
    const record = check.record && check.record.record ? check.record.record : {};
    line.textContent = t("window.checkOf", label("decision", check.decision), formatTime(record.time),
      label("ledger", check.ledger.status));
    box.append(line);
  };
  const useCheck = (id) => {
    $("attestationId").value = id;
    return showCheck(id);
  };
  const useQrText = (text) => {
    const id = text ? idFromQr(text).trim() : "";
    if (!text) {
      throw new ApiProblem(422, { reason: "NO_QR_CODE", detail: t("error.noQr") });
    }
    if (!ATTESTATION.test(id)) {
      throw new ApiProblem(422, { reason: "NOT_A_CHECK", detail: t("error.notCheckQr") });
    }
    return useCheck(id);
  };
  const useQrFile = async (file) => {
    if (!file) {
      return null;
    }
    return useQrText(await decodeQrFile(file));
  };
  $("attestationId").addEventListener("change", () => showCheck($("attestationId").value));
  $("attestationQr").addEventListener("change", () => guarded(() => useQrFile($("attestationQr").files[0])));
  const scanner = qrScanner($("scanner"), $("scan-video"));
  $("scan-attestation").addEventListener("click", () => guarded(async () => {
    const text = await scanner.start();
    return text === null ? null : useQrText(text);
  }));
  $("scan-stop").addEventListener("click", scanner.stop);
  onFileDrop($("attestation-drop"), (file) => guarded(() => useQrFile(file)));
  window.addEventListener("pagehide", clearIdNumber);

  mountLogin((signedIn) => {
    if (signedIn) {
      guarded(loadCatalogue);
    } else {
      clearIdNumber();
    }
  });
  fillReasons($("statusReason"), "—");

  // This site's windows and the certificate types its region issues, by name: the codes are what
  // the records carry, never what a clerk types. The window a clerk last chose stays chosen on this
  // browser, since a clerk works at one window.
  const WINDOW_KEY = "alliance.window";
  const fillSiteChoices = () => {
    const fill = (select, entries, chosen) => {
      select.replaceChildren(...Object.entries(entries).map(([code, name]) => new Option(name, code)));
      if (chosen && entries[chosen]) {
        select.value = chosen;
      }
    };
    fill($("window"), names.windows || {}, localStorage.getItem(WINDOW_KEY));
    fill($("typeCode"), names.certificateTypes || {}, $("typeCode").value);
  };
  namesLoaded.then(fillSiteChoices);
  $("window").addEventListener("change", () => localStorage.setItem(WINDOW_KEY, $("window").value));
  // A case's item proposes its certificate type where the site names one.
  const proposeType = (view) => {
    const type = (names.itemCertificateTypes || {})[view.itemCode];
    if (type && (names.certificateTypes || {})[type]) {
      $("typeCode").value = type;
    }
    return view;
  };

  const caseId = () => $("caseIdInput").value.trim();
  const show = (view) => {
    $("caseIdInput").value = view.caseId;
    return pollCase(view.caseId, $("case")).then(proposeType);
  };
  const step = (action, body) => guarded(() => takeStep(caseId(), action, body || {}, $("case")));

  /** The filing as the form has it; what is missing is said before anything is sent. */
  const filing = () => {
    const entry = chosen();
    if (!entry) {
      throw new ApiProblem(400, { reason: "MISSING_FIELD", detail: t("error.chooseItem"), field: "item" });
    }
    const attestationId = $("attestationId").value.trim();
    const idNumber = $("idNumber").value.trim();
    if (!attestationId && !idNumber) {
      throw new ApiProblem(400, { reason: "MISSING_FIELD", detail: t("error.noApplicant"), field: "attestationId" });
    }
    const request = {
      agreementId: entry.agreementId,
      itemCode: entry.item.code,
      homeOrg: $("homeOrg").value,
      materials: [...hashes].map(([code, hash]) => ({ label: code, alg: "sha256", hash })),
      assisted: $("assisted").checked,
    };
    if (attestationId) {
      request.attestationId = attestationId;
    }
    if (idNumber) {
      request.idNumber = idNumber;
    }
    return request;
  };
  $("receive").addEventListener("click", () => guarded(async () => {
    document.querySelectorAll("#receive-section [aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
    let view;
    try {
      const request = filing();
      try {
        view = await api("POST", "/api/cases", request);
      } catch (e) {
        // The ledger has no record by that id: say it is the check that is unknown.
        if (e.reason === "UNKNOWN_RECORD" && request.attestationId) {
          throw new ApiProblem(e.status, Object.assign({}, e.body, { field: "attestationId",
            detail: t("error.unknownCheck", request.attestationId) }));
        }
        throw e;
      }
    } catch (e) {
      const field = e.body && e.body.field ? $(e.body.field) : null;
      if (field) {
        field.setAttribute("aria-invalid", "true");
      }
      throw e;
    }
    clearIdNumber();
    $("attestationId").value = "";
    $("applicant-check").replaceChildren();
    $("attestationQr").value = "";
    materialRows(chosen());
    return show(view);
  }));
  $("load").addEventListener("click", () => guarded(() => pollCase(caseId(), $("case")).then(proposeType)));
  $("forward").addEventListener("click", () => step("forward"));
  $("issue").addEventListener("click", () => step("issue", { window: $("window").value }));
  $("close").addEventListener("click", () => step("close"));

  const certificateId = () => $("certificateIdInput").value.trim();
  const showCertificate = async (id) => {
    $("certificateIdInput").value = id;
    renderVerdict($("certificate"), await api("GET", "/api/certificates/" + encodeURIComponent(id) + "/status"));
  };
  $("issue-certificate").addEventListener("click", () => guarded(async () => {
    const form = new FormData();
    form.append("caseId", caseId());
    form.append("typeCode", $("typeCode").value);
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
