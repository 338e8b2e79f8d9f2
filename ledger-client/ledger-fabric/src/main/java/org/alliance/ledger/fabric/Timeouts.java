package org.alliance.ledger.fabric;

import java.time.Duration;
import java.util.Objects;

/**
 * How long each stage of a Fabric call may take. The ledger's builder sets the defaults; {@link
 * FabricLedger#withTimeouts} gives a view of the same ledger with others, for one call or many.
 *
 * @param evaluate a query or dry run
 * @param endorse collecting the endorsements of a write
 * @param submit handing the endorsed transaction to the ordering service
 * @param commitStatus waiting for a transaction's commit status
 */
public record Timeouts(Duration evaluate, Duration endorse, Duration submit, Duration commitStatus) {
    /** Evaluate 10 s, endorse 30 s, submit 10 s, commit status 60 s. */
    public static final Timeouts DEFAULTS = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(10), Duration.ofSeconds(60));

    /** Requires every timeout to be positive. */
    public Timeouts {
        positive(evaluate, "evaluate");
        positive(endorse, "endorse");
        positive(submit, "submit");
        positive(commitStatus, "commitStatus");
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " timeout must be positive, not " + d);
        }
    }

    /**
     * These timeouts with another commit-status wait.
     *
     * @param wait the new commit-status timeout
     * @return new timeouts
     */
    public Timeouts withCommitStatus(Duration wait) {
        return new Timeouts(evaluate, endorse, submit, wait);
    }
}
