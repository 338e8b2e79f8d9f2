/**
 * Anchoring the alliance log's co-signed checkpoints outside the alliance, as a service provider
 * interface: {@link org.alliance.ledger.core.anchoring.CheckpointAnchoring} is what the service
 * calls, and an implementation (the EVM anchorer in ledger-evm) is found at run time with
 * {@link java.util.ServiceLoader}, so nothing that uses anchoring depends on an anchoring client's
 * libraries at compile time.
 */
package org.alliance.ledger.core.anchoring;
