package org.alliance.ledger.service.alliancelog;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Anchoring the alliance log's co-signed checkpoints outside the alliance
 * ({@code alliance.log.anchor.*}); off unless {@code url} is set.
 *
 * @param kind the anchoring provider's kind; {@code evm}, the one there is
 * @param url the chain node's URL (JSON-RPC over http(s) for the EVM)
 * @param contract the anchor contract's address
 * @param key the file holding the registered submitter account's private key (hex)
 * @param confirmations blocks, the including one counted, before an anchor counts as done
 * @param schedule how often the latest recorded checkpoint is anchored if it is not yet
 */
@ConfigurationProperties("alliance.log.anchor")
public record AnchorProperties(@DefaultValue("evm") String kind, URI url, String contract, Path key,
        @DefaultValue("6") int confirmations, @DefaultValue("PT1M") Duration schedule) {
    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException where a URL is set without the contract or key, or a
     *     number is out of range
     */
    public AnchorProperties {
        if (url != null) {
            List<String> missing = new ArrayList<>();
            if (contract == null || contract.isBlank()) {
                missing.add("alliance.log.anchor.contract");
            }
            if (key == null) {
                missing.add("alliance.log.anchor.key");
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("alliance.log.anchor.url is set, so anchoring needs " + String.join(" and ", missing));
            }
        }
        if (confirmations < 1) {
            throw new IllegalArgumentException("alliance.log.anchor.confirmations must be at least 1, got " + confirmations);
        }
        if (schedule.isNegative() || schedule.isZero()) {
            throw new IllegalArgumentException("alliance.log.anchor.schedule must be positive, got " + schedule);
        }
    }

    /**
     * Whether anchoring is configured.
     *
     * @return true when a node URL is set
     */
    public boolean configured() {
        return url != null;
    }
}
