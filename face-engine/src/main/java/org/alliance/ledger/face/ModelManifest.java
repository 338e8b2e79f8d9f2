package org.alliance.ledger.face;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The committed description of the engine's models ({@code models/manifest.json}): what each
 * file is, where it came from, its licence and its SHA-256, plus the decision thresholds and
 * the error rates measured at them. Files are verified against it before they are loaded.
 *
 * @param set the set's id and licence, as attestations name them
 * @param entries the models by role
 * @param matchPolicy the embedding's match rule
 */
record ModelManifest(ModelSetInfo set, Map<String, Entry> entries, MatchPolicy matchPolicy) {
    /** Roles the engine needs, in pipeline order. */
    static final List<String> ROLES = List.of("detector", "landmarks", "embedding", "head-pose", "eye-state",
            "passive-liveness");
    /**
     * Optional role: a dlib shape predictor whose five points align the face for the embedding
     * (dlib's chip) instead of the ArcFace template on five of the 68 landmarks.
     */
    static final String ALIGNMENT = "alignment";
    /** The one licence a set may claim only when every one of its models carries it. */
    static final String CC0 = "CC0-1.0";

    ModelManifest {
        Objects.requireNonNull(set, "set");
        entries = Map.copyOf(entries);
        Objects.requireNonNull(matchPolicy, "matchPolicy");
        for (String role : ROLES) {
            if (!entries.containsKey(role)) {
                throw new IllegalArgumentException("manifest lacks a model for role " + role);
            }
        }
        // The set's licence goes into every attestation; a CC0 claim must hold for each file.
        if (CC0.equals(set.licence())) {
            List<String> others = new ArrayList<>();
            for (String role : roles(entries)) {
                if (!CC0.equals(entries.get(role).info().licence())) {
                    others.add(entries.get(role).file());
                }
            }
            if (!others.isEmpty()) {
                throw new IllegalArgumentException("manifest says the set is " + CC0 + " but these models are not: "
                        + String.join(", ", others));
            }
        }
    }

    /**
     * One model file.
     *
     * @param info what the attestation says about it
     * @param file file name, relative to the manifest
     * @param threshold the role's decision threshold (detector score, match cosine), or NaN
     */
    record Entry(ModelInfo info, String file, double threshold) {
        Entry {
            Objects.requireNonNull(info, "info");
            if (file == null || file.isBlank() || file.contains("/") || file.contains("\\")) {
                throw new IllegalArgumentException("model file must be a plain file name: " + file);
            }
            if (info.sha256() == null || !info.sha256().matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("model " + file + " needs a lowercase hex sha256");
            }
        }
    }

    /**
     * Reads a manifest.
     *
     * @param in the JSON
     * @return the manifest
     * @throws UncheckedIOException if it cannot be read
     * @throws IllegalArgumentException if it is incomplete
     */
    static ModelManifest read(InputStream in) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable model manifest", e);
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (JsonNode m : root.path("models")) {
            String role = text(m, "role");
            ModelInfo info = new ModelInfo(role, text(m, "name"), text(m, "version"), text(m, "sourcePackage"),
                    text(m, "sha256"), text(m, "licence"));
            if (entries.put(role, new Entry(info, text(m, "file"), m.path("threshold").asDouble(Double.NaN))) != null) {
                throw new IllegalArgumentException("manifest names two models for role " + role);
            }
        }
        JsonNode embedding = null;
        for (JsonNode m : root.path("models")) {
            if ("embedding".equals(m.path("role").asText())) {
                embedding = m;
            }
        }
        if (embedding == null) {
            throw new IllegalArgumentException("manifest lacks a model for role embedding");
        }
        MatchPolicy policy = new MatchPolicy(text(embedding, "name") + "@" + text(embedding, "version"),
                number(embedding, "threshold"), number(embedding, "falseMatchRate"),
                number(embedding, "falseNonMatchRate"));
        return new ModelManifest(new ModelSetInfo(text(root, "set"), text(root, "licence")), entries, policy);
    }

    /**
     * Reads a file and checks it against its SHA-256 before anything executes it.
     *
     * @param role the model's role
     * @param bytes the file's bytes
     * @return the bytes, unchanged
     * @throws IllegalStateException if the checksum differs
     */
    byte[] verified(String role, byte[] bytes) {
        Entry entry = entries.get(role);
        String actual = Hashes.sha256Hex(bytes);
        if (!actual.equals(entry.info().sha256())) {
            throw new IllegalStateException("model " + entry.file() + " has sha256 " + actual + ", manifest says "
                    + entry.info().sha256());
        }
        return bytes;
    }

    /**
     * Loads and verifies every model file from a directory.
     *
     * @param dir the directory holding the files
     * @return file bytes by role
     */
    Map<String, byte[]> loadFrom(Path dir) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String role : roles()) {
            try {
                files.put(role, verified(role, Files.readAllBytes(dir.resolve(entries.get(role).file()))));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read model " + entries.get(role).file() + " in " + dir, e);
            }
        }
        return files;
    }

    /**
     * The roles this manifest fills: the required ones, then alignment if it names one.
     *
     * @return roles in pipeline order
     */
    List<String> roles() {
        return roles(entries);
    }

    private static List<String> roles(Map<String, Entry> entries) {
        if (!entries.containsKey(ALIGNMENT)) {
            return ROLES;
        }
        List<String> roles = new ArrayList<>(ROLES);
        roles.add(ALIGNMENT);
        return List.copyOf(roles);
    }

    /**
     * The models, in pipeline order, as the engine reports them.
     *
     * @return the model descriptions
     */
    List<ModelInfo> models() {
        List<ModelInfo> list = new ArrayList<>();
        for (String role : roles()) {
            list.add(entries.get(role).info());
        }
        return List.copyOf(list);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("model manifest " + (node.has("models") ? "" : "entry ")
                    + "lacks \"" + field + "\"");
        }
        return value.asText();
    }

    private static double number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException("embedding model entry lacks numeric \"" + field + "\"");
        }
        return value.asDouble();
    }
}
