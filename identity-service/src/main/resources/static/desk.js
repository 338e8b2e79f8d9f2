// Shared by the staff pages (window, approver, audit) and the public certificate page: HTTP Basic
// credentials from a sign-in form kept in sessionStorage (the API is stateless Basic, so nothing
// outlives the browser tab), API calls with them, file hashing in the browser, and rendering of
// cases and tables. Needs attestation.js (apiFetch, ApiProblem, showProblem, fact, renderLedger).
// Server data is only ever written with textContent, never as HTML.
"use strict";

const CREDENTIALS_KEY = "alliance.credentials";
const CASE_STATES = {
  RECEIVED: "已收件 Received", FORWARDED: "已寄件 Forwarded", APPROVED: "已批准 Approved",
  REJECTED: "不予批准 Rejected", MATERIAL_REQUESTED: "补正材料 Material requested",
  ISSUED: "已出件 Issued", CLOSED: "已办结 Closed",
};
const CERTIFICATE_STATES = {
  VALID: "有效 VALID", SUSPENDED: "已中止 SUSPENDED", REVOKED: "已撤销 REVOKED", UNKNOWN: "未知 UNKNOWN",
};

// The fixed list of reasons a record may give (ledger-core's ReasonCode). Only the code goes on the
// ledger; a note in words goes to the service, which keeps it off the ledger and records its hash.
const REASON_CODES = {
  LOST: "遗失 Lost", DAMAGED: "损毁 Damaged", HOLDER_REQUEST: "持证人申请 Holder's request",
  ISSUED_IN_ERROR: "错误签发 Issued in error", DATA_CORRECTED: "数据更正 Data corrected",
  FRAUD_SUSPECTED: "涉嫌欺诈 Fraud suspected", AUTHORITY_ORDER: "有权机关决定 Authority order",
  SUPERSEDED: "已换发 Superseded", RECOVERED: "已找回/已澄清 Recovered", MATERIAL_INCOMPLETE: "材料不全 Material incomplete",
  NOT_ELIGIBLE: "不符合条件 Not eligible", NOT_VERIFIABLE: "无法核验 Not verifiable",
  RESULT_NOT_VALID: "结果已失效 Result not valid", ITEM_NOT_EQUIVALENT: "事项不对应 Item not equivalent",
  AS_FILED: "按申请办理 As filed", OTHER: "其他 Other",
};

// Fills a <select> with the reason codes, after an optional empty choice.
function fillReasons(select, emptyLabel) {
  if (emptyLabel !== undefined) {
    select.append(new Option(emptyLabel, ""));
  }
  for (const [code, label] of Object.entries(REASON_CODES)) {
    select.append(new Option(label + " (" + code + ")", code));
  }
}

// The codes by which records name a catalogue item's materials, as CatalogueItem.materialCodes
// computes them (the rules refuse any other label): the title's ASCII letters and digits in lower
// case, other runs as one "-", at most 64 characters; "material-N" for a title without any.
function materialCodes(titles) {
  return titles.map((title, i) => {
    let slug = title.normalize("NFKC").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    if (slug.length > 64) {
      slug = slug.substring(0, 64).replace(/-+$/, "");
    }
    return { code: slug || "material-" + (i + 1), title };
  });
}

function credentials() {
  const stored = sessionStorage.getItem(CREDENTIALS_KEY);
  return stored ? JSON.parse(stored) : null;
}

/** The Basic header for the signed-in person; UTF-8 encoded, as btoa only takes Latin-1. */
function authorization() {
  const c = credentials();
  if (!c) {
    return {};
  }
  const bytes = new TextEncoder().encode(c.user + ":" + c.password);
  return { Authorization: "Basic " + btoa(String.fromCharCode(...bytes)) };
}

/**
 * Mounts the sign-in form into #login: a user and password kept for this tab only, then calls
 * onChange so the page can show or hide what needs a person.
 */
