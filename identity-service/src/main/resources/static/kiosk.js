// The kiosk: ID card details, a liveness challenge captured from the camera (or uploaded
// photos), then the signed decision, its ledger status and a QR code of its verification page.
// The challenge's colour flash is shown full-screen after the neutral frame: its light on the face
// is what tells a live person from a replayed recording, so it needs the camera.
// URL parameters: countdown=<seconds> before each capture (default 3), auto=1 to start each
// countdown without pressing Capture.
"use strict";

// The instruction itself stays in both languages whatever the page's language: a person at a
// public terminal may read either. The hint below it is in the page's language.
const INSTRUCTIONS = {
  NEUTRAL: ["请正视镜头", "Look straight at the camera", "kiosk.hint.NEUTRAL"],
  BLINK: ["请眨眼", "Blink", "kiosk.hint.BLINK"],
  TURN_LEFT: ["请向左转头", "Turn your head to your left", "kiosk.hint.TURN"],
  TURN_RIGHT: ["请向右转头", "Turn your head to your right", "kiosk.hint.TURN"],
  FLASH: ["请保持不动，注视屏幕", "Hold still and look at the screen", "kiosk.hint.FLASH"],
};
// A blink lasts about 0.2 s, so one picture cannot show it: the BLINK step takes a burst that
// spans open, closed and open eyes, which is what the server's judge looks for.
const BLINK_BURST = 6;
const BLINK_INTERVAL_MS = 150;
// During the flash a frame every 150 ms, and one more as soon as a colour has none yet: the server
// wants every colour seen and frames at least 80 ms apart.
const FLASH_FRAME_MS = 150;
const FLASH_MIN_GAP_MS = 80;
const FRAME_WIDTH = 640;
const FRAME_HEIGHT = 480;
const DEFAULT_DEVICE_ID = "kiosk-dev-01";

const params = new URLSearchParams(location.search);
const countdownSeconds = Math.max(0, Number(params.get("countdown") ?? 3) || 0);
const autoCapture = params.get("auto") === "1";
const $ = (id) => document.getElementById(id);

const state = { challenge: null, steps: [], index: 0, frames: [], flashFrames: [], flashTimes: [], stream: null,
  busy: false, filesChosen: false };

// The service accepts checks only from registered devices (alliance.identity.devices); a kiosk is
// set up with its id in the URL (kiosk.html?device=ZZ-KIOSK-07), the development default otherwise.
function deviceId() {
  return params.get("device") || DEFAULT_DEVICE_ID;
}

/** A form field's label as the page shows it, for a message that names missing fields. */
function labelOf(id) {
  const l = document.querySelector("label[for=" + id + "]");
  return l ? l.textContent.trim() : id;
}

function show(section) {
  for (const id of ["details", "challenge", "result"]) {
    $(id).hidden = id !== section;
  }
}

$("longTerm").addEventListener("change", () => {
  $("cardValidTo").disabled = $("longTerm").checked;
});

$("details-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("details-error").hidden = true;
  const missing = ["idNumber", "name", "cardValidFrom"].filter((f) => !$(f).value.trim());
  if (!$("longTerm").checked && !$("cardValidTo").value) {
    missing.push("cardValidTo");
  }
  if (!$("referencePhoto").files.length) {
    missing.push("referencePhoto");
  }
  if (missing.length) {
    showProblem($("details-error"), { message: t("error.fill", missing.map((f) => labelOf(f)).join("、")) });
    return;
  }
  if (!$("consent").checked) {
    showProblem($("details-error"), { message: t("error.consent") });
    return;
  }
  $("start").disabled = true;
  try {
    state.challenge = await apiFetch("/api/identity/challenges", { method: "POST" });
  } catch (error) {
    showProblem($("details-error"), error);
    return;
  } finally {
    $("start").disabled = false;
  }
  state.steps = ["NEUTRAL"].concat(state.challenge.flash.length ? ["FLASH"] : [], state.challenge.actions);
  state.index = 0;
  state.frames = [];
  state.flashFrames = [];
  state.flashTimes = [];
  state.filesChosen = false;
  $("thumbs").replaceChildren();
  $("challenge-error").hidden = true;
  $("restart").hidden = true;
  $("progress").hidden = true;
  show("challenge");
  await startCamera();
  // Choosing photos while the camera was opening already showed the step; showing it again would
  // clear the photo chosen meanwhile.
  if (!state.filesChosen) {
    showStep();
  }
});

