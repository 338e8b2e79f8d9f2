/**
 * Cross-region cases: receive at the accepting region, forward, approve, reject or ask
 * for material in the home region, supplement, issue at a chosen window, close. Each step is a
 * signed {@code CASE} or {@code CASE_STEP} record, checked against the case's current state on the
 * ledger and the records still in this service's outbox before it is acknowledged, then written
 * through the outbox.
 */
package org.alliance.ledger.service.cases;
