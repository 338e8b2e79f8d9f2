/**
 * The face engine: detection, alignment, embedding, eye state, head pose and passive liveness,
 * behind the {@link org.alliance.ledger.face.FaceEngine} interface.
 */
package org.alliance.ledger.face;
