// Shared by the staff pages (window, approver, recognise, audit) and the public verification page: HTTP Basic
// credentials from a sign-in form kept in sessionStorage (the API is stateless Basic, so nothing
// outlives the browser tab), API calls with them, file hashing in the browser, and rendering of
// cases and tables. Needs i18n.js and attestation.js (apiFetch, ApiProblem, showProblem, fact, renderLedger).
// Server data is only ever written with textContent, never as HTML.
"use strict";

const CREDENTIALS_KEY = "alliance.credentials";
// The fixed list of reasons a record may give (ledger-core's ReasonCode). Only the code goes on the
// ledger; a note in words goes to the service, which keeps it off the ledger and records its hash.
const REASON_CODES = ["LOST", "DAMAGED", "HOLDER_REQUEST", "ISSUED_IN_ERROR", "DATA_CORRECTED", "FRAUD_SUSPECTED",
  "AUTHORITY_ORDER", "SUPERSEDED", "RECOVERED", "MATERIAL_INCOMPLETE", "NOT_ELIGIBLE", "NOT_VERIFIABLE",
  "RESULT_NOT_VALID", "ITEM_NOT_EQUIVALENT", "AS_FILED", "OTHER"];

// Fills a <select> with the reason codes, after an optional empty choice.
function fillReasons(select, emptyLabel) {
  if (emptyLabel !== undefined) {
    select.append(new Option(emptyLabel, ""));
  }
  for (const code of REASON_CODES) {
    select.append(new Option(label("reason", code) + " (" + code + ")", code));
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
      who.textContent = t("login.signedIn", c.user);
      const out = button(t("login.signOut"), "sign-out", "secondary", () => {
        sessionStorage.removeItem(CREDENTIALS_KEY);
        render();
      });
      box.append(who, out);
    } else {
      const form = document.createElement("form");
      form.id = "login-form";
      form.className = "login";
      form.append(input("login-user", t("login.user"), "text"), input("login-password", t("login.password"), "password"));
      const submit = document.createElement("button");
      submit.type = "submit";
      submit.id = "login-submit";
      submit.textContent = t("login.submit");
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

/** Makes an element a place to drop a file on, highlighted while a file is dragged over it. */
function onFileDrop(zone, handle) {
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("dragging");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dragging");
    handle(event.dataTransfer.files[0]);
  });
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
  fact(dl, t("f.caseId"), view.caseId).id = prefix + "-id";
  const state = fact(dl, t("f.state"), label("case", view.state), "state-" + view.state);
  state.id = prefix + "-state";
  state.dataset.state = view.state;
  itemFact(dl, view.itemCode).id = prefix + "-item";
  markOrg(fact(dl, t("f.acceptingRegion"), orgName(view.acceptingOrg)), view.acceptingOrg).id = prefix + "-accepting-org";
  markOrg(fact(dl, t("f.homeRegion"), orgName(view.homeOrg)), view.homeOrg).id = prefix + "-home-org";
}

/** An item's title, with its code kept as data-item and as the tooltip. */
function itemFact(dl, code) {
  const dd = fact(dl, t("f.item"), itemTitle(code));
  dd.dataset.item = code || "";
  dd.title = code || "";
  return dd;
}

/** Whether a step's record is final on the ledger: COMMITTED, or FAILED with the rule's code. */
function settled(step) {
  return Boolean(step.ledger) && (step.ledger.status === "COMMITTED" || step.ledger.status === "FAILED");
}

/**
 * Renders a case and its steps, each with its ledger status, into a container; the steps still on
 * their way to the ledger are named above them (#case-on-its-way), and a note may follow.
 */
