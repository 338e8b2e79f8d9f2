/**
 * Byte and text encodings shared by every module: strict hex, and RFC 8785 canonical JSON for
 * anything that is hashed or signed.
 */
package org.alliance.ledger.core.codec;
