// QR codes read in the browser, for the public verification page and the window: from a picture
// or from the camera. BarcodeDetector where the browser has one, jsQR (served by this service as
// /jsQR.js) where not. Needs i18n.js and attestation.js (ApiProblem).
"use strict";

/** What a QR code says: a verification link (its id, as the kiosk's code gives it), or the id itself. */
function idFromQr(text) {
  try {
    const url = new URL(text, location.href);
    return url.searchParams.get("id") || text;
  } catch (e) {
    return text;
  }
}

/** Decodes a QR code from an image, a video frame or a canvas source; null if none is found. */
async function decodeQr(source, width, height) {
  if ("BarcodeDetector" in window) {
    try {
      const codes = await new BarcodeDetector({ formats: ["qr_code"] }).detect(source);
      if (codes.length) {
        return codes[0].rawValue;
      }
    } catch (e) {
      console.warn("BarcodeDetector failed, trying jsQR: " + e.message);
    }
  }
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext("2d", { willReadFrequently: true });
  context.drawImage(source, 0, 0, width, height);
  const found = jsQR(context.getImageData(0, 0, width, height).data, width, height);
  return found ? found.data : null;
}

/** Decodes the QR code in a picture file; null if it has none. */
async function decodeQrFile(file) {
  const bitmap = await createImageBitmap(file);
  try {
    return await decodeQr(bitmap, bitmap.width, bitmap.height);
  } finally {
    bitmap.close();
  }
}

/**
 * A camera scanner shown in a container holding a video element: start() reads frames until a QR
 * code is found (its text) or stop() is called (null); the camera is released either way.
 */
function qrScanner(container, video) {
  let scanning = null;
  const stop = () => {
    if (scanning) {
      scanning.getTracks().forEach((track) => track.stop());
      scanning = null;
    }
    video.srcObject = null;
    container.hidden = true;
  };
  const start = async () => {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      throw new ApiProblem(400, { reason: "NO_CAMERA", detail: t("error.noCamera") });
    }
    stop();
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    scanning = stream;
    video.srcObject = stream;
    container.hidden = false;
    await video.play();
    while (scanning === stream) {
      if (video.videoWidth) {
        const text = await decodeQr(video, video.videoWidth, video.videoHeight);
        if (text && scanning === stream) {
          stop();
          return text;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return null;
  };
  return { start, stop };
}
