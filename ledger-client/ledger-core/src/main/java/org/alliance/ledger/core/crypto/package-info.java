/**
 * Hashing, keys and signatures for the two algorithm families the alliance accepts: SHA-256 with
 * ECDSA over P-256, and the Chinese national standards SM3 with SM2.
 *
 * <p>Bouncy Castle supplies SM2 (and the SM3 inside SM2 signatures). SM3 as a hash is {@link
 * org.alliance.ledger.core.crypto.Sm3}, written here for the speed of Merkle proofs and checked
 * against Bouncy Castle's. Bouncy Castle's provider is used as an explicit object rather than
 * installed into {@link java.security.Security}, so that loading this package never changes the
 * process-wide provider list of an application that embeds it.
 */
package org.alliance.ledger.core.crypto;
