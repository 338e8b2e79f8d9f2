package org.alliance.ledger.service.signing;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the service's record-signing key comes from ({@code alliance.signing.*}). Set at most one
 * of {@code key} and {@code keystore}; with neither, a development SM2 key is generated into the
 * data directory on first run.
 *
 * @param key a PEM PKCS#8 private key file
 * @param keystore a PKCS#12 key store file
 * @param keystorePassword the key store's password (also used for the key entry)
 * @param keyAlias the key entry's alias, or null if the store holds exactly one key
 */
@ConfigurationProperties("alliance.signing")
public record SigningProperties(Path key, Path keystore, String keystorePassword, String keyAlias) {
    /** Refuses two key sources at once, which would leave it unclear which key signs. */
    public SigningProperties {
        if (key != null && keystore != null) {
            throw new IllegalArgumentException("set alliance.signing.key or alliance.signing.keystore, not both");
        }
    }
}
