package org.alliance.ledger.service.identity.check;

import java.util.List;
import java.util.Objects;

/**
 * The raw input of one identity check, as the API received it.
 *
 * @param idNumber the ID number as entered
 * @param name the name as entered
 * @param cardValidFrom the card's first valid day
 * @param cardValidTo the card's last valid day, or 长期
 * @param referencePhoto the encoded reference photo (chip or registry photo)
 * @param frames the encoded live frames, in capture order
 * @param flashFrames the encoded frames captured while the screen flashed the challenge's colours,
 *     in capture order; empty if none were sent
 * @param flashTimesMs each flash frame's capture time, milliseconds since the first colour appeared
 * @param nonce the challenge nonce
 * @param deviceId the device's id, or null
 * @param consent whether the person consented to the check and the storage of their data
 */
public record CheckSubmission(String idNumber, String name, String cardValidFrom, String cardValidTo,
        byte[] referencePhoto, List<byte[]> frames, List<byte[]> flashFrames, long[] flashTimesMs, String nonce,
        String deviceId, boolean consent) {
    /** Copies the frames and checks the images are present. */
    public CheckSubmission {
        Objects.requireNonNull(referencePhoto, "referencePhoto");
        frames = List.copyOf(frames);
        flashFrames = List.copyOf(flashFrames);
        flashTimesMs = flashTimesMs.clone();
    }

    /** Never prints the ID number, the name or the images. */
    @Override
    public String toString() {
        return "CheckSubmission[" + frames.size() + " frames, " + flashFrames.size() + " flash frames, nonce "
                + nonce + "]";
    }
}
