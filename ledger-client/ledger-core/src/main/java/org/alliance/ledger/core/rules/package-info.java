/**
 * The evidence rules: the one place that decides what may be written to the ledger.
 *
 * <p>{@link org.alliance.ledger.core.rules.EvidenceRules} validates a whole batch of signed
 * records against the world state (formats, signatures, signing keys, {@code prev} chains,
 * personal data, agreements, the case state machine, certificates, recognitions and
 * checkpoints) and only then writes it, so a refused batch changes nothing. The Fabric
 * chaincode and the embedded ledger both call it; neither copies a rule.
 */
package org.alliance.ledger.core.rules;
