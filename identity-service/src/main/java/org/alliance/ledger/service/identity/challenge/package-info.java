/** Liveness challenges: random action and screen-colour sequences with single-use, expiring nonces. */
package org.alliance.ledger.service.identity.challenge;
