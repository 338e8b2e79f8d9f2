/**
 * The refusals every layer shares: {@link org.alliance.ledger.core.error.ErrorCode}, the stable
 * codes of the evidence rules, and {@link org.alliance.ledger.core.error.RuleException}, which
 * carries one. At the bottom of ledger-core's packages, so records, state and rules can all refuse
 * with the same codes without depending on each other.
 */
package org.alliance.ledger.core.error;
