// The certificate library check on the public verification page: the certificate's SHA-256 (typed,
// or computed from the file in the browser; the file is never sent), its inclusion proof from the
// service, and the proof checked here, in the browser, against the library's root with RFC 6962
// hashing (SubtleCrypto SHA-256). Browsers have no SM3, so an SM3 library's proof is shown with
// the ledger-cli command that checks it. Needs attestation.js and desk.js.
"use strict";

const LIBRARY_HASH = /^[0-9a-f]{64}$/;

function fromHex(hex) {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) {
    bytes[i] = parseInt(hex.substr(2 * i, 2), 16);
  }
  return bytes;
}

/** SHA-256 of a prefix byte followed by the given byte arrays (RFC 6962: 0x00 leaf, 0x01 node). */
async function prefixedSha256(prefix, ...parts) {
  const input = new Uint8Array(1 + parts.reduce((n, p) => n + p.length, 0));
  input[0] = prefix;
  let at = 1;
  for (const p of parts) {
    input.set(p, at);
    at += p.length;
  }
  return new Uint8Array(await crypto.subtle.digest("SHA-256", input));
}

/**
 * Whether an RFC 6962 inclusion proof ({leafIndex, treeSize, hashes}) takes the certificate hash
 * (the leaf data) to the root: RFC 9162 section 2.1.3.2, with plain arithmetic rather than 32-bit
 * bit operations so that any size up to 2^53 works.
 */
async function verifyInclusion(certificateHex, proof, rootHex) {
  if (proof.leafIndex >= proof.treeSize) {
    return false;
  }
  let fn = proof.leafIndex;
  let sn = proof.treeSize - 1;
  let r = await prefixedSha256(0, fromHex(certificateHex));
  for (const h of proof.hashes) {
    const p = fromHex(h);
    if (sn === 0) {
      return false;
    }
    if (fn % 2 === 1 || fn === sn) {
      r = await prefixedSha256(1, p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = await prefixedSha256(1, r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && toHex(r) === rootHex;
}

/** Where the library's root is recorded, in words. */
function recordedAt(library) {
  const c = library.checkpoint;
  if (!c) {
    return t("library.notRecorded");
  }
  const l = c.ledger;
  return c.recordId + " · " + label("ledger", l.status) + " " + l.status + (l.txId ? " · " + t("f.txId") + " " + l.txId : "")
    + (l.reason ? " · " + l.reason : "");
}

/** Checks one certificate hash against the library and renders the outcome in the container. */
async function checkLibrary(container, certificateHex) {
  const library = await apiFetch("/api/library");
  let proof = null;
  try {
    proof = await apiFetch("/api/library/proof?certificateHash=" + certificateHex);
  } catch (e) {
    if (e.reason !== "NOT_IN_LIBRARY") {
      throw e;
    }
  }
  let verdict;
  if (!proof) {
    verdict = "NOT_INCLUDED";
  } else if (library.algorithm !== "sha256") {
    verdict = "VERIFY_OFFLINE";
  } else {
    const valid = proof.treeSize === library.size && await verifyInclusion(certificateHex, proof, library.root);
    verdict = valid ? "INCLUDED" : "PROOF_INVALID";
  }
  const status = document.createElement("div");
  status.id = "library-status";
  status.className = "decision " + (verdict === "INCLUDED" ? "cert-VALID" : verdict === "VERIFY_OFFLINE" ? "" : "cert-REVOKED");
  status.dataset.verdict = verdict;
  status.textContent = t("library." + verdict);
  const dl = document.createElement("dl");
  dl.className = "facts";
  fact(dl, t("library.certificate"), certificateHex).id = "library-certificate";
  if (proof) {
    fact(dl, t("library.index"), String(proof.leafIndex)).id = "library-index";
  }
  fact(dl, t("library.library"), library.size + " · " + library.algorithm).id = "library-size";
  fact(dl, t("library.root"), library.root).id = "library-root";
  fact(dl, t("library.recordedAt"), recordedAt(library)).id = "library-recorded";
  container.replaceChildren(status, dl);
  if (verdict === "VERIFY_OFFLINE") {
    const pre = document.createElement("pre");
    pre.textContent = "ledger-cli bulk verify --alg " + library.algorithm + " --root " + library.root + " --leaf "
      + certificateHex + " --proof proof.json\n" + JSON.stringify(proof);
    container.append(pre);
  }
}

(() => {
  const $ = (id) => document.getElementById(id);
  $("library-check").addEventListener("click", () => guarded(async () => {
    let hex = $("libraryHash").value.trim().toLowerCase();
    if ($("libraryFile").files.length) {
      hex = await sha256Hex($("libraryFile").files[0]);
      $("libraryHash").value = hex;
    }
    if (!LIBRARY_HASH.test(hex)) {
      throw new ApiProblem(400, { reason: "BAD_FIELD", detail: t("error.badHash") });
    }
    await checkLibrary($("library-result"), hex);
  }, "library-error"));
})();
