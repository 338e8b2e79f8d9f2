package org.alliance.ledger.core.bundle;

import java.util.List;
import java.util.Objects;

/**
 * The result of verifying an evidence bundle: an overall status and every individual check with
 * its reason, so that a person can see what exactly failed.
 *
 * @param status the overall status
 * @param checks the checks in the order they were made
 */
public record Verdict(Status status, List<Check> checks) {

    /** The overall status. */
    public enum Status {
        /** Every check passed. */
        VALID,
        /** At least one check failed. */
        INVALID,
        /**
         * Nothing failed, but the anchor is of a kind this verifier cannot check, so the bundle is
         * not proven. Treat it like {@link #INVALID} when deciding whether to rely on the record.
         */
        UNSUPPORTED_ANCHOR
    }

    /** The outcome of one check. */
    public enum Outcome {
        /** The check passed. */
        PASS,
        /** The check failed. */
        FAIL,
        /** The check was not made because a check it depends on failed. */
        NOT_CHECKED,
        /** The check cannot be made by this verifier. */
        UNSUPPORTED
    }

    /**
     * One check.
     *
     * @param name a stable upper-case name, such as {@code RECORD_SIGNATURE}
     * @param outcome the outcome
     * @param reason why it passed or failed, for people
     */
    public record Check(String name, Outcome outcome, String reason) {
        /** Checks that every part is present. */
        public Check {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(reason, "reason");
        }

        /**
         * A passed check.
         *
         * @param name the check name
         * @param reason what was established
         * @return the check
         */
        public static Check pass(String name, String reason) {
            return new Check(name, Outcome.PASS, reason);
        }

        /**
         * A failed check.
         *
         * @param name the check name
         * @param reason what is wrong
         * @return the check
         */
        public static Check fail(String name, String reason) {
            return new Check(name, Outcome.FAIL, reason);
        }

        /**
         * A check that passes or fails on a condition.
         *
         * @param name the check name
         * @param ok whether it passed
         * @param passReason the reason if it passed
         * @param failReason the reason if it failed
         * @return the check
         */
        public static Check of(String name, boolean ok, String passReason, String failReason) {
            return ok ? pass(name, passReason) : fail(name, failReason);
        }
    }

    /** Copies the checks and requires the status to agree with them. */
    public Verdict {
        Objects.requireNonNull(status, "status");
        checks = List.copyOf(checks);
        if (status != statusOf(checks)) {
            throw new IllegalArgumentException("status " + status + " does not follow from the checks");
        }
    }

    /**
     * Builds a verdict whose status follows from the checks: any failure makes it invalid; no
     * failure but an unsupported check makes it unsupported; otherwise it is valid.
     *
     * @param checks the checks made
     * @return the verdict
     */
    public static Verdict of(List<Check> checks) {
        return new Verdict(statusOf(checks), checks);
    }

    private static Status statusOf(List<Check> checks) {
        if (checks.isEmpty() || checks.stream().anyMatch(c -> c.outcome() == Outcome.FAIL || c.outcome() == Outcome.NOT_CHECKED)) {
            return Status.INVALID;
        }
        return checks.stream().anyMatch(c -> c.outcome() == Outcome.UNSUPPORTED) ? Status.UNSUPPORTED_ANCHOR : Status.VALID;
    }

    /**
     * Whether the bundle is proven.
     *
     * @return true only for {@link Status#VALID}
     */
    public boolean valid() {
        return status == Status.VALID;
    }
}
