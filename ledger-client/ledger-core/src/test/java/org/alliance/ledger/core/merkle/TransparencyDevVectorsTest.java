package org.alliance.ledger.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.codec.JsonInputException;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The published RFC 6962 proof vectors of transparency-dev/merkle (its {@code testdata/inclusion}
 * and {@code testdata/consistency} folders), read as data at test time and never copied into the
 * project: every case must be accepted or refused as the vector says.
 *
 * <p>The folder is {@code shared/testdata/transparency-dev-merkle} beside an ancestor of the
 * working directory, or the directory named by the system property {@value #PROPERTY} or the
 * environment variable {@value #ENV}. Without it the test is skipped, and says so on one line.
 *
 * <p>Each case goes through the project's own proof JSON parser, as a proof file given to the CLI
 * would, then through {@link MerkleVerifier}. One deliberate difference: this verifier knows its
 * hash and refuses a root or leaf hash of the wrong length ({@link ProofException.Reason#BAD_HASH_LENGTH})
 * even where the upstream verifier accepts the case because the two equal "roots" are all it
 * compares (equal sizes with placeholder roots). Such a case must be refused for exactly that reason.
 */
class TransparencyDevVectorsTest {
    static final String PROPERTY = "alliance.testdata.transparency-dev-merkle";
    static final String ENV = "ALLIANCE_TESTDATA_TRANSPARENCY_DEV_MERKLE";
    private static final HashAlgorithm SHA = HashAlgorithm.SHA256;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the project's parser and verifier made of one case. */
    private record Outcome(boolean accepted, ProofException.Reason reason, String detail) {
    }

    @Test
    void inclusionAndConsistencyProofsAgreeWithEveryPublishedVector() throws IOException {
        Path root = vectorFolder();
        Tally inclusion = checkAll(root.resolve("inclusion"), this::inclusion);
        Tally consistency = checkAll(root.resolve("consistency"), this::consistency);
        for (Tally t : List.of(inclusion, consistency)) {
            assertThat(t.accepted()).as("vectors to accept").isPositive();
            assertThat(t.refused()).as("vectors to refuse").isPositive();
        }
        System.out.println("transparency-dev/merkle vectors from " + root + ": inclusion " + inclusion
                + ", consistency " + consistency + ", all as the vectors say");
    }

    /** How many cases were accepted, refused, and refused only for a placeholder hash length. */
    private record Tally(int accepted, int refused, int placeholderLength) {
        @Override
        public String toString() {
            return accepted + " accepted, " + refused + " refused (" + placeholderLength
                    + " of them valid upstream but with a placeholder root)";
        }
    }

    private interface Case {
        Outcome run(JsonNode vector);
    }

    private Tally checkAll(Path folder, Case check) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        List<String> disagreements = new ArrayList<>();
        int accepted = 0;
        int placeholder = 0;
        for (Path file : files) {
            JsonNode vector = JSON.readTree(file.toFile());
            boolean wantErr = vector.get("wantErr").asBoolean();
            Outcome outcome = check.run(vector);
            String name = folder.relativize(file) + " (" + vector.path("desc").asText() + ")";
            accepted += outcome.accepted() ? 1 : 0;
            boolean placeholderRoot = hasForeignLength(vector) && outcome.reason() == ProofException.Reason.BAD_HASH_LENGTH;
            placeholder += !wantErr && placeholderRoot ? 1 : 0;
            if (wantErr && outcome.accepted()) {
                disagreements.add(name + ": accepted, but the vector wants it refused");
            } else if (!wantErr && !outcome.accepted() && !placeholderRoot) {
                disagreements.add(name + ": refused (" + outcome.detail() + "), but the vector wants it accepted");
            }
        }
        assertThat(disagreements).as("cases in %s where the project disagrees", folder).isEmpty();
        return new Tally(accepted, files.size() - accepted, placeholder);
    }

    private Outcome inclusion(JsonNode v) {
        return outcome(() -> {
            InclusionProof proof = InclusionProof.fromJson(proofJson("leafIndex", v.get("leafIdx"), "treeSize",
                    v.get("treeSize"), v.get("proof")), SHA);
            MerkleVerifier.verifyInclusionOfHash(SHA, bytes(v.get("leafHash")), proof, bytes(v.get("root")));
        });
    }

    private Outcome consistency(JsonNode v) {
        return outcome(() -> {
            ConsistencyProof proof = ConsistencyProof.fromJson(proofJson("fromSize", v.get("size1"), "toSize",
                    v.get("size2"), v.get("proof")), SHA);
            MerkleVerifier.verifyConsistency(SHA, proof, bytes(v.get("root1")), bytes(v.get("root2")));
        });
    }

    private static Outcome outcome(Runnable verification) {
        try {
            verification.run();
            return new Outcome(true, null, "accepted");
        } catch (ProofException e) {
            return new Outcome(false, e.reason(), e.reason() + ": " + e.getMessage());
        } catch (JsonInputException e) {
            // Only numbers beyond a non-negative long get here (an index wrapped to 2^64 - 1).
            return new Outcome(false, null, e.getMessage());
        }
    }

    /** The vector's proof in the project's JSON form, numbers copied verbatim (so 2^64 - 1 stays that). */
    private static String proofJson(String first, JsonNode a, String second, JsonNode b, JsonNode hashes) {
        List<String> hex = new ArrayList<>();
        if (hashes != null && !hashes.isNull()) {
            hashes.forEach(h -> hex.add("\"" + Hex.encode(Base64.getDecoder().decode(h.asText())) + "\""));
        }
        return "{\"" + first + "\":" + a + ",\"" + second + "\":" + b + ",\"hashes\":[" + String.join(",", hex) + "]}";
    }

    private static byte[] bytes(JsonNode base64) {
        return base64 == null || base64.isNull() ? new byte[0] : Base64.getDecoder().decode(base64.asText());
    }

    /** Whether a root or leaf hash of the case is not a SHA-256 digest (a placeholder). */
    private static boolean hasForeignLength(JsonNode v) {
        return Stream.of("root", "leafHash", "root1", "root2")
                .filter(v::has)
                .anyMatch(f -> bytes(v.get(f)).length != SHA.length());
    }

    /** The vector folder, or a skip that says plainly why. */
    private static Path vectorFolder() {
        String configured = Optional.ofNullable(System.getProperty(PROPERTY)).orElse(System.getenv(ENV));
        Optional<Path> folder = configured == null || configured.isBlank() ? search() : Optional.of(Path.of(configured))
                .filter(Files::isDirectory);
        if (folder.isEmpty()) {
            String message = "SKIPPED: transparency-dev/merkle vectors not found: " + (configured == null || configured.isBlank()
                    ? "no shared/testdata/transparency-dev-merkle beside an ancestor of " + Path.of("").toAbsolutePath()
                        + " (or set -D" + PROPERTY + " or $" + ENV + ")"
                    : configured + " (from -D" + PROPERTY + " or $" + ENV + ") is not a directory");
            System.out.println(message);
            Assumptions.abort(message);
        }
        return folder.get();
    }

    private static Optional<Path> search() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("testdata").resolve("transparency-dev-merkle");
            if (Files.isDirectory(candidate.resolve("inclusion")) && Files.isDirectory(candidate.resolve("consistency"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
