package org.alliance.ledger.embedded;

import java.nio.file.Path;

import org.alliance.ledger.conformance.AllianceFixture;
import org.alliance.ledger.conformance.EvidenceLedgerContract;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.junit.jupiter.api.io.TempDir;

/** The embedded ledger against the EvidenceLedger contract; each instance opens the test's data directory. */
class EmbeddedLedgerConformanceTest extends EvidenceLedgerContract {
    @TempDir
    Path dir;
    private AllianceFixture alliance;

    @Override
    protected EvidenceLedger open() {
        return EmbeddedLedger.open(EmbeddedLedgerConfig.defaults(dir.resolve("ledger"), "ZhangzhouMSP")
                .withAlgorithms(HashAlgorithm.SM3, SignatureAlgorithm.SM2));
    }

    /** A fresh ledger per test, so its agreement is activated on first use. */
    @Override
    protected AllianceFixture alliance() {
        if (alliance == null) {
            alliance = AllianceFixture.activate(ledger());
        }
        return alliance;
    }
}
