// Shared by every page: reading the API (in the page's language) and rendering an attestation
// and a ledger status. Needs i18n.js. Server data is only ever written with textContent, never as HTML.
"use strict";

/** An error answered by the API as problem+json, keeping its machine-readable reason. */
class ApiProblem extends Error {
  constructor(status, body) {
    super((body && (body.detail || body.title)) || ("HTTP " + status));
    this.status = status;
    this.body = body || {};
    this.reason = this.body.reason || ("HTTP_" + status);
  }
}

/**
 * fetch() in the page's language that returns parsed JSON or throws an ApiProblem; it answers once
 * the display names are known too, so what it returns can be shown with them.
 */
async function apiFetch(url, options) {
  const headers = Object.assign({ Accept: "application/json, application/problem+json", "Accept-Language": LANG },
    (options || {}).headers);
  const response = await fetch(url, Object.assign({}, options, { headers }));
  const type = response.headers.get("Content-Type") || "";
  const body = type.includes("json") ? await response.json() : null;
  await namesLoaded;
  if (!response.ok) {
    throw new ApiProblem(response.status, body);
  }
  return body;
}

/** Shows an error, with its machine-readable reason when the API gave one, in the given element. */
function showProblem(element, error) {
  element.hidden = false;
  element.replaceChildren();
  if (error.reason) {
    const strong = document.createElement("strong");
    strong.textContent = error.reason;
    strong.className = "reason";
    element.append(strong, document.createTextNode(": "));
  }
  element.append(document.createTextNode(error.message));
  // The service's own explanation (ids, states) under its words for people.
  if (error.body && error.body.cause) {
    const cause = document.createElement("small");
    cause.className = "cause";
    cause.textContent = error.body.cause;
    element.append(document.createElement("br"), cause);
  }
}

function fact(dl, label, value, className) {
  const dt = document.createElement("dt");
  dt.textContent = label;
  const dd = document.createElement("dd");
  dd.textContent = value;
  if (className) {
    dd.className = className;
  }
  dl.append(dt, dd);
  return dd;
}

function fixed(value, digits) {
  return typeof value === "number" ? value.toFixed(digits) : "–";
}

/** Renders the decision and evidence of an attestation into a container. */
function renderAttestation(container, attestation) {
  container.replaceChildren();
  const decision = document.createElement("div");
  decision.id = "decision";
  decision.className = "decision " + attestation.decision;
  decision.dataset.decision = attestation.decision;
  decision.textContent = label("decision", attestation.decision) + " " + attestation.decision;
  const dl = document.createElement("dl");
  dl.className = "facts";
  fact(dl, t("att.reasons"), attestation.reasons.length ? attestation.reasons.join(", ") : "–").id = "reasons";
  fact(dl, t("att.similarity"), fixed(attestation.scores.similarity, 3)).id = "similarity";
  fact(dl, t("att.threshold"), fixed(attestation.threshold, 3)).id = "threshold";
  fact(dl, t("att.fmr"), String(attestation.falseMatchRate));
  fact(dl, t("att.passive"), fixed(attestation.scores.passiveLiveness, 3));
  fact(dl, t("att.model"), attestation.model.id + " " + attestation.model.version).id = "model";
  fact(dl, t("att.modelSha"), attestation.model.sha256);
  if (attestation.model.set) {
    fact(dl, t("att.modelSet"), attestation.model.set).id = "model-set";
    fact(dl, t("att.licence"), attestation.model.licence).id = "model-licence";
  }
  fact(dl, t("att.id"), attestation.id).id = "attestation-id";
  const record = attestation.record || {};
  if (record.org) {
    markOrg(fact(dl, t("verify.issuer"), orgName(record.org)), record.org).id = "attestation-org";
  }
  if (record.time) {
    fact(dl, t("f.time"), formatTime(record.time)).id = "attestation-time";
  }
  const ledger = document.createElement("dl");
  ledger.className = "facts";
  ledger.id = "ledger";
  renderLedger(ledger, attestation.ledger);
  container.append(decision, dl, ledger);
}

/** Renders (or re-renders) the ledger status of an attestation. */
function renderLedger(dl, ledger) {
  dl.replaceChildren();
  const status = fact(dl, t("f.ledgerStatus"), label("ledger", ledger.status), "ledger-" + ledger.status);
  status.id = "ledger-status";
  status.dataset.status = ledger.status;
  if (ledger.txId) {
    fact(dl, t("f.txId"), ledger.txId).id = "tx-id";
  }
  if (ledger.batchId) {
    fact(dl, t("f.batchId"), ledger.batchId).id = "batch-id";
  }
  if (ledger.reason) {
    fact(dl, t("f.detail"), ledger.reason);
  }
}

/**
 * Reads a resource that carries a record's ledger status until that status is final (COMMITTED or
 * FAILED), calling back on every answer; gives up quietly after the given time, leaving the last
 * status shown.
 */
async function pollUntilSettled(read, onUpdate, timeoutMs) {
  const deadline = Date.now() + (timeoutMs || 120000);
  let delay = 500;
  while (Date.now() < deadline) {
    const resource = await read();
    onUpdate(resource);
    if (resource.ledger.status === "COMMITTED" || resource.ledger.status === "FAILED") {
      return resource;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 4000);
  }
  return null;
}

/** Polls an attestation until its ledger status is final (see pollUntilSettled). */
async function pollLedger(id, onUpdate, timeoutMs) {
  return pollUntilSettled(() => apiFetch("/api/identity/checks/" + encodeURIComponent(id)), onUpdate, timeoutMs);
}
