package org.alliance.ledger.service.alliancelog;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.alliance.ledger.core.checkpoint.Checkpoint;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Alliance log settings ({@code alliance.log.*}).
 *
 * @param id the log's alliance id, which every checkpoint names (letters, digits, {@code .},
 *     {@code -}); all members must use the same
 * @param agreement the agreement whose members' registered record keys are trusted for checkpoints
 * @param produce whether this instance checkpoints the log and gathers co-signatures; one member
 *     of an alliance does, since the ledger keeps one chain of log checkpoints
 * @param interval how often the producer looks for a grown log
 * @param witnesses the other members' service instances, MSP id to base URL, that the producer
 *     asks for co-signatures
 * @param minCosignatures how many co-signatures a checkpoint needs before it is recorded; absent
 *     means one from every configured witness
 * @param witnessTimeout how long the producer waits for one witness's answer
 */
@ConfigurationProperties("alliance.log")
public record AllianceLogProperties(@DefaultValue("DEMO-ALLIANCE") String id,
        @DefaultValue("agr-demo-alliance") String agreement, @DefaultValue("false") boolean produce,
        @DefaultValue("PT30S") Duration interval, Map<String, URI> witnesses, Integer minCosignatures,
        @DefaultValue("PT5S") Duration witnessTimeout) {
    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException for a malformed id, a non-positive interval or timeout, a
     *     witness URL that is not http(s), or a co-signature count the witnesses cannot reach
     */
    public AllianceLogProperties {
        try {
            Checkpoint.requireAllianceId(id);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("alliance.log.id: " + e.getMessage(), e);
        }
        Objects.requireNonNull(agreement, "alliance.log.agreement");
        witnesses = witnesses == null ? Map.of() : Map.copyOf(witnesses);
        if (interval.isNegative() || interval.isZero() || witnessTimeout.isNegative() || witnessTimeout.isZero()) {
            throw new IllegalArgumentException("alliance.log.interval and alliance.log.witness-timeout must be positive");
        }
        witnesses.forEach((org, url) -> {
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                throw new IllegalArgumentException("alliance.log.witnesses." + org + " must be an http(s) URL, got " + url);
            }
        });
        if (minCosignatures != null && (minCosignatures < 0 || minCosignatures > witnesses.size())) {
            throw new IllegalArgumentException("alliance.log.min-cosignatures must be 0 to the number of witnesses ("
                    + witnesses.size() + "), got " + minCosignatures);
        }
    }

    /**
     * The co-signatures a checkpoint needs.
     *
     * @return {@link #minCosignatures()} or the number of witnesses
     */
    public int requiredCosignatures() {
        return minCosignatures != null ? minCosignatures : witnesses.size();
    }
}