async function startCamera() {
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    useFiles(t("kiosk.noCameraApi"));
    return;
  }
  try {
    const stream = await navigator.mediaDevices.getUserMedia({
      video: { width: { ideal: FRAME_WIDTH }, height: { ideal: FRAME_HEIGHT }, facingMode: "user" }, audio: false,
    });
    if (state.filesChosen) {
      // The person chose photos while the camera was still opening: keep their choice.
      stream.getTracks().forEach((track) => track.stop());
      return;
    }
    state.stream = stream;
    $("video").srcObject = stream;
    await $("video").play();
    if (state.filesChosen) {
      // Photos were chosen while the preview was starting: the file mode stays.
      return;
    }
    $("camera-mode").hidden = false;
    $("file-mode").hidden = true;
  } catch (error) {
    // Stopping the preview because photos were chosen aborts play(); that is not a camera problem.
    if (!state.filesChosen) {
      useFiles(t("kiosk.cameraFailed", error.name));
    }
  }
}

function stopCamera() {
  if (state.stream) {
    state.stream.getTracks().forEach((track) => track.stop());
    state.stream = null;
  }
  $("video").srcObject = null;
}

function useFiles(problem) {
  state.filesChosen = true;
  stopCamera();
  // Photos cannot answer the flash: its step is dropped if it is still ahead, and the person is told.
  const flashAt = state.steps.indexOf("FLASH", state.index);
  if (flashAt >= 0) {
    state.steps.splice(flashAt, 1);
  }
  $("camera-mode").hidden = true;
  $("file-mode").hidden = false;
  $("camera-problem").textContent = [problem, flashAt >= 0 ? t("kiosk.flashNeedsCamera") : ""]
      .filter(Boolean).join(" ");
  showStep();
}

$("use-files").addEventListener("click", () => useFiles(""));

function showStep() {
  const step = state.steps[state.index];
  if (!step) {
    return;
  }
  const [zh, en, hint] = INSTRUCTIONS[step] || [step, step, ""];
  $("step-counter").textContent = t("kiosk.step", state.index + 1, state.steps.length);
  $("step-counter").dataset.step = step;
  $("instruction-zh").textContent = zh;
  $("instruction-en").textContent = en;
  $("instruction-hint").textContent = $("file-mode").hidden ? (hint ? t(hint) : "")
      : t(step === "BLINK" ? "kiosk.hint.blinkFiles" : "kiosk.hint.oneFile");
  $("frame-file").multiple = step === "BLINK";
  $("frame-file").value = "";
  $("capture").disabled = false;
  if (autoCapture && !$("camera-mode").hidden) {
    setTimeout(capture, 1500);
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function countdown() {
  const box = $("countdown");
  for (let n = countdownSeconds; n > 0; n--) {
    box.hidden = false;
    box.textContent = String(n);
    await sleep(1000);
  }
  box.hidden = true;
}

/** One frame from the live video, unmirrored, cropped to 4:3 and scaled to 640x480 JPEG. */
function grabFrame() {
  const video = $("video");
  const canvas = document.createElement("canvas");
  canvas.width = FRAME_WIDTH;
  canvas.height = FRAME_HEIGHT;
  const vw = video.videoWidth;
  const vh = video.videoHeight;
  const scale = Math.max(FRAME_WIDTH / vw, FRAME_HEIGHT / vh);
  const sw = FRAME_WIDTH / scale;
  const sh = FRAME_HEIGHT / scale;
  canvas.getContext("2d").drawImage(video, (vw - sw) / 2, (vh - sh) / 2, sw, sh, 0, 0, FRAME_WIDTH, FRAME_HEIGHT);
  return new Promise((resolve, reject) => canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error("the frame could not be encoded"))), "image/jpeg", 0.92));
}

async function capture() {
  if (state.busy || !state.steps[state.index]) {
    return;
  }
  state.busy = true;
  $("capture").disabled = true;
  try {
    await countdown();
    const step = state.steps[state.index];
    if (step === "FLASH") {
      await flash(state.challenge.flash);
      return;
    }
    const count = step === "BLINK" ? BLINK_BURST : 1;
    const blobs = [];
    for (let i = 0; i < count; i++) {
      if (i > 0) {
        await sleep(BLINK_INTERVAL_MS);
      }
      blobs.push(await grabFrame());
    }
    await addFrames(blobs);
  } catch (error) {
    showProblem($("challenge-error"), error);
    $("capture").disabled = false;
  } finally {
    state.busy = false;
  }
}

$("capture").addEventListener("click", capture);

/**
 * Shows the challenge's colours full-screen, each for its duration, and captures frames meanwhile,
 * each stamped with its time since the first colour appeared.
 */