function renderCase(container, view, note) {
  container.replaceChildren();
  const dl = document.createElement("dl");
  dl.className = "facts";
  caseHeadFacts(dl, view, "case");
  if (view.deadline) {
    const deadline = fact(dl, t("f.deadline"), formatDeadline(view.deadline, view.workingDaysLeft, view.overdue));
    deadline.id = "case-deadline";
    deadline.dataset.deadline = view.deadline;
  }
  container.append(dl);
  const onItsWay = view.steps.filter((s) => !settled(s));
  if (onItsWay.length) {
    const p = document.createElement("p");
    p.id = "case-on-its-way";
    p.className = "pending";
    p.textContent = t("ledger.onItsWay", onItsWay.length, onItsWay.map((s) => label("action", s.action) + " ("
      + label("ledger", (s.ledger || {}).status || "PENDING") + ")").join(t("list.separator")));
    container.append(p);
  }
  if (note) {
    container.append(note);
  }
  container.append(stepsTable(view.steps, true));
}

// The states a step leaves (ledger-core's CaseAction), and the states the case is in while the step
// before, taken by the other region, may still be on its way to this region's ledger.
const STEP_LEAVES = { forward: ["RECEIVED"], approve: ["FORWARDED"], reject: ["FORWARDED"],
  "request-material": ["FORWARDED"], supplement: ["MATERIAL_REQUESTED"], issue: ["APPROVED"], close: ["ISSUED", "REJECTED"] };
const STEP_AWAITS = { approve: ["RECEIVED", "MATERIAL_REQUESTED"], reject: ["RECEIVED", "MATERIAL_REQUESTED"],
  "request-material": ["RECEIVED", "MATERIAL_REQUESTED"], supplement: ["FORWARDED"], issue: ["FORWARDED"],
  close: ["APPROVED", "FORWARDED"] };
const STEP_ACTION = { forward: "FORWARD", approve: "APPROVE", reject: "REJECT", "request-material": "REQUEST_MATERIAL",
  supplement: "SUPPLEMENT", issue: "ISSUE", close: "CLOSE" };
/** How long a step waits for the step before it to reach the ledger. */
const LEDGER_WAIT_MS = 120000;
let stepGeneration = 0;

/**
 * Takes a step of a case and follows the case until the ledger has it. When the rules refuse the
 * step as out of order (409 WRONG_STATE) only because the step before is still on its way to the
 * ledger (a step of this case not yet final, or the case still in the state before, which the
 * other region's step leaves), the case view says "waiting for the ledger" instead, and the step is
 * taken again once the case is where the step starts, every step final. A refusal for any other
 * reason, a wait that ends elsewhere or lasts too long, or another step begun meanwhile, shows the
 * rules' refusal. onTaken, if given, is called as soon as the service has acknowledged the step.
 */
async function takeStep(caseId, action, body, container, onTaken) {
  const generation = ++stepGeneration;
  const path = "/api/cases/" + encodeURIComponent(caseId) + "/" + action;
  const read = () => api("GET", "/api/cases/" + encodeURIComponent(caseId));
  try {
    await api("POST", path, body);
  } catch (refusal) {
    if (refusal.reason !== "WRONG_STATE") {
      throw refusal;
    }
    const awaits = (view) => view.steps.some((s) => !settled(s)) || (STEP_AWAITS[action] || []).includes(view.state);
    let view = await read();
    if (!awaits(view)) {
      throw refusal;
    }
    const note = document.createElement("p");
    note.id = "case-waiting";
    note.className = "pending";
    note.textContent = t("ledger.waitingFor", label("action", STEP_ACTION[action]));
    const until = Date.now() + LEDGER_WAIT_MS;
    let delay = 300;
    for (;;) {
      renderCase(container, view, note);
      if (generation !== stepGeneration) {
        throw refusal;
      }
      if ((STEP_LEAVES[action] || []).includes(view.state) && view.steps.every(settled)) {
        break;
      }
      if (!awaits(view) || Date.now() > until) {
        refusal.message += " " + t("ledger.stillWaiting");
        throw refusal;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 2000);
      view = await read();
    }
    await api("POST", path, body);
  }
  if (onTaken) {
    onTaken();
  }
  return pollCase(caseId, container);
}

