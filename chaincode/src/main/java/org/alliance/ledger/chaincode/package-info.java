/**
 * The Fabric chaincode: a thin adapter from Fabric's stub to the evidence rules in ledger-core.
 * It holds no business rules; every decision about what may be written is made by
 * {@code org.alliance.ledger.core.rules.EvidenceRules}, exactly as in the embedded ledger.
 *
 * <p><b>Identity.</b> The caller's org is the MSP id of the transaction's creator. The caller's
 * role is the certificate attribute {@code alliance.role} (Fabric CA attribute extension
 * {@code 1.2.3.4.5.6.7.8.1}, for example {@code {"attrs":{"alliance.role":"approver"}}}). An
 * identity without that attribute is {@code admin} if its subject holds the NodeOU
 * {@code OU=admin}, and otherwise has no role: its writes are refused with {@code WRONG_ROLE}.
 * Queries need no role. See {@link org.alliance.ledger.chaincode.CallerResolver}.
 *
 * <p><b>Errors.</b> A refusal by the rules becomes a {@code ChaincodeException} whose message is
 * {@code CODE: explanation} and whose payload is the UTF-8 code name, so clients can branch on the
 * payload. Input that cannot be parsed is {@code MALFORMED_INPUT}. Anything else is logged and
 * reported as {@code INTERNAL} without internal details. See
 * {@link org.alliance.ledger.chaincode.ChaincodeErrors}.
 *
 * <p><b>State.</b> {@link org.alliance.ledger.chaincode.StubWorldState} maps the rules' world
 * state onto the stub, sets a state-based endorsement policy naming the owner org's peer on keys
 * that record one org's decision, and uses paginated queries only in evaluate transactions.
 */
package org.alliance.ledger.chaincode;
