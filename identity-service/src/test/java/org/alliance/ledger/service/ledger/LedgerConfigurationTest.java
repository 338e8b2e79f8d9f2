package org.alliance.ledger.service.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.AttestationDecision;
import org.alliance.ledger.core.record.AttestationMethod;
import org.alliance.ledger.core.record.IdentityAttestationBody;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.rules.Caller;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.embedded.EmbeddedLedger;
import org.alliance.ledger.service.config.AllianceProperties;
import org.alliance.ledger.service.config.DataDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Opening the ledger: the seeded demo agreement admits this service's attestations, once; fabric fails fast. */
class LedgerConfigurationTest {
    @TempDir
    Path dir;

    private final LedgerConfiguration configuration = new LedgerConfiguration();
    private final Clock clock = Clock.systemUTC();

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void seededLedgerAcceptsTheServicesAttestationsAndRefusesOtherKeys(SignatureAlgorithm alg) {
        RecordFactory service = new RecordFactory("ZhangzhouMSP", alg.hash(), Keys.generate(alg));
        EvidenceLedger ledger = open(service, true);
        try {
            assertThat(ledger.agreement(DemoAgreementSeeder.AGREEMENT_ID).activeVersion()).isEqualTo(1);
            ledger.submit(caller(), List.of(attestation(service, "att-1")));
            assertThat(ledger.record("att-1")).isPresent();

            RecordFactory stranger = new RecordFactory("ZhangzhouMSP", alg.hash(), Keys.generate(alg));
            assertThatThrownBy(() -> ledger.submit(caller(), List.of(attestation(stranger, "att-2"))))
                    .isInstanceOfSatisfying(RuleException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_SIGNING_KEY));
        } finally {
            ((EmbeddedLedger) ledger).close();
        }
    }

    @Test
    void reopeningDoesNotSeedAgain() {
        RecordFactory service = new RecordFactory("ZhangzhouMSP", HashAlgorithm.SM3, Keys.generate(SignatureAlgorithm.SM2));
        int height;
        try (EmbeddedLedger first = (EmbeddedLedger) open(service, true)) {
            height = first.height();
            assertThat(height).isEqualTo(5);
        }
        try (EmbeddedLedger again = (EmbeddedLedger) open(service, true)) {
            assertThat(again.height()).isEqualTo(height);
        }
    }

    @Test
    void seedingCanBeSwitchedOffAndSkipsNonMembers() {
        RecordFactory service = new RecordFactory("ZhangzhouMSP", HashAlgorithm.SM3, Keys.generate(SignatureAlgorithm.SM2));
        try (EmbeddedLedger off = (EmbeddedLedger) open(service, false)) {
            assertThat(off.height()).isZero();
        }
        RecordFactory outsider = new RecordFactory("XiamenMSP", HashAlgorithm.SM3, Keys.generate(SignatureAlgorithm.SM2));
        DataDirectory other = new DataDirectory(new AllianceProperties(dir.resolve("x"), "XiamenMSP"));
        try (EmbeddedLedger ledger = (EmbeddedLedger) configuration.evidenceLedger(
                new LedgerProperties(LedgerProperties.Mode.EMBEDDED, true, null, null, null, null), new AllianceProperties(other.root(), "XiamenMSP"),
                other, outsider, clock)) {
            assertThat(ledger.height()).isZero();
        }
    }

    @Test
    void fabricModeWithoutItsSettingsOrWithBrokenOnesFailsFastNamingTheSetting() throws Exception {
        RecordFactory service = new RecordFactory("ZhangzhouMSP", HashAlgorithm.SM3, Keys.generate(SignatureAlgorithm.SM2));
        DataDirectory data = new DataDirectory(new AllianceProperties(dir, "ZhangzhouMSP"));
        java.util.function.Function<LedgerProperties.Fabric, Throwable> start = fabric -> org.assertj.core.api.Assertions
                .catchThrowable(() -> configuration.evidenceLedger(new LedgerProperties(LedgerProperties.Mode.FABRIC, true,
                        null, null, null, fabric), new AllianceProperties(dir, "ZhangzhouMSP"), data, service, clock));
        assertThat(start.apply(null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("alliance.ledger.fabric.users");
        java.nio.file.Path users = java.nio.file.Files.createDirectories(dir.resolve("users"));
        java.nio.file.Path tls = java.nio.file.Files.writeString(dir.resolve("tls.pem"), "not used before the users");
        LedgerProperties.Peer peer = new LedgerProperties.Peer("127.0.0.1", 17000, tls, null);
        assertThat(start.apply(new LedgerProperties.Fabric("evidence", "evidence", dir.resolve("absent"), List.of(peer), null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is not a directory");
        assertThat(start.apply(new LedgerProperties.Fabric("evidence", "evidence", users,
                List.of(new LedgerProperties.Peer("127.0.0.1", 17000, dir.resolve("no.pem"), null)), null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("tls-root");
        assertThat(start.apply(new LedgerProperties.Fabric("evidence", "evidence", users, List.of(peer), null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("holds no <role>/msp");
        assertThat(start.apply(new LedgerProperties.Fabric("evidence", "evidence", users, List.of(peer), List.of("janitor"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("alliance.ledger.fabric.roles")
                .hasMessageContaining("'janitor'");
    }

    private EvidenceLedger open(RecordFactory service, boolean seed) {
        AllianceProperties alliance = new AllianceProperties(dir, service.org());
        return configuration.evidenceLedger(new LedgerProperties(LedgerProperties.Mode.EMBEDDED, seed, null, null, null, null), alliance,
                new DataDirectory(alliance), service, clock);
    }

    private static Caller caller() {
        return new Caller("ZhangzhouMSP", Role.SERVICE, "identity-service");
    }

    private static SignedRecord attestation(RecordFactory by, String id) {
        return by.create(id, Instant.now().truncatedTo(ChronoUnit.MILLIS), null, new IdentityAttestationBody("ab".repeat(32),
                AttestationMethod.FACE_AND_ID_CARD,
                new IdentityAttestationBody.Liveness("ACTION_CHALLENGE", List.of("BLINK"), false, 0.2), 0.1,
                new IdentityAttestationBody.FaceModel("m", "1", "cd".repeat(32)), 0.5, 1e-4,
                AttestationDecision.REJECTED, List.of("LIVENESS_FAILED"), "kiosk-1"));
    }
}
