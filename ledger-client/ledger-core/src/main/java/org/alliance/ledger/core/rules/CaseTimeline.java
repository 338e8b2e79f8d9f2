package org.alliance.ledger.core.rules;

import java.util.List;

/**
 * A case with every step, for auditors: who did what when, how long each step took, and whether
 * the case kept its time limit.
 *
 * @param status the case's current state
 * @param steps every step in order, the receipt first
 * @param asOf the time the view was computed for, RFC 3339
 * @param overdue whether the result came after the deadline, or, for an open case, whether
 *     {@code asOf} is past it
 */
public record CaseTimeline(CaseStatus status, List<CaseStepView> steps, String asOf, boolean overdue) {
    /** Copies the steps. */
    public CaseTimeline {
        steps = List.copyOf(steps);
    }
}
