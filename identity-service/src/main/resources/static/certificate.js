// Public certificate verification: by id, or by uploading the file; no sign-in needed.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  $("verify-id").addEventListener("click", () => guarded(async () => renderVerdict($("verdict"),
    await apiFetch("/api/certificates/" + encodeURIComponent($("certificateIdInput").value.trim()) + "/status"))));
  $("verify-file").addEventListener("click", () => guarded(async () => {
    const form = new FormData();
    if ($("certificateFile").files.length) {
      form.append("file", $("certificateFile").files[0]);
    }
    if ($("certificateIdInput").value.trim()) {
      form.append("certificateId", $("certificateIdInput").value.trim());
    }
    renderVerdict($("verdict"), await apiFetch("/api/certificates/verify", { method: "POST", body: form }));
  }));
  const fromLink = new URLSearchParams(location.search).get("id");
  if (fromLink) {
    $("certificateIdInput").value = fromLink;
    $("verify-id").click();
  }
})();
