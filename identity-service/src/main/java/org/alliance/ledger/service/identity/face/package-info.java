/**
 * The face engine: detection, alignment, embedding, eye state, head pose and passive liveness,
 * behind the {@link org.alliance.ledger.service.identity.face.FaceEngine} interface.
 */
package org.alliance.ledger.service.identity.face;
