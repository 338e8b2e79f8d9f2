/**
 * Evidence bundles and their offline verification.
 *
 * <p>An {@link org.alliance.ledger.core.bundle.EvidenceBundle} carries one signed record, its
 * Merkle inclusion proof, the batch root and the ledger anchor of that root. A
 * {@link org.alliance.ledger.core.bundle.BundleVerifier} checks it against a
 * {@link org.alliance.ledger.core.bundle.TrustStore} of the alliance's org keys and returns a
 * {@link org.alliance.ledger.core.bundle.Verdict} that lists every check and why it passed or
 * failed. An {@link org.alliance.ledger.core.bundle.EvidencePackage} carries an auditor's view
 * with the bundle of every record it cites; a {@link org.alliance.ledger.core.bundle.PackageVerifier}
 * checks the bundles and the view's facts against their records. Everything here is pure: the caller reads files and hands over their contents.
 */
package org.alliance.ledger.core.bundle;
