package org.alliance.ledger.core.rules;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.alliance.ledger.core.checkpoint.Checkpoint;
import org.alliance.ledger.core.checkpoint.Extension;
import org.alliance.ledger.core.checkpoint.SignedCheckpoint;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.merkle.ConsistencyProof;
import org.alliance.ledger.core.record.CheckpointSignature;
import org.alliance.ledger.core.record.LogCheckpointBody;
import org.alliance.ledger.core.record.Role;

/**
 * Log checkpoints: a service or admin records a checkpoint of the alliance log that it signed and
 * other members co-signed. The rules check every signature against the keys the members
 * registered in their agreements, and that the checkpoint extends the alliance's previous
 * recorded one by the consistency proof it carries, with the same decision a witness makes. So
 * the ledger keeps one append-only history of checkpoints, and a truncated or rewritten one is
 * refused here as it is by the witnesses.
 *
 * <p>What the rules cannot check is that the root is the tree of this ledger's batch roots: the
 * world state keeps batches by id, not in ledger order. That is the witnesses' part, and every
 * reader's who holds the ledger.
 */
final class LogCheckpointRule {
    private LogCheckpointRule() {
    }

    static String apply(RecordContext c, LogCheckpointBody b) {
        c.requireRole(Role.SERVICE, Role.ADMIN);
        SignedCheckpoint signed = SignedCheckpoint.recorded(c.record());
        Checkpoint checkpoint = signed.checkpoint();
        byte[] bytes = checkpoint.canonicalBytes();
        BiPredicate<String, PublicKey> registered = (org, key) -> registeredKey(c, org, key);
        List<CheckpointSignature> all = new ArrayList<>(signed.cosignatures());
        all.addFirst(signed.signature());
        for (CheckpointSignature s : all) {
            s.problem(bytes, registered).ifPresent(p -> {
                throw new RuleException(ErrorCode.BAD_SIGNATURE, "checkpoint: " + p);
            });
        }
        Optional<Checkpoint> previous = previous(c);
        if (previous.isEmpty()) {
            if (!b.proof().isEmpty()) {
                throw new RuleException(ErrorCode.MALFORMED_INPUT, "the first log checkpoint of " + b.allianceId()
                        + " has no earlier one to prove consistency with, so its proof must be empty");
            }
            return null;
        }
        ConsistencyProof proof = new ConsistencyProof(previous.get().treeSize(), b.treeSize(),
                b.proof().stream().map(Hex::decode).toList());
        Extension.check(previous.get(), checkpoint, proof).ifPresent(f -> {
            throw new RuleException(f.kind() == Extension.Kind.PROOF_MISMATCH ? ErrorCode.MALFORMED_INPUT
                    : ErrorCode.WRONG_STATE, f.kind() + ": the checkpoint does not extend the recorded checkpoint of size "
                    + previous.get().treeSize() + ": " + f.message());
        });
        return null;
    }

    /** Whether the org registered this key in one of its active agreements. */
    static boolean registeredKey(RecordContext c, String org, PublicKey key) {
        String encoded = Base64.getEncoder().encodeToString(key.getEncoded());
        return c.registry().org(org).stream().flatMap(e -> e.memberships().stream())
                .anyMatch(m -> m.signingKeys().contains(encoded));
    }

    /** The alliance's latest recorded log checkpoint: the head of the record's subject. */
    private static Optional<Checkpoint> previous(RecordContext c) {
        return c.tx().read(StateKeys.head(c.record().subject()), Registry.SubjectHead.class)
                .flatMap(head -> c.tx().read(StateKeys.record(head.recordId()), StoredRecord.class))
                .map(stored -> SignedCheckpoint.recorded(stored.signedRecord().record()).checkpoint());
    }
}
