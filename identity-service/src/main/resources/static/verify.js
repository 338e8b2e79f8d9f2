// The verification page a kiosk's QR code opens: /verify.html?id=<attestation id>.
"use strict";

(async () => {
  const id = new URLSearchParams(location.search).get("id");
  if (!id) {
    showProblem(document.getElementById("verify-error"), { message: "缺少核验编号 No attestation id in the link." });
    return;
  }
  const show = (attestation) => {
    renderAttestation(document.getElementById("attestation"), attestation);
    document.getElementById("record").textContent = JSON.stringify(attestation.record, null, 2);
    document.getElementById("record-section").hidden = false;
  };
  try {
    await pollLedger(id, show);
  } catch (error) {
    showProblem(document.getElementById("verify-error"), error);
  }
})();
