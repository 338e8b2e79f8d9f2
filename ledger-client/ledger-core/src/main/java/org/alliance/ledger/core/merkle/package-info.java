/**
 * RFC 6962 (Certificate Transparency) Merkle trees over a pluggable hash: building trees and
 * roots, producing inclusion and consistency proofs, and verifying them.
 *
 * <p>Leaf hash {@code H(0x00 || data)}, node hash {@code H(0x01 || left || right)}, empty tree
 * {@code H()}. The domain-separation prefixes keep a leaf from being passed off as an inner node
 * (the second-preimage attack on plain Merkle trees). Verification follows the index/size
 * decomposition of RFC 9162 section 2.1.3 and 2.1.4, which needs no tree, only the proof.
 */
package org.alliance.ledger.core.merkle;
