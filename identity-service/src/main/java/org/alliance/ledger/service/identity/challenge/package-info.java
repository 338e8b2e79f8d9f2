/** Liveness challenges: random action sequences with single-use, expiring nonces. */
package org.alliance.ledger.service.identity.challenge;
