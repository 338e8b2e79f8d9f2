package org.alliance.ledger.fabric;

import org.alliance.ledger.core.ledger.Submission;
import org.alliance.ledger.core.ledger.CommitStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.rules.RecordRef;
import org.alliance.ledger.core.state.Page;

/**
 * A bounded load of writes from one client: concurrent writers take write numbers until a fixed
 * count or a fixed time is reached, and each write is carried to its commit. A write that fails
 * before it is acknowledged is sent again, unchanged, until it is acknowledged or the load's
 * deadline passes; a write that commits invalid, or whose status does not come in time, is sent
 * again too. The same unchanged write can
 * only be recorded once, which is what the fault table checks.
 */
final class WriteLoad {
    /** Sends write {@code i} and returns the transaction id acknowledged for it. */
    @FunctionalInterface
    interface Send {
        String send(int i);
    }

    /** What happened to one write; times are {@link System#nanoTime()} values, 0 if it never happened. */
    static final class Outcome {
        final int index;
        volatile long firstSent;
        volatile long acknowledged;
        volatile String transactionId;
        volatile long committed;
        volatile int failures;
        volatile String lastFailure;

        Outcome(int index) {
            this.index = index;
        }

        Duration latency() {
            return Duration.ofNanos(committed - firstSent);
        }
    }

    /**
     * Sends identity attestations of Zhangzhou's service, one per transaction, ids {@code prefix + i}
     * and times {@code t + i} s. Each is signed once, so a retry sends it unchanged; a write already
     * on the ledger is acknowledged with the transaction that recorded it.
     */
    static Send attestations(FabricAlliance alliance, FabricLedger ledger, String prefix, java.time.Instant t) {
        java.util.Map<Integer, SignedRecord> records = new java.util.concurrent.ConcurrentHashMap<>();
        return i -> {
            SignedRecord r = records.computeIfAbsent(i, k -> alliance.signer(FabricAlliance.ZZ).create(prefix + k,
                    t.plusSeconds(k), null, alliance.attestation(k)));
            Submission s = ledger.submitAsync(FabricAlliance.caller(FabricAlliance.ZZ, Role.SERVICE), List.of(r));
            return s.ordered() ? s.transactionId() : s.receipt().records().get(0).batchId();
        };
    }

    /** Every record of an org in a time range, read page by page through a ledger. */
    static List<RecordRef> listed(FabricLedger ledger, String org, Instant from, Instant to) {
        List<RecordRef> all = new ArrayList<>();
        String bookmark = "";
        do {
            Page<RecordRef> page =
                    ledger.recordsByOrg(org, from, to, 200, bookmark);
            all.addAll(page.items());
            bookmark = page.bookmark();
        } while (bookmark != null && !bookmark.isEmpty());
        return all;
    }

    private final Send send;
    private final Function<String, CommitStatus> status;
    private final int writers;
    private final int maxWrites;
    private final Duration sendFor;
    private final Duration giveUpAfter;
    private final List<Outcome> outcomes = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger acknowledged = new AtomicInteger();
    private volatile boolean stopSending;
    /** Open unless {@link #hold()} closed it: writers wait at it before they take a new write. */
    private volatile java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(0);
    private final java.util.Map<String, Integer> failureKinds = new java.util.concurrent.ConcurrentHashMap<>();
    private ExecutorService pool;
    long started;

    /**
     * @param send sends one write and returns its acknowledged transaction id
     * @param status the commit status of a transaction id
     * @param writers concurrent writers
     * @param maxWrites no more writes than this
     * @param sendFor no new write after this long
     * @param giveUpAfter a write not committed this long after the load started is given up
     */
    WriteLoad(Send send, Function<String, CommitStatus> status, int writers, int maxWrites, Duration sendFor,
            Duration giveUpAfter) {
        this.send = send;
        this.status = status;
        this.writers = writers;
        this.maxWrites = maxWrites;
        this.sendFor = sendFor;
        this.giveUpAfter = giveUpAfter;
    }

