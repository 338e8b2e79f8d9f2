/**
 * The face engine's Spring wiring: which engine and liveness judge the service uses, from the
 * {@code alliance.identity.face.*} properties. The engine itself is the face-engine module
 * ({@link org.alliance.ledger.face.FaceEngine}).
 */
package org.alliance.ledger.service.identity.face;
