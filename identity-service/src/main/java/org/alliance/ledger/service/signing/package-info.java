/** The service's record-signing key: PEM, PKCS#12, or a generated development SM2 key. */
package org.alliance.ledger.service.signing;
