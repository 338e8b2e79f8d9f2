package org.alliance.ledger.service.identity.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.alliance.ledger.service.identity.IdentityProperties;
import org.alliance.ledger.face.ChallengeAction;
import org.alliance.ledger.face.ColourFlash;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * Challenges: the API, random sequences, the colour flash, single use, and the production guards
 * on fixed actions and on switching the flash off.
 */
class ChallengeServiceTest extends ServiceTestBase {
    @Test
    void apiIssuesANonceWithActionsAndExpiry() throws Exception {
        mvc.perform(post("/api/identity/challenges"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.nonce").value(org.hamcrest.Matchers.matchesPattern("[0-9a-f]{32}")))
                .andExpect(jsonPath("$.actions[0]").value("BLINK"))
                .andExpect(jsonPath("$.actions[1]").value("TURN_LEFT"))
                .andExpect(jsonPath("$.expiresAt").value(clock.instant().plus(Duration.ofSeconds(120)).toString()));
    }

    @Test
    void randomSequencesStartWithABlinkAndTurnOnceOrTwice() {
        ChallengeService random = service(List.of(), "default");
        Set<List<ChallengeAction>> seen = new HashSet<>();
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Challenge c = random.issue();
            nonces.add(c.nonce());
            assertThat(c.actions()).hasSizeBetween(2, 3).first().isEqualTo(ChallengeAction.BLINK);
            assertThat(c.actions().subList(1, c.actions().size())).doesNotContain(ChallengeAction.BLINK);
            seen.add(c.actions());
        }
        assertThat(nonces).hasSize(200);
        assertThat(seen).as("all six sequences occur").hasSize(6);
    }

    @Test
    void operatorsMayAskForTurnsOnlyAndMoreOfThem() {
        ChallengeService turnsOnly = service(new IdentityProperties.Challenge(Duration.ofSeconds(120), List.of(),
                false, 2, 3, true), "prod");
        Set<List<ChallengeAction>> seen = new HashSet<>();
        for (int i = 0; i < 400; i++) {
            List<ChallengeAction> actions = turnsOnly.issue().actions();
            assertThat(actions).hasSizeBetween(2, 3).doesNotContain(ChallengeAction.BLINK);
            seen.add(actions);
        }
        assertThat(seen).as("all 4 + 8 turn sequences occur").hasSize(12);
    }

    @Test
    void turnRangesOutsideOneToFourAreRefused() {
        for (int[] range : new int[][] {{0, 2}, {2, 1}, {1, 5}}) {
            assertThatThrownBy(() -> new IdentityProperties.Challenge(Duration.ofSeconds(120), List.of(), true,
                    range[0], range[1], true)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min-turns");
        }
    }

    @Test
    void aNonceIsConsumedOnce() {
        ChallengeService service = service(List.of(), "default");
        Challenge c = service.issue();
        service.consume(c.nonce());
        assertThatThrownBy(() -> service.consume(c.nonce())).hasFieldOrPropertyWithValue("reason", "NONCE_REUSED");
    }

    @Test
    void fixedActionsAreRefusedUnderTheProdProfile() {
        assertThatThrownBy(() -> service(List.of(ChallengeAction.BLINK), "prod"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("prod");
        assertThat(service(List.of(), "prod")).isNotNull();
    }

    /**
     * Each challenge carries its own random colour flash, read back with the nonce exactly as
     * issued; a challenge without one, when the flash is off, reads back without one.
     */
    @Test
    void aChallengesColourFlashIsRandomAndStoredWithItsNonce() {
        ChallengeService service = service(List.of(), "prod");
        Set<List<Challenge.FlashStep>> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            Challenge c = service.issue();
            assertThat(c.flash()).hasSizeBetween(ColourFlash.MIN_STEPS, ColourFlash.MAX_STEPS);
            assertThat(c.flash()).allSatisfy(s -> {
                assertThat(s.durationMs()).isBetween(ColourFlash.MIN_MS, ColourFlash.MAX_MS);
                assertThat(s.css()).isEqualTo(s.colour().css());
            });
            assertThat(service.usable(c.nonce()).flash()).isEqualTo(c.flash());
            seen.add(c.flash());
        }
        assertThat(seen).hasSize(50);
        ChallengeService off = service(new IdentityProperties.Challenge(Duration.ofSeconds(120), List.of(), true, 1, 2,
                false), "default");
        Challenge plain = off.issue();
        assertThat(plain.flash()).isEmpty();
        assertThat(off.usable(plain.nonce()).colourFlash()).isNull();
    }

    @Test
    void switchingTheFlashOffIsRefusedUnderTheProdProfile() {
        assertThatThrownBy(() -> service(new IdentityProperties.Challenge(Duration.ofSeconds(120), List.of(), true, 1, 2,
                false), "prod")).isInstanceOf(IllegalStateException.class).hasMessageContaining("colour-flash");
    }

    private ChallengeService service(List<ChallengeAction> fixed, String profile) {
        return service(new IdentityProperties.Challenge(Duration.ofSeconds(120), fixed, true, 1, 2, true), profile);
    }

    private ChallengeService service(IdentityProperties.Challenge challenge, String profile) {
        MockEnvironment env = new MockEnvironment();
        env.setActiveProfiles(profile);
        IdentityProperties props = new IdentityProperties(challenge, Duration.ofDays(30), null, "hmac-sm3", "v1", 64,
                12, "dev", java.util.List.of("dev"));
        return new ChallengeService(jdbc, clock, props, env);
    }
}
