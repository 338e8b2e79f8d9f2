package org.alliance.ledger.face;

import java.util.List;

/**
 * Finds, checks and embeds the face in one image. The identity check depends only on this
 * interface, so the models behind it can be swapped by configuration.
 */
public interface FaceEngine {
    /**
     * Decodes and analyses one encoded image (JPEG/PNG); exactly one usable face is required.
     * Signals the mode leaves out are {@code NaN} in the result.
     *
     * @param encodedImage the encoded image bytes
     * @param mode which signals to measure besides the face and its embedding
     * @return the analysis of its one face
     * @throws ImageRejectedException if the image is unusable, with the reason
     */
    FaceAnalysis analyse(byte[] encodedImage, AnalysisMode mode) throws ImageRejectedException;

    /**
     * Analyses an image taken a moment after one whose face is known, in the same capture (the
     * colour flash's frames after the neutral frame): an engine may look for the face only near
     * where it was and at about its size, which costs less. Where it finds exactly one face there,
     * a second face elsewhere in the image is not looked for; where it does not, the whole image
     * is analysed as {@link #analyse(byte[], AnalysisMode)} does, with the same refusals. An
     * engine whose search is cheap anyway ignores the hint.
     *
     * @param encodedImage the encoded image bytes
     * @param mode which signals to measure besides the face and its embedding
     * @param near the face found in the earlier image, in its pixels
     * @return the analysis of its one face
     * @throws ImageRejectedException if the image is unusable, with the reason
     */
    default FaceAnalysis analyse(byte[] encodedImage, AnalysisMode mode, FaceBox near) throws ImageRejectedException {
        return analyse(encodedImage, mode);
    }

    /**
     * Analyses one image with every signal ({@link AnalysisMode#FULL}).
     *
     * @param encodedImage the encoded image bytes
     * @return the analysis of its one face
     * @throws ImageRejectedException if the image is unusable, with the reason
     */
    default FaceAnalysis analyse(byte[] encodedImage) throws ImageRejectedException {
        return analyse(encodedImage, AnalysisMode.FULL);
    }

    /**
     * Models in use, with name, version, source package, sha256, licence.
     *
     * @return the models
     */
    List<ModelInfo> models();

    /**
     * The model set in use: its id and the licence its manifest states for the whole set, which
     * the attestation records.
     *
     * @return the set
     */
    ModelSetInfo modelSet();

    /**
     * Cosine threshold for "same person" and the false-match rate measured at it.
     *
     * @return the match policy
     */
    MatchPolicy matchPolicy();
}