/** A table of case steps; with ledger status (case view) or ledger location (audit timeline). */
function stepsTable(steps, withStatus) {
  return table("steps", ["#", t("col.step"), t("col.fromTo"), t("col.by"), t("f.time"), t("col.duration"), t("col.ledger")],
    steps.map((s, i) => {
      const ledger = s.ledger || {};
      const status = withStatus ? (ledger.status ? label("ledger", ledger.status) : "") + (ledger.reason ? " " + ledger.reason : "") : "";
      return [String(s.seq === undefined || s.seq === null ? i + 1 : s.seq), label("action", s.action),
        (s.from ? label("case", s.from) : "–") + " → " + label("case", s.to), orgName(s.actorOrg) + " / " + label("role", s.actorRole),
        formatTime(s.time), duration(s.durationSeconds), [status, ledger.txId ? "tx " + ledger.txId.slice(0, 12) : ""].join(" ").trim()];
    }), (tr, i) => {
      tr.dataset.action = steps[i].action;
      tr.dataset.org = steps[i].actorOrg;
      tr.dataset.time = steps[i].time;
      tr.dataset.record = steps[i].recordId;
      tr.dataset.ledger = (steps[i].ledger || {}).status || (steps[i].ledger ? "COMMITTED" : "");
    });
}

/** A table with one header row; decorate(tr, index) may mark rows for tests and styles. */
function table(id, headings, rows, decorate) {
  const element = document.createElement("table");
  element.id = id;
  const head = element.createTHead().insertRow();
  for (const h of headings) {
    const th = document.createElement("th");
    th.textContent = h;
    head.append(th);
  }
  const body = element.createTBody();
  rows.forEach((cells, i) => {
    const tr = body.insertRow();
    for (const c of cells) {
      tr.insertCell().textContent = c === undefined || c === null ? "" : String(c);
    }
    if (decorate) {
      decorate(tr, i);
    }
  });
  return element;
}

/** Seconds as days, hours and minutes: step durations run from seconds to weeks. */
function duration(seconds) {
  if (seconds === undefined || seconds === null) {
    return "–";
  }
  const [du, hu, mu, su] = t("duration.units").split("|");
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return (d ? d + du + " " : "") + (d || h ? h + hu + " " : "") + (d || h || m ? m + mu + " " : "") + s + su;
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
    if (view.steps.every(settled) || Date.now() > deadline) {
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
  status.textContent = label("cert", v.status) + " " + v.status;
  const dl = document.createElement("dl");
  dl.className = "facts";
  fact(dl, t("verify.certificateId"), v.certificateId || "–").id = "certificate-id";
  if (v.reason) {
    const reason = fact(dl, t("f.reason"), label("reason", v.reason));
    reason.id = "certificate-reason";
    reason.dataset.reason = v.reason;
  }
  if (v.typeCode) {
    // The type's name where this site issues it too; the code is what the certificate id carries.
    const typeName = (names.certificateTypes || {})[v.typeCode];
    fact(dl, t("verify.type"), typeName ? typeName + " (" + v.typeCode + ")" : v.typeCode).id = "certificate-type";
    fact(dl, t("verify.valid"), (v.validFrom || "") + " – " + (v.validTo || t("unlimited"))
      + (v.withinValidity === false ? t("verify.outside") : ""));
    fact(dl, t("verify.statusTime"), formatTime(v.statusTime)).id = "certificate-status-time";
  }
  container.append(status, dl);
  const p = v.provenance;
  if (p) {
    const h = document.createElement("h3");
    h.textContent = t("verify.provenance");
    const prov = document.createElement("dl");
    prov.className = "facts";
    prov.id = "provenance";
    markOrg(fact(prov, t("verify.issuer"), orgName(p.issuerOrg)), p.issuerOrg).id = "issuer-org";
    fact(prov, t("verify.case"), p.caseId);
    itemFact(prov, p.itemCode);
    fact(prov, t("verify.issuedAt"), formatTime(p.issuedAt)).id = "issued-at";
    fact(prov, t("f.record"), p.recordId);
    if (p.ledger) {
      fact(prov, t("f.txId"), p.ledger.txId);
      fact(prov, t("f.batchId"), p.ledger.batchId);
    }
    container.append(h, prov);
  }
  if (v.bundle) {
    const a = document.createElement("a");
    a.id = "bundle-link";
    a.href = v.bundle;
    a.textContent = t("verify.bundle");
    container.append(a);
  }
}
