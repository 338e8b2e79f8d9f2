package org.alliance.ledger.service.identity.challenge;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.service.identity.IdentityProperties;
import org.alliance.ledger.face.ChallengeAction;
import org.alliance.ledger.face.ColourFlash;
import org.alliance.ledger.face.FlashColour;
import org.alliance.ledger.service.storage.Timestamps;
import org.alliance.ledger.service.problem.ApiException;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Issues liveness challenges and consumes their nonces exactly once.
 *
 * <p>A random challenge is a blink (unless {@code alliance.identity.challenge.blink=false}) followed
 * by {@code min-turns} to {@code max-turns} head turns in random directions (by default one or two,
 * so a prerecorded video matches a given challenge with probability at most 1/2 and usually 1/4;
 * more turns make that smaller, at the price of a longer check), and, unless {@code
 * alliance.identity.challenge.colour-flash=false}, a random {@link ColourFlash}: the screen colours
 * the client shows while it films the face, stored with the nonce and so used once, like it.
 */
@Service
public class ChallengeService {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE_BYTES = 16;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final IdentityProperties.Challenge settings;

    /**
     * Creates the service.
     *
     * @param jdbc the database
     * @param clock the clock
     * @param properties the identity settings
     * @param environment the environment, to refuse fixed actions in production
     * @throws IllegalStateException if fixed actions are configured under the {@code prod} profile
     */
    public ChallengeService(JdbcClient jdbc, Clock clock, IdentityProperties properties, Environment environment) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = properties.challenge();
        if (!settings.fixedActions().isEmpty() && environment.acceptsProfiles(Profiles.of("prod"))) {
            throw new IllegalStateException("alliance.identity.challenge.fixed-actions makes liveness predictable; "
                    + "it is for tests and must not be set under the prod profile");
        }
        if (!settings.colourFlash() && environment.acceptsProfiles(Profiles.of("prod"))) {
            throw new IllegalStateException("alliance.identity.challenge.colour-flash=false lets a replayed recording "
                    + "pass; it is for tests and must not be set under the prod profile");
        }
    }

    /**
     * Issues and stores a new challenge.
     *
     * @return the challenge
     */
    public Challenge issue() {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        List<ChallengeAction> actions = settings.fixedActions().isEmpty() ? randomActions(settings) : settings.fixedActions();
        ColourFlash flash = settings.colourFlash() ? ColourFlash.random(RANDOM) : null;
        Instant now = clock.instant();
        Challenge challenge = Challenge.of(Hex.encode(nonce), actions, flash, now.plus(settings.ttl()));
        jdbc.sql("insert into challenge (nonce, actions, flash, created_at, expires_at, used) "
                        + "values (?, ?, ?, ?, ?, false)")
                .params(challenge.nonce(), encode(actions), encode(flash), Timestamps.of(now),
                        Timestamps.of(challenge.expiresAt()))
                .update();
        return challenge;
    }

    /**
     * Looks a challenge up and checks that it can still be used, without consuming it.
     *
     * @param nonce the nonce
     * @return the challenge
     * @throws ApiException NONCE_UNKNOWN, NONCE_EXPIRED or NONCE_REUSED
     */
    public Challenge usable(String nonce) {
        Row row = find(nonce);
        refuseIfUnusable(row, clock.instant());
        return row.challenge();
    }

    /**
     * Consumes a nonce atomically; call inside the transaction that records the check, so the
     * nonce is used exactly when the check is stored.
     *
     * @param nonce the nonce
     * @throws ApiException NONCE_UNKNOWN, NONCE_EXPIRED or NONCE_REUSED if it cannot be consumed
     */
    public void consume(String nonce) {
        Instant now = clock.instant();
        int updated = jdbc.sql("update challenge set used = true, used_at = ? where nonce = ? and used = false and expires_at > ?")
                .params(Timestamps.of(now), nonce, Timestamps.of(now)).update();
        if (updated != 1) {
            refuseIfUnusable(find(nonce), now);
            throw new IllegalStateException("nonce could not be consumed although it is usable");
        }
    }

    private Row find(String nonce) {
        if (nonce == null || !nonce.matches("[0-9a-f]{32}")) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "NONCE_UNKNOWN", "nonce is not one this service issued");
        }
        return jdbc.sql("select nonce, actions, flash, expires_at, used from challenge where nonce = ?").param(nonce)
                .query((rs, n) -> new Row(Challenge.of(rs.getString("nonce"), decode(rs.getString("actions")),
                        decodeFlash(rs.getString("flash")), Timestamps.read(rs, "expires_at")), rs.getBoolean("used")))
                .optional()
                .orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST, "NONCE_UNKNOWN",
                        "nonce is not one this service issued"));
    }

    private static void refuseIfUnusable(Row row, Instant now) {
        if (row.used()) {
            throw new ApiException(HttpStatus.CONFLICT, "NONCE_REUSED", "this challenge's nonce was already used");
        }
        if (!now.isBefore(row.challenge().expiresAt())) {
            throw new ApiException(HttpStatus.GONE, "NONCE_EXPIRED", "this challenge expired at "
                    + row.challenge().expiresAt() + "; request a new one");
        }
    }

    private static List<ChallengeAction> randomActions(IdentityProperties.Challenge settings) {
        List<ChallengeAction> actions = new ArrayList<>();
        if (settings.blink()) {
            actions.add(ChallengeAction.BLINK);
        }
        int turns = settings.minTurns() + RANDOM.nextInt(settings.maxTurns() - settings.minTurns() + 1);
        for (int i = 0; i < turns; i++) {
            actions.add(RANDOM.nextBoolean() ? ChallengeAction.TURN_LEFT : ChallengeAction.TURN_RIGHT);
        }
        return actions;
    }

    private static String encode(List<ChallengeAction> actions) {
        return String.join(",", actions.stream().map(Enum::name).toList());
    }

    private static List<ChallengeAction> decode(String s) {
        return Arrays.stream(s.split(",")).map(ChallengeAction::valueOf).toList();
    }

    /** {@code RED:420,GREEN:350,...}; null for no flash. */
    private static String encode(ColourFlash flash) {
        return flash == null ? null : String.join(",", flash.steps().stream()
                .map(s -> s.colour().name() + ":" + s.durationMs()).toList());
    }

    private static ColourFlash decodeFlash(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        return new ColourFlash(Arrays.stream(s.split(",")).map(step -> step.split(":"))
                .map(p -> new ColourFlash.Step(FlashColour.valueOf(p[0]), Integer.parseInt(p[1]))).toList());
    }

    private record Row(Challenge challenge, boolean used) {
    }
}