    WriteLoad start() {
        started = System.nanoTime();
        pool = Executors.newFixedThreadPool(writers);
        for (int w = 0; w < writers; w++) {
            pool.execute(this::writer);
        }
        pool.shutdown();
        return this;
    }

    private void writer() {
        long sendUntil = started + sendFor.toNanos();
        long giveUp = started + giveUpAfter.toNanos();
        while (true) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            int i = next.getAndIncrement();
            if (i >= maxWrites || System.nanoTime() > sendUntil || stopSending) {
                return;
            }
            Outcome o = new Outcome(i);
            synchronized (outcomes) {
                outcomes.add(o);
            }
            write(o, giveUp);
        }
    }

    private void write(Outcome o, long giveUp) {
        o.firstSent = System.nanoTime();
        while (System.nanoTime() < giveUp) {
            if (o.transactionId == null) {
                try {
                    o.transactionId = send.send(o.index);
                    if (o.acknowledged == 0) {
                        o.acknowledged = System.nanoTime();
                        acknowledged.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    failed(o, e);
                    continue;
                }
            }
            try {
                CommitStatus s = status.apply(o.transactionId);
                if (s.valid()) {
                    o.committed = System.nanoTime();
                    return;
                }
                // Invalid: its records were not written; the unchanged write is sent again.
                failed(o, new IllegalStateException(o.transactionId + " committed " + s.validationCode()));
                o.transactionId = null;
            } catch (RuntimeException e) {
                // No status in time: the transaction may be lost with an orderer. The unchanged
                // write is sent again; if the first copy commits after all, the second cannot.
                failed(o, e);
                o.transactionId = null;
            }
        }
    }

    private void failed(Outcome o, RuntimeException e) {
        o.failures++;
        o.lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
        failureKinds.merge(kind(e), 1, Integer::sum);
        try {
            Thread.sleep(250);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ie);
        }
    }

    /** A failure's class and the start of its message, without the transaction id that makes each one unique. */
    private static String kind(RuntimeException e) {
        String message = String.valueOf(e.getMessage()).replaceAll("[0-9a-f]{64}", "<tx>");
        return e.getClass().getSimpleName() + ": " + message.substring(0, Math.min(140, message.length()));
    }

    /** How often each kind of failure happened, most frequent first. */
    List<java.util.Map.Entry<String, Integer>> failureKinds() {
        return failureKinds.entrySet().stream()
                .sorted(java.util.Map.Entry.<String, Integer>comparingByValue().reversed()).toList();
    }

    /** Stops the load at once, for a test that failed: no new write, and the writers are interrupted. */
    void abort() {
        stopSending = true;
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** How many writes have been acknowledged so far. */
    int acknowledged() {
        return acknowledged.get();
    }

    /** Sends no new write from now on; the writes under way are still carried to their commit. */
    void stopSending() {
        stopSending = true;
    }

    /**
     * Lets no writer take a new write until {@link #release()}; the writes under way go on. A fault
     * injected while held is sure to leave writes that are sent after it, whatever it took to inject.
     */
    void hold() {
        gate = new java.util.concurrent.CountDownLatch(1);
    }

    /** Lets the writers take new writes again. */
    void release() {
        gate.countDown();
    }

    /** Waits until at least {@code n} writes are acknowledged, or the time is up. */
    boolean awaitAcknowledged(int n, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (acknowledged.get() < n) {
            if (System.nanoTime() > deadline || pool.isTerminated()) {
                return acknowledged.get() >= n;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Waits for every writer to finish; the load stops by itself at its count, time or give-up deadline. */
    List<Outcome> await() throws InterruptedException {
        if (!pool.awaitTermination(giveUpAfter.toSeconds() + 60, TimeUnit.SECONDS)) {
            pool.shutdownNow();
            throw new AssertionError("the writers did not stop within the load's give-up deadline");
        }
        synchronized (outcomes) {
            return List.copyOf(outcomes);
        }
    }
}
