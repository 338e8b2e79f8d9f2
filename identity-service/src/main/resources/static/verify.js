// The one public verification page (certificate.html redirects here): a certificate id or an
// identity check's attestation id, typed, in the link (?id=, as the kiosk's QR code gives it),
// scanned from a QR code with the camera, or read from a file: a certificate file (checked by the
// service against its hash), an exported evidence bundle (the record it holds), or a picture of a
// QR code. QR codes are decoded in the browser (qr.js). No sign-in needed. Opened without an id, it shows the form.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const ATTESTATION = /^att-/;

  /** Shows an attestation and its signed record, following its ledger status until final. */
  const showAttestation = async (id) => {
    const box = document.createElement("div");
    box.id = "attestation";
    const heading = document.createElement("h3");
    heading.textContent = t("verify.attestation");
    const hint = document.createElement("p");
    hint.className = "hint";
    hint.textContent = t("verify.attestationHint");
    $("verdict").replaceChildren(heading, hint, box);
    await pollLedger(id, (attestation) => {
      renderAttestation(box, attestation);
      $("record").textContent = JSON.stringify(attestation.record, null, 2);
      $("record-section").hidden = false;
    });
  };

  /** The verdict for an id: an attestation by its prefix, anything else as a certificate. */
  const verifyId = async (raw) => {
    const id = (raw || "").trim();
    if (!id) {
      throw new ApiProblem(400, { reason: "MISSING_FIELD", detail: t("error.enterId") });
    }
    $("certificateIdInput").value = id;
    $("record-section").hidden = true;
    if (ATTESTATION.test(id)) {
      await showAttestation(id);
    } else {
      renderVerdict($("verdict"), await apiFetch("/api/certificates/" + encodeURIComponent(id) + "/status"));
    }
  };

  /** The id an exported evidence bundle is about: its certificate, or its attestation. */
  const idFromBundle = (bundle) => {
    const signed = bundle && bundle.record;
    const record = signed && (signed.record || signed);
    if (!record || !record.type) {
      return null;
    }
    if (record.type === "CERTIFICATE") {
      return (record.body && record.body.certificateId) || null;
    }
    return record.type === "IDENTITY_ATTESTATION" ? record.id : null;
  };

  const verifyFile = async (file) => {
    if (!file) {
      throw new ApiProblem(400, { reason: "MISSING_FIELD", detail: t("error.badFile") });
    }
    $("record-section").hidden = true;
    if (file.type.startsWith("image/")) {
      const text = await decodeQrFile(file);
      if (!text) {
        throw new ApiProblem(422, { reason: "NO_QR_CODE", detail: t("error.noQr") });
      }
      return verifyId(idFromQr(text));
    }
    if (file.type === "application/json" || /\.json$/i.test(file.name)) {
      let id = null;
      try {
        id = idFromBundle(JSON.parse(await file.text()));
      } catch (e) {
        id = null;
      }
      if (!id) {
        throw new ApiProblem(422, { reason: "UNKNOWN_FILE", detail: t("error.badFile") });
      }
      return verifyId(id);
    }
    const form = new FormData();
    form.append("file", file);
    if ($("certificateIdInput").value.trim()) {
      form.append("certificateId", $("certificateIdInput").value.trim());
    }
    renderVerdict($("verdict"), await apiFetch("/api/certificates/verify", { method: "POST", body: form }));
  };

  // The camera: frames are read until a QR code is found or the person stops.
  const scanner = qrScanner($("scanner"), $("scan-video"));
  const scan = async () => {
    const text = await scanner.start();
    return text ? verifyId(idFromQr(text)) : null;
  };

  $("verify-id").addEventListener("click", () => guarded(() => verifyId($("certificateIdInput").value)));
  $("certificateIdInput").addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      guarded(() => verifyId($("certificateIdInput").value));
    }
  });
  $("verify-file").addEventListener("click", () => guarded(() => verifyFile($("certificateFile").files[0])));
  $("scan-qr").addEventListener("click", () => guarded(scan));
  $("scan-stop").addEventListener("click", scanner.stop);
  onFileDrop($("drop-zone"), (file) => guarded(() => verifyFile(file)));

  const fromLink = new URLSearchParams(location.search).get("id");
  if (fromLink) {
    guarded(() => verifyId(fromLink));
  }
})();
