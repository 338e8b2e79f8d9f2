package org.alliance.ledger.service.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.RecordBody;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.rules.Caller;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.service.ledger.LedgerProperties;
import org.alliance.ledger.service.signing.SigningKeyLoader;
import org.springframework.http.HttpHeaders;

/**
 * Acting as people and as other regions in service tests: HTTP Basic headers for the development
 * users, and record factories for the other demo members whose keys the seeder kept, so a test can
 * take another region's step on the same ledger exactly as that region's own service would.
 */
public final class Regions {
    /** The development users' password (application.properties). */
    public static final String DEV_PASSWORD = "alliance-dev";

    private Regions() {
    }

    /**
     * Basic authentication headers for a development user.
     *
     * @param user the user name (clerk, approver, issuer, auditor, admin, applicant)
     * @return the headers
     */
    public static HttpHeaders as(String user) {
        HttpHeaders h = new HttpHeaders();
        h.set(HttpHeaders.AUTHORIZATION, "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + DEV_PASSWORD).getBytes(StandardCharsets.UTF_8)));
        return h;
    }

    /**
     * The record factory of another demo member, with the key the seeder registered for it.
     *
     * @param properties the ledger settings (where the member keys are)
     * @param service this service's factory, for the hash algorithm
     * @param org the other member's MSP id
     * @return the factory
     */
    public static RecordFactory member(LedgerProperties properties, RecordFactory service, String org) {
        Path file = properties.demoMemberKeys().resolve(org + ".key");
        try {
            PrivateKey key = Keys.readPrivateKeyPem(Files.readString(file, StandardCharsets.US_ASCII));
            return new RecordFactory(org, service.signatureAlgorithm().hash(),
                    new KeyPair(SigningKeyLoader.derivePublic(key), key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Signs and submits one record as another region's service would.
     *
     * @param ledger the ledger
     * @param factory that region's factory
     * @param role the person's role
     * @param id the record id
     * @param prev the subject's head, or null
     * @param body the body
     * @param clock the time source
     * @return the record
     */
    public static SignedRecord submit(EvidenceLedger ledger, RecordFactory factory, Role role, String id, String prev,
            RecordBody body, java.time.Clock clock) {
        SignedRecord r = factory.create(id, clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), prev, body);
        ledger.submit(new Caller(factory.org(), role, "test@" + factory.org()), List.of(r));
        return r;
    }
}
