package org.alliance.ledger.embedded;

import java.nio.file.Path;

import org.alliance.ledger.conformance.AllianceFixture;
import org.alliance.ledger.conformance.EvidenceLedgerContract;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The embedded ledger against the EvidenceLedger contract; a restart closes and reopens its data directory. */
class EmbeddedLedgerConformanceTest extends EvidenceLedgerContract {
    @TempDir
    Path dir;
    private EmbeddedLedger ledger;
    private AllianceFixture alliance;

    @BeforeEach
    void open() {
        ledger = EmbeddedLedger.open(config());
        alliance = AllianceFixture.activate(ledger);
    }

    private EmbeddedLedgerConfig config() {
        return EmbeddedLedgerConfig.defaults(dir.resolve("ledger"), "ZhangzhouMSP")
                .withAlgorithms(HashAlgorithm.SM3, SignatureAlgorithm.SM2);
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    @Override
    protected EvidenceLedger ledger() {
        return ledger;
    }

    @Override
    protected EvidenceLedger restart() {
        ledger.close();
        ledger = EmbeddedLedger.open(config());
        return ledger;
    }

    @Override
    protected AllianceFixture alliance() {
        return alliance;
    }
}
