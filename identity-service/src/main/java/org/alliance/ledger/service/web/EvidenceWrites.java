package org.alliance.ledger.service.web;

import java.time.Clock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.rules.Role;
import org.alliance.ledger.service.config.AllianceProperties;
import org.alliance.ledger.service.outbox.Outbox;
import org.alliance.ledger.service.outbox.RecordTracker;
import org.alliance.ledger.service.security.Actor;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * The write path every evidence-writing API shares: under the service's own lane, once per
 * idempotency key, check the request and build the signed record (a refusal throws and writes
 * nothing), put it in the outbox with the acting person's role, and answer, all in one
 * transaction with the idempotency entry. Also the beans those checks and answers need: this
 * service's org and record factory, the clock, the outbox and record status.
 */
@Component
public class EvidenceWrites {
    private final Outbox outbox;
    private final RecordTracker tracker;
    private final RecordFactory records;
    private final Idempotency idempotency;
    private final Clock clock;
    private final String org;

    /**
     * Creates the write path.
     *
     * @param outbox the outbox
     * @param tracker record status
     * @param records this service's record factory
     * @param idempotency repeated requests
     * @param clock the clock
     * @param alliance the service settings
     */
    public EvidenceWrites(Outbox outbox, RecordTracker tracker, RecordFactory records, Idempotency idempotency,
            Clock clock, AllianceProperties alliance) {
        this.outbox = outbox;
        this.tracker = tracker;
        this.records = records;
        this.idempotency = idempotency;
        this.clock = clock;
        this.org = alliance.org();
    }

    /**
     * Checks, signs, queues and answers one write.
     *
     * @param lane serialises the check-then-write of one kind of record in this instance
     * @param key the client's idempotency key, or null
     * @param request a description of the request, so a key reused for something else is recognised
     * @param role the ledger caller's role for the record
     * @param check the check before acknowledging; returns the signed record or throws a refusal
     * @param answer the response once the record is in the outbox; runs in the same transaction
     * @return the response, fresh or replayed
     */
    public ResponseEntity<String> write(SerialWrites lane, String key, String request, Role role,
            Supplier<SignedRecord> check, Function<SignedRecord, Idempotency.Result> answer) {
        Actor actor = Actor.current();
        return lane.run(() -> idempotency.run(key, actor.name(), request, () -> {
            SignedRecord record = check.get();
            outbox.add(record, role);
            return answer.apply(record);
        }));
    }

    /**
     * The outbox, for reads of this service's own records.
     *
     * @return the outbox
     */
    public Outbox outbox() {
        return outbox;
    }

    /**
     * Record status.
     *
     * @return the tracker
     */
    public RecordTracker tracker() {
        return tracker;
    }

    /**
     * This service's record factory.
     *
     * @return the factory
     */
    public RecordFactory records() {
        return records;
    }

    /**
     * The clock.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    /**
     * The MSP id this service acts for.
     *
     * @return the org
     */
    public String org() {
        return org;
    }
}