function mountLogin(onChange) {
  const box = document.getElementById("login");
  const render = () => {
    box.replaceChildren();
    const c = credentials();
    if (c) {
      const who = document.createElement("span");
      who.id = "signed-in";
      who.textContent = "已登录 Signed in: " + c.user;
      const out = button("退出 Sign out", "sign-out", "secondary", () => {
        sessionStorage.removeItem(CREDENTIALS_KEY);
        render();
      });
      box.append(who, out);
    } else {
      const form = document.createElement("form");
      form.id = "login-form";
      form.className = "login";
      form.append(input("login-user", "用户 User", "text"), input("login-password", "密码 Password", "password"));
      const submit = document.createElement("button");
      submit.type = "submit";
      submit.id = "login-submit";
      submit.textContent = "登录 Sign in";
      form.append(submit);
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        sessionStorage.setItem(CREDENTIALS_KEY, JSON.stringify({
          user: document.getElementById("login-user").value.trim(),
          password: document.getElementById("login-password").value,
        }));
        render();
      });
      box.append(form);
    }
    if (onChange) {
      onChange(credentials());
    }
  };
  render();
}

function input(id, label, type) {
  const wrap = document.createElement("label");
  wrap.textContent = label;
  const field = document.createElement("input");
  field.id = id;
  field.type = type;
  field.autocomplete = "off";
  wrap.append(field);
  return wrap;
}

function button(text, id, className, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.id = id;
  b.textContent = text;
  if (className) {
    b.className = className;
  }
  b.addEventListener("click", onClick);
  return b;
}

/** Calls the API as the signed-in person: a JSON body, FormData as multipart, or no body. */
async function api(method, path, body, extraHeaders) {
  const headers = Object.assign({ Accept: "application/json, application/problem+json" }, authorization(), extraHeaders);
  const options = { method, headers };
  if (body instanceof FormData) {
    options.body = body;
  } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  return apiFetch(path, options);
}

/**
 * Runs an action, showing its error (with the API's reason) in #error, or in the element with the
 * given id for a section that shows its own errors, and clearing it on success.
 */
async function guarded(action, errorId) {
  const error = document.getElementById(errorId || "error");
  error.hidden = true;
  try {
    return await action();
  } catch (e) {
    showProblem(error, e);
    error.dataset.reason = e.reason || "";
    return null;
  }
}

/** The lowercase hex SHA-256 of a file, computed in the browser: the file itself is never sent. */
async function sha256Hex(file) {
  return toHex(await crypto.subtle.digest("SHA-256", await file.arrayBuffer()));
}

