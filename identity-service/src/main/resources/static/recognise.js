// Mutual recognition (recognise.html): check another member's certificate (the public status and
// provenance) or approval (the case as the ledger shows it), then recognise it or refuse it with a
// reason, and follow the recognition until the ledger has committed it (or refused it). The rules
// decide; a refusal by the rules is shown with its reason code and writes nothing.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  fillReasons($("recognitionReason"), "—");
  const ERROR = "recognition-error";
  const target = () => ({ type: $("targetType").value, id: $("targetIdInput").value.trim() });

  // One Idempotency-Key per distinct request on this page: a repeated click (or a retry after a
  // lost answer) replays the first answer instead of writing a second recognition.
  let lastRequest = null;
  const keyFor = (request) => {
    const text = JSON.stringify(request);
    if (!lastRequest || lastRequest.text !== text) {
      lastRequest = { text, key: crypto.randomUUID() };
    }
    return lastRequest.key;
  };

  const requireTarget = (chosen) => {
    if (!chosen.id) {
      throw new ApiProblem(400, { reason: "MISSING_FIELD", detail: t("error.enterId") });
    }
  };

  // An approval is shown from the case as the ledger has it, under its own ids: the approver's
  // own case section on this page uses the case view's.
  const renderApproval = (view) => {
    const dl = document.createElement("dl");
    dl.className = "facts";
    dl.id = "target-case";
    caseHeadFacts(dl, view, "target-case");
    fact(dl, t("f.agreement"), view.agreementId);
    const decision = view.steps.filter((s) => s.action === "APPROVE" || s.action === "REJECT").pop();
    if (decision) {
      markOrg(fact(dl, t("f.decision"), label("action", decision.action) + " · " + orgName(decision.actorOrg) + " · "
        + formatTime(decision.time)), decision.actorOrg).id = "target-case-decision";
      fact(dl, t("f.record"), decision.recordId);
    }
    $("target-view").replaceChildren(dl);
  };

  const check = async () => {
    const chosen = target();
    requireTarget(chosen);
    if (chosen.type === "CERTIFICATE") {
      renderVerdict($("target-view"), await apiFetch("/api/certificates/" + encodeURIComponent(chosen.id) + "/status"));
    } else {
      renderApproval(await api("GET", "/api/cases/" + encodeURIComponent(chosen.id)));
    }
    $("target-view").prepend(heading(t("recognise.checked")));
  };

  const heading = (text) => {
    const h = document.createElement("h3");
    h.textContent = text;
    return h;
  };

  const renderRecognition = (r) => {
    const dl = document.createElement("dl");
    dl.className = "facts";
    fact(dl, t("recognise.id"), r.recognitionId).id = "recognition-id";
    const decision = fact(dl, t("recognise.decision"), label("recognition", r.decision) + " " + r.decision,
      r.decision === "RECOGNISED" ? "state-APPROVED" : "state-REJECTED");
    decision.id = "recognition-decision";
    decision.dataset.decision = r.decision;
    if (r.reason) {
      fact(dl, t("f.reason"), label("reason", r.reason));
    }
    fact(dl, t("recognise.target"), label("target", r.targetType) + " " + r.targetId);
    fact(dl, t("recognise.agreementItem"), r.agreementId + " / " + itemTitle(r.itemCode));
    markOrg(fact(dl, t("recognise.by"), orgName(r.recognisingOrg)), r.recognisingOrg).id = "recognising-org";
    const ledger = document.createElement("dl");
    ledger.className = "facts";
    ledger.id = "recognition-ledger";
    renderLedger(ledger, r.ledger);
    $("recognition").replaceChildren(heading(t("recognise.record")), dl, ledger);
  };

  // The recognition on show: a poll still running for an earlier one no longer draws over it.
  let following = null;
  const follow = async (recognition) => {
    following = recognition.recognitionId;
    renderRecognition(recognition);
    await pollUntilSettled(() => api("GET", "/api/recognitions/" + encodeURIComponent(recognition.recognitionId)),
      (latest) => {
        if (following === latest.recognitionId) {
          renderRecognition(latest);
        }
      });
  };

  const decide = (decision) => guarded(async () => {
    following = null;
    $("recognition").replaceChildren();
    const chosen = target();
    requireTarget(chosen);
    const reason = $("recognitionReason").value;
    if (decision === "REFUSED" && !reason) {
      throw new ApiProblem(400, { reason: "MISSING_FIELD", detail: t("error.needReason") });
    }
    const request = { targetType: chosen.type, targetId: chosen.id, decision };
    if (reason) {
      request.reason = reason;
    }
    if ($("recognitionNote").value.trim()) {
      request.note = $("recognitionNote").value.trim();
    }
    if ($("recognitionAgreement").value.trim()) {
      request.agreementId = $("recognitionAgreement").value.trim();
    }
    await check();
    await follow(await api("POST", "/api/recognitions", request, { "Idempotency-Key": keyFor(request) }));
  }, ERROR);

  $("check-target").addEventListener("click", () => guarded(check, ERROR));
  $("recognise-target").addEventListener("click", () => decide("RECOGNISED"));
  $("refuse-target").addEventListener("click", () => decide("REFUSED"));

  // Links from elsewhere: ?certificate=ID or ?approval=CASE-ID opens the target here, and
  // ?recognition=ID shows that recognition with its ledger status.
  const params = new URLSearchParams(location.search);
  for (const [param, type] of [["certificate", "CERTIFICATE"], ["approval", "APPROVAL"]]) {
    if (params.get(param)) {
      $("targetType").value = type;
      $("targetIdInput").value = params.get(param);
    }
  }
  mountLogin((signedIn) => {
    following = null;
    $("target-view").replaceChildren();
    $("recognition").replaceChildren();
    if (signedIn && params.get("recognition")) {
      guarded(async () => follow(await api("GET", "/api/recognitions/" + encodeURIComponent(params.get("recognition")))),
        ERROR);
    }
  });
})();
