package org.alliance.ledger.core.crypto;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** Holder of the private Bouncy Castle provider instance (see the package documentation). */
final class Providers {
    /** The provider passed explicitly to every JCA factory in this package. */
    static final Provider BC = new BouncyCastleProvider();

    private Providers() {
    }
}
