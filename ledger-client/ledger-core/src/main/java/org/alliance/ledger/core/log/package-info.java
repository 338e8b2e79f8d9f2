/**
 * The alliance log: an RFC 6962 Merkle tree over every committed batch root, in ledger order, and
 * the signed checkpoints that commit to it.
 *
 * <p>A member that produces a {@link org.alliance.ledger.core.checkpoint.Checkpoint} (alliance id, tree
 * size, root, hash algorithm, time) signs its RFC 8785 canonical bytes. The other members act as
 * {@link org.alliance.ledger.core.log.Witness witnesses}: each keeps the last checkpoint it
 * co-signed and co-signs a new one only after a consistency proof shows that the new tree extends
 * the old one. A member that rewrites or cuts off history therefore cannot gather co-signatures,
 * and the witness's {@link org.alliance.ledger.core.log.WitnessRefusal} holds the two signed
 * checkpoints and the proof, which lets anyone check the refusal later.
 *
 * <p>This is the same idea as the signed tree heads and witnesses of Certificate Transparency and
 * the transparency-dev checkpoint and witness formats, expressed in this project's canonical JSON
 * and SM2 / ECDSA signatures rather than in the signed-note text format.
 */
package org.alliance.ledger.core.log;
