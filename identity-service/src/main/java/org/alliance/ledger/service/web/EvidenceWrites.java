package org.alliance.ledger.service.web;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.function.Function;
import java.util.function.Supplier;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.ledger.PendingBatch;
import org.alliance.ledger.core.record.CaseBody;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.RecordType;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.rules.Caller;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.service.config.AllianceProperties;
import org.alliance.ledger.service.outbox.Outbox;
import org.alliance.ledger.service.outbox.OutboxEntry;
import org.alliance.ledger.service.outbox.OutboxProperties;
import org.alliance.ledger.service.outbox.OutboxStatus;
import org.alliance.ledger.service.outbox.RecordTracker;
import org.alliance.ledger.service.problem.ApiException;
import org.alliance.ledger.service.security.Actor;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The write path every evidence-writing API shares: under the service's own lane, once per
 * idempotency key, build the signed record from the request (a request that cannot be turned into
 * a record throws and writes nothing), ask the ledger for a dry run of it after this service's own
 * outbox backlog, put it in the outbox with the acting person's role, and answer, all in one
 * transaction (which joins the one {@link Idempotency} opens for a keyed request, so the stored
 * response is kept exactly when the write is). Also the beans the record builders and answers need:
 * this service's org and record factory, the clock, the outbox and record status.
 *
 * <p>The dry run ({@link EvidenceLedger#simulate}) is what decides whether the write is allowed:
 * the evidence rules are the only place that decides what may be written, so the service does not
 * re-decide them and cannot drift from them. Including the backlog makes the answer the one the
 * worker will get: a step that follows a step still in the outbox is allowed, a second conflicting
 * write is refused with the rule's code although the first is not committed yet.
 */
@Component
public class EvidenceWrites {
    private final Outbox outbox;
    private final RecordTracker tracker;
    private final RecordFactory records;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final EvidenceLedger ledger;
    private final String org;
    private final String clientId;

    /**
     * Creates the write path.
     *
     * @param outbox the outbox
     * @param tracker record status
     * @param records this service's record factory
     * @param tx transactions
     * @param clock the clock
     * @param ledger the ledger that judges each write in a dry run
     * @param alliance the service settings: the org the caller acts for
     * @param outboxProperties the outbox settings: the client id the worker's caller reports
     */
    public EvidenceWrites(Outbox outbox, RecordTracker tracker, RecordFactory records, TransactionTemplate tx,
            Clock clock, EvidenceLedger ledger, AllianceProperties alliance, OutboxProperties outboxProperties) {
        this.outbox = outbox;
        this.tracker = tracker;
        this.records = records;
        this.tx = tx;
        this.clock = clock;
        this.ledger = ledger;
        this.org = alliance.org();
        this.clientId = outboxProperties.clientId();
    }

    /**
     * Builds, judges, queues and answers one write.
     *
     * @param lane serialises the build-judge-write of one kind of record in this instance
     * @param role the ledger caller's role for the record
     * @param check builds the signed record from the request, or throws when the request cannot
     *     make one (bad shape, unknown case or agreement)
     * @param answer the response once the record is in the outbox; runs in the same transaction
     * @param <T> the answer's type
     * @return the answer
     * @throws RuleException the rules' refusal of the record after this service's backlog; nothing
     *     is written
     * @throws ApiException 503 OUTBOX_BACKLOG_REFUSED when the backlog itself is refused by the rules
     *     (the ledger changed under it), until the worker has marked the refused entry FAILED
     */
    public <T> T write(SerialWrites lane, Role role, Supplier<SignedRecord> check, Function<SignedRecord, T> answer) {
        Actor.current(); // nobody signed in: 401 before anything is built
        return writeUnattended(lane, role, check, answer);
    }

    /**
     * Builds, judges, queues and answers one write that the service makes on its own account, on
     * a schedule, with nobody signed in; otherwise as {@link #write}.
     *
     * @param lane serialises the build-judge-write of one kind of record in this instance
     * @param role the ledger caller's role for the record
     * @param check builds the signed record
     * @param answer the response once the record is in the outbox
     * @param <T> the answer's type
     * @return the answer
     * @throws RuleException the rules' refusal; nothing is written
     */
    public <T> T writeUnattended(SerialWrites lane, Role role, Supplier<SignedRecord> check,
            Function<SignedRecord, T> answer) {
        return lane.run(() -> tx.execute(s -> {
            SignedRecord record = check.get();
            dryRun(record, role);
            outbox.add(record, role);
            return answer.apply(record);
        }));
    }

    /**
     * Asks the ledger whether it would accept the record once this service's backlog is committed.
     * Runs inside the write's transaction, so a refusal rolls back everything the builder did.
     */
    private void dryRun(SignedRecord record, Role role) {
        List<PendingBatch> pending = backlog(record);
        try {
            ledger.simulate(pending, caller(role), List.of(record));
        } catch (RuleException refused) {
            if (!pending.isEmpty() && backlogRefused(pending)) {
                throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "OUTBOX_BACKLOG_REFUSED", "a record of "
                        + org + " waiting for the ledger is itself refused (" + refused.code() + "), so no write can "
                        + "be judged until the outbox worker has marked it FAILED; try again shortly");
            }
            throw refused;
        }
        // Judged after the rules, so a record id taken by other content gets the rule's answer
        // (a revoked certificate id issued again is WRONG_STATE). What the rules let through here
        // is a record identical to one they hold (a no-op for them) or one whose entry FAILED, and
        // the outbox holds each record id once.
        String id = record.record().id();
        if (outbox.find(id).isPresent()) {
            throw RuleProblems.of(ErrorCode.DUPLICATE_RECORD, "record " + id + " was already written by " + org);
        }
    }

    /**
     * This service's outbox backlog, oldest first, one pending transaction per entry. The worker
     * sends runs of one caller role as one transaction, but the state those leave is the same: the
     * rules apply the records of a batch one after another, each seeing the earlier ones, and no
     * rule reads batch ids or leaf positions. Single-record transactions never trip the per-batch
     * limits (record count, bytes) that the worker works around by splitting a refused batch, and
     * the worker's batches are not fixed in advance anyway (claims are cut at the batch size and
     * entries waiting to retry are skipped). Entries already committed but not yet marked are
     * identical resubmissions, which the rules accept as no-ops.
     *
     * <p>Identity attestations are left out unless a case names one (the candidate or a case
     * receive in the backlog): they are a service's high-volume records (one per kiosk check), each
     * is its own subject, and the only rule that reads one is a case receive naming it. Replaying
     * them all would make every clerk's write cost a signature check per kiosk check still
     * waiting, which during a ledger outage grows without bound.
     */
    private List<PendingBatch> backlog(SignedRecord candidate) {
        List<Waiting> waiting = new ArrayList<>();
        for (OutboxEntry e : outbox.backlogWithout(RecordType.IDENTITY_ATTESTATION)) {
            waiting.add(Waiting.of(e));
        }
        Set<String> named = new TreeSet<>();
        Stream.concat(waiting.stream().map(Waiting::record), Stream.of(candidate))
                .map(r -> r.record().body())
                .forEach(b -> {
                    if (b instanceof CaseBody c && c.attestationId() != null) {
                        named.add(c.attestationId());
                    }
                });
        // An entry stored before record types were kept is in the list already.
        named.removeIf(id -> waiting.stream().anyMatch(w -> w.recordId().equals(id)));
        for (String id : named) {
            outbox.find(id).filter(e -> e.status() == OutboxStatus.PENDING || e.status() == OutboxStatus.SUBMITTED)
                    .map(Waiting::of).ifPresent(waiting::add);
        }
        waiting.sort(Comparator.comparingLong(Waiting::entryId));
        return waiting.stream().map(w -> new PendingBatch(caller(w.role()), List.of(w.record()))).toList();
    }

    /**
     * A backlog entry with its record parsed once: the scan for named attestations and the pending
     * batch both read it, and parsing is the costly part of a dry run's preparation.
     */
    private record Waiting(long entryId, String recordId, Role role, SignedRecord record) {
        static Waiting of(OutboxEntry e) {
            return new Waiting(e.id(), e.recordId(), e.callerRole(), e.signedRecord());
        }
    }

    /**
     * Whether the backlog alone is refused: its last transaction judged after the others. The
     * backlog was accepted in a dry run when each entry was written, so this happens only when the
     * ledger changed since (another region's step won a race); the refusal then says nothing about
     * the new record, and answering with its code would blame the wrong request.
     */
    private boolean backlogRefused(List<PendingBatch> pending) {
        PendingBatch last = pending.get(pending.size() - 1);
        try {
            ledger.simulate(pending.subList(0, pending.size() - 1), last.caller(), last.records());
            return false;
        } catch (RuleException e) {
            return true;
        }
    }

    /** The caller the worker will submit as. */
    private Caller caller(Role role) {
        return new Caller(org, role, clientId);
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
