package org.alliance.ledger.service.storage;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Personal-data storage settings ({@code alliance.storage.*}).
 *
 * @param encryptionKey the SM4 key, 32 hex characters; absent in development, where a key is
 *     generated into the data directory on first run
 * @param purgeInterval how often expired personal data is deleted
 * @param noteRetention how long a free-text note that came with a reason code is kept off the
 *     ledger (it may name a person); its hash stays on the ledger
 */
@ConfigurationProperties("alliance.storage")
public record StorageProperties(String encryptionKey, @DefaultValue("PT1H") Duration purgeInterval,
        @DefaultValue("P365D") Duration noteRetention) {
    /** Checks that notes go eventually. */
    public StorageProperties {
        if (noteRetention.isNegative() || noteRetention.isZero()) {
            throw new IllegalArgumentException("alliance.storage.note-retention must be positive");
        }
    }
}