async function flash(steps) {
  const overlay = $("flash");
  const ends = [];
  let total = 0;
  for (const s of steps) {
    total += s.durationMs;
    ends.push(total);
  }
  const encodings = [];
  const times = [];
  let seenStep = -1;
  let last = -Infinity;
  overlay.style.background = steps[0].css;
  overlay.hidden = false;
  const start = performance.now();
  try {
    for (let now = 0; now < total; now = performance.now() - start) {
      const step = ends.findIndex((end) => now < end);
      overlay.style.background = steps[step].css;
      const due = now - last >= FLASH_FRAME_MS || (step !== seenStep && now - last >= FLASH_MIN_GAP_MS);
      if (due) {
        times.push(Math.round(now));
        encodings.push(grabFrame());
        last = now;
        seenStep = step;
      }
      await sleep(5);
    }
  } finally {
    overlay.hidden = true;
  }
  const blobs = await Promise.all(encodings);
  state.flashFrames = blobs;
  state.flashTimes = times;
  // One thumbnail stands for the flash frames.
  await addFrames([blobs[0]], true);
}

$("use-file").addEventListener("click", async () => {
  const files = Array.from($("frame-file").files);
  if (!files.length) {
    showProblem($("challenge-error"), { message: t("error.choosePhoto") });
    return;
  }
  $("challenge-error").hidden = true;
  await addFrames(files);
});

async function addFrames(blobs, flashed) {
  for (const blob of blobs) {
    if (!flashed) {
      state.frames.push(blob);
    }
    const img = document.createElement("img");
    img.src = URL.createObjectURL(blob);
    img.alt = flashed ? "flash" : "frame " + state.frames.length;
    $("thumbs").append(img);
  }
  state.index++;
  if (state.index < state.steps.length) {
    showStep();
  } else {
    await submit();
  }
}

async function submit() {
  stopCamera();
  $("capture").disabled = true;
  $("progress").hidden = false;
  $("step-counter").textContent = "";
  $("instruction-zh").textContent = "";
  $("instruction-en").textContent = "";
  $("instruction-hint").textContent = "";
  const form = new FormData();
  form.append("idNumber", $("idNumber").value.trim());
  form.append("name", $("name").value.trim());
  form.append("cardValidFrom", $("cardValidFrom").value);
  form.append("cardValidTo", $("longTerm").checked ? "长期" : $("cardValidTo").value);
  form.append("referencePhoto", $("referencePhoto").files[0]);
  state.frames.forEach((frame, i) => form.append("frames", frame, "frame-" + (i + 1) + ".jpg"));
  state.flashFrames.forEach((frame, i) => form.append("flashFrames", frame, "flash-" + (i + 1) + ".jpg"));
  if (state.flashFrames.length) {
    form.append("flashTimes", state.flashTimes.join(","));
  }
  form.append("nonce", state.challenge.nonce);
  form.append("consent", "true");
  form.append("deviceId", deviceId());
  let attestation;
  try {
    attestation = await apiFetch("/api/identity/checks", { method: "POST", body: form });
  } catch (error) {
    // A biometric rejection is a complete, recorded check: show it like an accepted one.
    if (error instanceof ApiProblem && error.body.attestationId) {
      try {
        attestation = await apiFetch("/api/identity/checks/" + encodeURIComponent(error.body.attestationId));
      } catch (readError) {
        failed(readError);
        return;
      }
    } else {
      failed(error);
      return;
    }
  } finally {
    $("progress").hidden = true;
  }
  showResult(attestation);
}

function failed(error) {
  showProblem($("challenge-error"), error);
  $("restart").hidden = false;
}

$("restart").addEventListener("click", () => {
  stopCamera();
  show("details");
});

function showResult(attestation) {
  show("result");
  renderAttestation($("attestation"), attestation);
  const verifyUrl = "verify.html?id=" + encodeURIComponent(attestation.id);
  $("verify-link").href = verifyUrl;
  $("qr").src = "/api/identity/checks/" + encodeURIComponent(attestation.id) + "/qr";
  pollLedger(attestation.id, (latest) => renderLedger($("ledger"), latest.ledger))
      .catch((error) => showProblem($("challenge-error"), error));
}

$("new-check").addEventListener("click", () => {
  // Clear the person's data from the screen and memory before the next person steps up.
  $("details-form").reset();
  $("cardValidTo").disabled = false;
  $("thumbs").replaceChildren();
  $("attestation").replaceChildren();
  state.frames = [];
  state.flashFrames = [];
  state.flashTimes = [];
  state.challenge = null;
  show("details");
});
