package org.alliance.ledger.service.testkit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.AttestationDecision;
import org.alliance.ledger.core.record.AttestationMethod;
import org.alliance.ledger.core.record.IdentityAttestationBody;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.rules.Caller;
import org.alliance.ledger.service.identity.check.IdentityCheckService;
import org.alliance.ledger.service.identity.idcard.IdCardRejectedException;

/**
 * Identity attestations written straight to the ledger as Zhangzhou's kiosk service would sign
 * them, at a chosen time: what a test needs to file on a check that is too old, which the kiosk
 * itself cannot be made to produce.
 */
public final class Attestations {
    private Attestations() {
    }

    /**
     * Records an accepted kiosk check of a person.
     *
     * @param ledger the ledger
     * @param service the service's record factory (Zhangzhou)
     * @param identity derives the person's subject reference from the ID number
     * @param idNumber the person's ID number
     * @param time the check's time
     * @return the attestation id
     * @throws IdCardRejectedException if the ID number is not one
     */
    public static String accepted(EvidenceLedger ledger, RecordFactory service, IdentityCheckService identity,
            String idNumber, Instant time) throws IdCardRejectedException {
        String id = "att-" + UUID.randomUUID();
        IdentityAttestationBody body = new IdentityAttestationBody(identity.subjectReference(idNumber),
                AttestationMethod.FACE_AND_ID_CARD,
                new IdentityAttestationBody.Liveness("ACTION_CHALLENGE", List.of("BLINK"), true, 0.9), 0.8,
                new IdentityAttestationBody.FaceModel("test-model", "1", "ab".repeat(32)), 0.5, 0.0001,
                AttestationDecision.ACCEPTED, List.of(), Checks.DEVICE_ID);
        ledger.submit(new Caller(DemoAlliance.ZHANGZHOU, Role.SERVICE, "kiosk"),
                List.of(service.create(id, time.truncatedTo(ChronoUnit.SECONDS), null, body)));
        return id;
    }
}
