/**
 * The client-facing ledger API: {@link org.alliance.ledger.core.ledger.EvidenceLedger} is what
 * services program against, whichever ledger (embedded or Fabric) runs underneath.
 */
package org.alliance.ledger.core.ledger;
