package org.alliance.ledger.core.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import org.alliance.ledger.core.checkpoint.SignedCheckpoint;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.log.AllianceLog;
import org.alliance.ledger.core.log.Witness;
import org.alliance.ledger.core.log.WitnessDecision;
import org.alliance.ledger.core.merkle.ConsistencyProof;

/** Alliance logs and co-signed checkpoints for tests. */
public final class TestLogs {
    /** The alliance id the tests' logs use. */
    public static final String ALLIANCE = "DEMO-ALLIANCE";

    private TestLogs() {
    }

    /**
     * The root of the {@code i}-th batch of the honest history.
     *
     * @param alg the hash
     * @param i the batch number
     * @return a digest standing for a batch root
     */
    public static byte[] batchRoot(HashAlgorithm alg, int i) {
        return alg.digest(("batch-" + i).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A log of {@code size} batch roots, all honest but the one at {@code rewritten}.
     *
     * @param alg the hash
     * @param size the number of batch roots
     * @param rewritten the index of the rewritten root, or -1 for none
     * @return the log
     */
    public static AllianceLog log(HashAlgorithm alg, int size, int rewritten) {
        AllianceLog log = new AllianceLog(ALLIANCE, alg);
        for (int i = 0; i < size; i++) {
            log.append(batchRoot(alg, i == rewritten ? 1000 + i : i));
        }
        return log;
    }

    /**
     * Asks every witness but the producer to co-sign, requires each to agree, and gathers the
     * co-signatures.
     *
     * @param candidate the producer's signed checkpoint
     * @param proof the consistency proof from the witnesses' last co-signed size, or {@code null}
     * @param witnesses the members acting as witnesses
     * @return the checkpoint with every co-signature
     */
    public static SignedCheckpoint cosign(SignedCheckpoint candidate, ConsistencyProof proof,
            Collection<Witness> witnesses) {
        SignedCheckpoint gathered = candidate;
        for (Witness w : witnesses) {
            if (w.org().equals(candidate.checkpoint().org())) {
                continue;
            }
            WitnessDecision d = w.cosign(candidate, proof);
            assertThat(d).as("witness %s", w.org()).isInstanceOf(WitnessDecision.Cosigned.class);
            gathered = gathered.merge(((WitnessDecision.Cosigned) d).checkpoint());
        }
        return gathered;
    }
}
