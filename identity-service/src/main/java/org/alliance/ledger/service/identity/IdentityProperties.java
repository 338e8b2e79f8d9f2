package org.alliance.ledger.service.identity;

import java.time.Duration;
import java.util.List;
import org.alliance.ledger.face.ChallengeAction;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Identity check settings ({@code alliance.identity.*}).
 *
 * @param challenge the liveness challenge settings
 * @param retention how long a check's encrypted personal data is kept
 * @param subjectSecret the alliance secret for subject references, hex (at least 32 bytes);
 *     absent in development, where one is generated into the data directory
 * @param subjectAlgorithm {@code hmac-sm3} or {@code hmac-sha256}
 * @param consentVersion the version of the consent text the client shows, recorded with each check
 * @param nameMaxLength the longest accepted name, in characters
 * @param maxFrames the most challenge frames one check may carry
 * @param defaultDeviceId the device id recorded when a client sends none; it must be registered
 *     in {@code devices} like any other
 * @param devices the registered device ids of this service instance (kiosks, phone apps, window
 *     devices); a check from any other device is refused with nothing written. Every id is an
 *     identifier chosen by the operator, so nothing personal can ride on a device id
 */
@ConfigurationProperties("alliance.identity")
public record IdentityProperties(@DefaultValue Challenge challenge, @DefaultValue("P30D") Duration retention,
        String subjectSecret, @DefaultValue("hmac-sm3") String subjectAlgorithm,
        @DefaultValue("imi-consent-v1") String consentVersion, @DefaultValue("64") int nameMaxLength,
        @DefaultValue("12") int maxFrames, @DefaultValue("unknown-device") String defaultDeviceId,
        @DefaultValue List<String> devices) {
    /** Checks ranges: personal data must go eventually, and must be kept at least until it is stored. */
    public IdentityProperties {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("alliance.identity.retention must be positive");
        }
        if (maxFrames < 1) {
            throw new IllegalArgumentException("alliance.identity.max-frames must be positive");
        }
        devices = devices == null ? List.of() : List.copyOf(devices);
    }

    /**
     * Liveness challenge settings.
     *
     * @param ttl how long a challenge's nonce may be used
     * @param fixedActions a fixed action sequence instead of a random one; for tests only, refused
     *     under the {@code prod} profile
     * @param blink whether a random challenge starts with a blink; the blink signal is only weakly
     *     validated (face-engine/docs/face-engine.md), so an operator may ask for turns only
     * @param minTurns the fewest head turns in a random challenge, 1 to 4
     * @param maxTurns the most head turns in a random challenge, {@code minTurns} to 4; each turn's
     *     direction is random, so there are {@code 2^minTurns + ... + 2^maxTurns} sequences
     * @param colourFlash whether a challenge carries a random sequence of screen colours that the
     *     face must reflect (identity-service docs/kiosk.md); without it a replayed recording that
     *     shows the turns passes, so it may be switched off only outside the {@code prod} profile
     *     (tests with a scripted face engine, which measures no colour)
     */
    public record Challenge(@DefaultValue("PT120S") Duration ttl, List<ChallengeAction> fixedActions,
            @DefaultValue("true") boolean blink, @DefaultValue("1") int minTurns, @DefaultValue("2") int maxTurns,
            @DefaultValue("true") boolean colourFlash) {
        /** The most turns a challenge may ask for: each needs a frame, and people tire. */
        public static final int MAX_TURNS = 4;

        /** Copies the list and checks the ttl and the turn range. */
        public Challenge {
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("alliance.identity.challenge.ttl must be positive");
            }
            fixedActions = fixedActions == null ? List.of() : List.copyOf(fixedActions);
            if (minTurns < 1 || maxTurns < minTurns || maxTurns > MAX_TURNS) {
                throw new IllegalArgumentException("alliance.identity.challenge.min-turns and max-turns must satisfy "
                        + "1 <= min-turns <= max-turns <= " + MAX_TURNS + ", not " + minTurns + " and " + maxTurns);
            }
        }
    }
}
