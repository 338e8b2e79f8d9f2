package org.alliance.ledger.service.config;

import java.nio.file.Path;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Service-wide settings ({@code alliance.*}).
 *
 * @param dataDir where the service keeps its embedded database, embedded ledger and generated
 *     development keys
 * @param org the MSP id of the org this service acts for
 */
@ConfigurationProperties("alliance")
public record AllianceProperties(@DefaultValue("./.alliance/service") Path dataDir,
        @DefaultValue("ZhangzhouMSP") String org) {
    /** Checks that both are present. */
    public AllianceProperties {
        Objects.requireNonNull(dataDir, "alliance.data-dir");
        Objects.requireNonNull(org, "alliance.org");
    }
}