/** Lowercase hex of an ArrayBuffer or Uint8Array. */
function toHex(bytes) {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The facts every view of a case starts with: id, state, item and both regions. Their element ids
 * carry a prefix (PREFIX-id, PREFIX-state, PREFIX-home-org), so two case views can share a page.
 */
function caseHeadFacts(dl, view, prefix) {
  fact(dl, "案件编号 Case id", view.caseId).id = prefix + "-id";
  const state = fact(dl, "状态 State", CASE_STATES[view.state] || view.state, "state-" + view.state);
  state.id = prefix + "-state";
  state.dataset.state = view.state;
  fact(dl, "事项 Item", view.itemCode);
  fact(dl, "收件地 Accepting region", view.acceptingOrg);
  fact(dl, "审批地 Home region", view.homeOrg).id = prefix + "-home-org";
}

/** Renders a case and its steps, each with its ledger status, into a container. */
function renderCase(container, view) {
  container.replaceChildren();
  const dl = document.createElement("dl");
  dl.className = "facts";
  caseHeadFacts(dl, view, "case");
  if (view.deadline) {
    fact(dl, "办结时限 Deadline", view.deadline + (view.overdue ? " · 已超期 OVERDUE" : "")).id = "case-deadline";
  }
  container.append(dl, stepsTable(view.steps, true));
}

/** A table of case steps; with ledger status (case view) or ledger location (audit timeline). */
function stepsTable(steps, withStatus) {
  return table("steps", ["#", "步骤 Step", "状态 From → to", "办理方 By", "时间 Time", "用时 Duration", "账本 Ledger"],
    steps.map((s, i) => {
      const ledger = s.ledger || {};
      const status = withStatus ? (ledger.status || "") + (ledger.reason ? " " + ledger.reason : "") : "";
      return [String(s.seq === undefined || s.seq === null ? i + 1 : s.seq), s.action, (s.from || "–") + " → " + s.to, s.actorOrg + " / " + s.actorRole,
        s.time, duration(s.durationSeconds), [status, ledger.txId ? "tx " + ledger.txId.slice(0, 12) : ""].join(" ").trim()];
    }), (tr, i) => {
      tr.dataset.action = steps[i].action;
      tr.dataset.record = steps[i].recordId;
      tr.dataset.ledger = (steps[i].ledger || {}).status || (steps[i].ledger ? "COMMITTED" : "");
    });
}

/** A table with one header row; decorate(tr, index) may mark rows for tests and styles. */
function table(id, headings, rows, decorate) {
  const t = document.createElement("table");
  t.id = id;
  const head = t.createTHead().insertRow();
  for (const h of headings) {
    const th = document.createElement("th");
    th.textContent = h;
    head.append(th);
  }
  const body = t.createTBody();
  rows.forEach((cells, i) => {
    const tr = body.insertRow();
    for (const c of cells) {
      tr.insertCell().textContent = c === undefined || c === null ? "" : String(c);
    }
    if (decorate) {
      decorate(tr, i);
    }
  });
  return t;
}

/** Seconds as days, hours and minutes: step durations run from seconds to weeks. */
function duration(seconds) {
  if (seconds === undefined || seconds === null) {
    return "–";
  }
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return (d ? d + "d " : "") + (d || h ? h + "h " : "") + (d || h || m ? m + "m " : "") + s + "s";
}

/**
 * Polls a case until every step is final on the ledger (COMMITTED or FAILED), re-rendering on
 * each answer; gives up after the given time, leaving the last answer shown.
 */
async function pollCase(caseId, container, timeoutMs) {
  const deadline = Date.now() + (timeoutMs || 60000);
  let delay = 300;
  for (;;) {
    const view = await api("GET", "/api/cases/" + encodeURIComponent(caseId));
    renderCase(container, view);
    const settled = view.steps.every((s) => s.ledger && (s.ledger.status === "COMMITTED" || s.ledger.status === "FAILED"));
    if (settled || Date.now() > deadline) {
      return view;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 2000);
  }
}

/** Saves a response body as a file via a temporary link (the bundle needs the auditor's header). */
async function download(path, fileName) {
  const response = await fetch(path, { headers: authorization() });
  if (!response.ok) {
    const type = response.headers.get("Content-Type") || "";
    throw new ApiProblem(response.status, type.includes("json") ? await response.json() : null);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** Renders a certificate verdict: status, validity and provenance, with the bundle link. */
function renderVerdict(container, v) {
  container.replaceChildren();
  const status = document.createElement("div");
  status.id = "certificate-status";
  status.className = "decision cert-" + v.status;
  status.dataset.status = v.status;
  status.textContent = CERTIFICATE_STATES[v.status] || v.status;
  const dl = document.createElement("dl");
  dl.className = "facts";
  fact(dl, "证照编号 Certificate id", v.certificateId || "–").id = "certificate-id";
  if (v.reason) {
    fact(dl, "原因 Reason", v.reason).id = "certificate-reason";
  }
  if (v.typeCode) {
    fact(dl, "证照类型 Type", v.typeCode);
    fact(dl, "有效期 Valid", (v.validFrom || "") + " – " + (v.validTo || "长期 unlimited")
      + (v.withinValidity === false ? " (不在有效期内 outside validity)" : ""));
    fact(dl, "状态时间 Status time", v.statusTime || "–");
  }
  container.append(status, dl);
  const p = v.provenance;
  if (p) {
    const h = document.createElement("h3");
    h.textContent = "来源 Provenance";
    const prov = document.createElement("dl");
    prov.className = "facts";
    prov.id = "provenance";
    fact(prov, "签发方 Issuer", p.issuerOrg).id = "issuer-org";
    fact(prov, "案件 Case", p.caseId);
    fact(prov, "事项 Item", p.itemCode);
    fact(prov, "签发时间 Issued at", p.issuedAt);
    fact(prov, "记录 Record", p.recordId);
    if (p.ledger) {
      fact(prov, "交易 Transaction id", p.ledger.txId);
      fact(prov, "批次 Batch id", p.ledger.batchId);
    }
    container.append(h, prov);
  }
  if (v.bundle) {
    const a = document.createElement("a");
    a.id = "bundle-link";
    a.href = v.bundle;
    a.textContent = "下载存证包 Download evidence bundle";
    container.append(a);
  }
}
