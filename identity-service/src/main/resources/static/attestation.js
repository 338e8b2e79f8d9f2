// Shared by kiosk.html and verify.html: reading the API and rendering an attestation.
// Server data is only ever written with textContent, never as HTML.
"use strict";

const DECISION_LABELS = { ACCEPTED: "通过 ACCEPTED", REJECTED: "未通过 REJECTED" };
const LEDGER_LABELS = {
  PENDING: "等待上链 Pending", SUBMITTED: "提交中 Submitted",
  COMMITTED: "已上链 Committed", FAILED: "上链失败 Failed",
};

/** An error answered by the API as problem+json, keeping its machine-readable reason. */
class ApiProblem extends Error {
  constructor(status, body) {
    super((body && (body.detail || body.title)) || ("HTTP " + status));
    this.status = status;
    this.body = body || {};
    this.reason = this.body.reason || ("HTTP_" + status);
  }
}

/** fetch() that returns parsed JSON or throws an ApiProblem. */
async function apiFetch(url, options) {
  const response = await fetch(url, Object.assign({ headers: { Accept: "application/json, application/problem+json" } }, options));
  const type = response.headers.get("Content-Type") || "";
  const body = type.includes("json") ? await response.json() : null;
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
  decision.textContent = DECISION_LABELS[attestation.decision] || attestation.decision;
  const dl = document.createElement("dl");
  dl.className = "facts";
  fact(dl, "原因 Reasons", attestation.reasons.length ? attestation.reasons.join(", ") : "–").id = "reasons";
  fact(dl, "相似度 Similarity", fixed(attestation.scores.similarity, 3)).id = "similarity";
  fact(dl, "阈值 Threshold", fixed(attestation.threshold, 3)).id = "threshold";
  fact(dl, "误识率 False-match rate", String(attestation.falseMatchRate));
  fact(dl, "活体分 Passive liveness", fixed(attestation.scores.passiveLiveness, 3));
  fact(dl, "模型 Model", attestation.model.id + " " + attestation.model.version).id = "model";
  fact(dl, "模型摘要 Model SHA-256", attestation.model.sha256);
  fact(dl, "核验编号 Attestation id", attestation.id).id = "attestation-id";
  const ledger = document.createElement("dl");
  ledger.className = "facts";
  ledger.id = "ledger";
  renderLedger(ledger, attestation.ledger);
  container.append(decision, dl, ledger);
}

/** Renders (or re-renders) the ledger status of an attestation. */
function renderLedger(dl, ledger) {
  dl.replaceChildren();
  const status = fact(dl, "账本状态 Ledger status", LEDGER_LABELS[ledger.status] || ledger.status, "ledger-" + ledger.status);
  status.id = "ledger-status";
  status.dataset.status = ledger.status;
  if (ledger.txId) {
    fact(dl, "交易 Transaction id", ledger.txId).id = "tx-id";
  }
  if (ledger.batchId) {
    fact(dl, "批次 Batch id", ledger.batchId).id = "batch-id";
  }
  if (ledger.reason) {
    fact(dl, "说明 Detail", ledger.reason);
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
