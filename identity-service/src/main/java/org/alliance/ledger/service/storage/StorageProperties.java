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
 */
@ConfigurationProperties("alliance.storage")
public record StorageProperties(String encryptionKey, @DefaultValue("PT1H") Duration purgeInterval) {
}
