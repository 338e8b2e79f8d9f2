/**
 * Mutual recognition: a member records that it recognises another member's approval or
 * certificate, or refuses it with a reason, relying on an agreement that covers the item.
 */
package org.alliance.ledger.service.recognition;
