package org.alliance.ledger.face;

import java.util.Objects;

/** An image the engine cannot use, with a machine-readable reason. */
public final class ImageRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why an image was rejected. */
    public enum Reason {
        /** The bytes are not a JPEG or PNG image. */
        NOT_AN_IMAGE,
        /** The image data ends early. */
        TRUNCATED,
        /** The image has more pixels than the engine accepts. */
        TOO_MANY_PIXELS,
        /** The image's decoded size is out of all proportion to its encoded size. */
        DECOMPRESSION_BOMB,
        /** No face was found. */
        NO_FACE,
        /** More than one face was found. */
        MULTIPLE_FACES,
        /** The face is too small, blurred or badly lit. */
        LOW_QUALITY
    }

    private final Reason reason;

    /**
     * Creates a rejection.
     *
     * @param reason the reason
     * @param message an explanation for people
     */
    public ImageRejectedException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * The machine-readable reason.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
