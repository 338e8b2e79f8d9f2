/**
 * The figures of the benchmark reports: a bench builds one or more {@link org.alliance.ledger.bench.Plot}s from
 * what it measured and writes them side by side as one PNG next to its markdown report. A plot shows a
 * measured figure beside the baseline measured in the same run, and the goal as a dashed line where
 * the bench has one, so that a reader sees at a glance how far the result is from both.
 */
package org.alliance.ledger.bench;
