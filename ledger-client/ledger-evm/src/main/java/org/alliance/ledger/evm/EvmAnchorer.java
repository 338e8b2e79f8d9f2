package org.alliance.ledger.evm;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import org.alliance.ledger.evm.AnchorerStatus.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * Anchors one alliance's checkpoints to the anchor contract, on demand ({@link #anchor}) and on a
 * schedule (a checkpoint source asked every {@link AnchorerSettings#schedule()}).
 *
 * <p>One worker thread does all the talking to the node, so no caller ever waits on it: {@link #anchor}
 * returns a future at once and {@link #status()} reads a snapshot. Checkpoints are anchored one at a
 * time, smallest tree size first, each in one transaction:
 * <ul>
 *   <li>its nonce is the account's pending nonce on the chain, taken when nothing else of the
 *       account is in the pool; the transaction is written to the journal before it is sent, so a
 *       restarted anchorer tracks it under the same nonce instead of sending the checkpoint again;</li>
 *   <li>a checkpoint the contract already holds (anchored by an earlier run) is not sent again but
 *       taken from the contract's events;</li>
 *   <li>a transaction not included after {@link AnchorerSettings#stuckAfter()} is replaced, same
 *       nonce, with higher fees;</li>
 *   <li>it is done when its block has {@link AnchorerSettings#confirmations()} confirmations; a
 *       receipt that disappears (its block left the chain) sends it again.</li>
 * </ul>
 * A node that does not answer leaves everything queued; the anchorer retries every poll and its
 * status says {@link State#UNREACHABLE} until the node answers.
 */
public final class EvmAnchorer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EvmAnchorer.class);
    private static final Duration RPC_TIMEOUT = Duration.ofSeconds(5);

    private final AnchorerSettings settings;
    private final Supplier<Optional<AnchorCheckpoint>> source;
    private final Web3j web3j;
    private final AnchorContract contract;
    private final String account;
    private final ScheduledExecutorService worker;
    /** Checkpoints waiting, by tree size; guarded by {@code this}. */
    private final TreeMap<Long, Pending> queue = new TreeMap<>();
    private volatile AnchorerStatus status;
    private long chainId = -1;
    private InFlight inFlight;
    private long anchoredTreeSize;
    private long replaced;
    private long lastScheduled;
    private String refusal;

    private record Pending(AnchorCheckpoint checkpoint, CompletableFuture<Anchor> future) {
    }

    private EvmAnchorer(AnchorerSettings settings, Supplier<Optional<AnchorCheckpoint>> source) {
        this.settings = settings;
        this.source = source;
        OkHttpClient http = new OkHttpClient.Builder().connectTimeout(RPC_TIMEOUT).readTimeout(RPC_TIMEOUT)
                .writeTimeout(RPC_TIMEOUT).build();
        this.web3j = Web3j.build(new HttpService(settings.nodeUrl(), http));
        this.contract = new AnchorContract(web3j, settings.contractAddress());
        this.account = settings.submitter().getAddress();
        Instant now = Instant.now();
        this.status = new AnchorerStatus(State.STARTING, "not yet connected to " + settings.nodeUrl(), 0, 0, -1, null, now);
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "evm-anchorer-" + settings.allianceId());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts an anchorer. A transaction the journal holds (sent by an earlier run that stopped
     * before its confirmations) is taken up again at once.
     *
     * @param settings what to anchor where
     * @param source asked every {@link AnchorerSettings#schedule()} for the checkpoint to anchor; empty for nothing
     * @return the running anchorer
     */
    public static EvmAnchorer start(AnchorerSettings settings, Supplier<Optional<AnchorCheckpoint>> source) {
        EvmAnchorer anchorer = new EvmAnchorer(settings, source);
        anchorer.resume();
        long poll = settings.pollInterval().toMillis();
        anchorer.worker.scheduleWithFixedDelay(anchorer::tick, 0, poll, TimeUnit.MILLISECONDS);
        if (!settings.schedule().isZero()) {
            long every = settings.schedule().toMillis();
            anchorer.worker.scheduleWithFixedDelay(anchorer::scheduled, every, every, TimeUnit.MILLISECONDS);
        }
        return anchorer;
    }

    /**
     * Starts an anchorer that anchors only on demand.
     *
     * @param settings what to anchor where
     * @return the running anchorer
     */
    public static EvmAnchorer start(AnchorerSettings settings) {
        return start(settings, Optional::empty);
    }

    /**
     * Queues a checkpoint; returns at once. Asking again for a checkpoint already queued, in flight
     * or anchored is safe: it is anchored once.
     *
     * @param checkpoint a checkpoint of this anchorer's alliance
     * @return completes with the anchor once it has its confirmations; fails when the contract
     *     refuses it or a different checkpoint of that size is anchored
     */
    public CompletableFuture<Anchor> anchor(AnchorCheckpoint checkpoint) {
        if (!checkpoint.allianceId().equals(settings.allianceId())) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("this anchorer anchors alliance "
                    + settings.allianceId() + ", not " + checkpoint.allianceId()));
        }
        synchronized (this) {
            if (worker.isShutdown()) {
                return CompletableFuture.failedFuture(new IllegalStateException("the anchorer is closed"));
            }
            Pending p = queue.get(checkpoint.treeSize());
            if (p == null) {
                p = new Pending(checkpoint, new CompletableFuture<>());
                queue.put(checkpoint.treeSize(), p);
                p.future.whenComplete((a, e) -> dequeue(checkpoint.treeSize()));
            } else if (!p.checkpoint.sameAs(checkpoint)) {
                return CompletableFuture.failedFuture(new IllegalArgumentException("another checkpoint of tree size "
                        + checkpoint.treeSize() + " is queued: " + p.checkpoint));
            }
            publish(status.state(), status.detail());
            return p.future.copy();
        }
    }

    /**
     * What the anchorer is doing; never waits on the node.
     *
     * @return the latest status
     */
    public AnchorerStatus status() {
        return status;
    }

    /**
     * How many replacement transactions (same nonce, higher fee) this anchorer has sent.
     *
     * @return the count
     */
    public synchronized long replacements() {
        return replaced;
    }

    /**
     * Stops the worker. A transaction in flight stays in the journal for the next anchorer; the
     * futures still waiting fail.
     */
    @Override
    public void close() {
        synchronized (this) {
            worker.shutdownNow();
        }
        try {
            worker.awaitTermination(RPC_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Pending> left;
        synchronized (this) {
            left = List.copyOf(queue.values());
        }
        left.forEach(p -> p.future.completeExceptionally(new IllegalStateException("the anchorer was closed")));
        web3j.shutdown();
        publish(State.STOPPED, "closed");
    }

    // ---- the worker ----------------------------------------------------------------------------

    private void resume() {
        InFlight f = InFlight.load(settings.journal());
        if (f != null) {
            log.info("resuming anchor transaction {} (nonce {}) of {} from {}", f.latestHash(), f.nonce, f.checkpoint,
                    settings.journal());
            inFlight = f;
            anchor(f.checkpoint);
        }
    }

    private void scheduled() {
        try {
            Optional<AnchorCheckpoint> next = source.get();
            if (next.isPresent() && next.get().treeSize() > Math.max(lastScheduled, anchoredTreeSize)) {
                lastScheduled = next.get().treeSize();
                anchor(next.get());
            }
        } catch (RuntimeException e) {
            log.warn("the checkpoint source failed; asking again at the next schedule", e);
        }
    }

    private void tick() {
        try {
            long head = call(web3j.ethBlockNumber()).getBlockNumber().longValueExact();
            if (chainId < 0) {
                chainId = call(web3j.ethChainId()).getChainId().longValueExact();
            }
            contact(head);
            if (inFlight != null) {
                track(head);
            }
            Pending next = inFlight == null ? next() : null;
            settle(next == null ? null : send(next));
        } catch (RpcError e) {
            log.warn("the EVM node answered with an error; trying again at the next poll: {}", e.getMessage());
            publish(status.state(), e.getMessage());
        } catch (IOException e) {
            if (worker.isShutdown()) {
                return; // close() interrupted a call
            }
            if (status.state() != State.UNREACHABLE) {
                log.warn("the EVM node {} does not answer ({}); retrying every {} ms", settings.nodeUrl(), e.toString(),
                        settings.pollInterval().toMillis());
            }
            publish(State.UNREACHABLE, settings.nodeUrl() + " does not answer: " + e.getMessage());
        } catch (RuntimeException e) {
            // The worker must survive anything: a scheduled task that throws is never run again.
            log.error("anchoring step failed; trying again at the next poll", e);
            publish(status.state(), "last step failed: " + e);
        }
    }

    /** Publishes the state that follows from what is in flight, waited for or refused. */
    private void settle(String waiting) {
        if (inFlight != null) {
            publish(State.ANCHORING, "transaction " + inFlight.latestHash() + " (nonce " + inFlight.nonce + ") anchors "
                    + inFlight.checkpoint);
        } else if (waiting != null) {
            publish(State.ANCHORING, waiting);
        } else if (refusal != null) {
            publish(State.REFUSED, refusal);
        } else {
            Pending next = next();
            publish(next == null ? State.IDLE : State.ANCHORING, next == null ? "nothing to anchor" : "next: " + next.checkpoint);
        }
    }

    /** Follows the transaction in flight: inclusion, confirmations, a lost receipt, a stuck transaction. */
    private void track(long head) throws IOException {
        InFlight f = inFlight;
        TransactionReceipt receipt = null;
        for (String hash : f.hashes) {
            receipt = call(web3j.ethGetTransactionReceipt(hash)).getTransactionReceipt().orElse(null);
            if (receipt != null) {
                break;
            }
        }
        if (receipt != null && canonical(receipt)) {
            if (!receipt.isStatusOK()) {
                refuse(f, "the contract reverted transaction " + receipt.getTransactionHash() + revertReason(receipt));
                return;
            }
            f.seenIn = receipt.getBlockHash();
            long confirmations = head - receipt.getBlockNumber().longValueExact() + 1;
            if (confirmations >= settings.confirmations()) {
                Anchor anchor = AnchorContract.anchor(receipt, settings.contractAddress());
                if (anchor == null) {
                    refuse(f, "transaction " + receipt.getTransactionHash() + " recorded no anchor");
                    return;
                }
                done(f, anchor);
            }
            return;
        }
        if (f.seenIn != null || f.adopted()) {
            // Its block left the chain (a reorganisation): the transaction goes back to the pool, or its
            // checkpoint is sent anew below; either way it is anchored again.
            log.warn("the receipt of {} (block {}) is gone from the chain; anchoring {} again", f.latestHash(), f.seenIn,
                    f.checkpoint);
            f.seenIn = null;
            if (f.adopted()) {
                release();
                return;
            }
        }
        long mined = nonce(DefaultBlockParameterName.LATEST);
        if (mined > f.nonce) {
            // Its nonce is used, by no version of this transaction: back to the queue, where send()
            // first asks the contract whether the checkpoint is there.
            log.warn("nonce {} of {} was used by another transaction; anchoring {} anew", f.nonce, account, f.checkpoint);
            release();
            return;
        }
        if (call(web3j.ethGetTransactionByHash(f.latestHash())).getTransaction().isEmpty()) {
            broadcast(f); // the node lost it (restarted, or dropped it from the pool)
        }
        if (System.currentTimeMillis() - f.sentAtMillis >= settings.stuckAfter().toMillis()) {
            replace(f);
        }
    }

    /** Whether the receipt's block is still the chain's block at that height. */
    private boolean canonical(TransactionReceipt receipt) throws IOException {
        EthBlock.Block block = call(web3j.ethGetBlockByNumber(
                DefaultBlockParameter.valueOf(receipt.getBlockNumber()), false)).getBlock();
        return block != null && block.getHash().equalsIgnoreCase(receipt.getBlockHash());
    }

    private Pending next() {
        synchronized (this) {
            Map.Entry<Long, Pending> e = queue.firstEntry();
            return e == null ? null : e.getValue();
        }
    }

    /** Sends the checkpoint's transaction, or adopts its anchor; returns what it waits for, or null. */
    private String send(Pending p) throws IOException {
        AnchorCheckpoint cp = p.checkpoint;
        long onChain = latestTreeSize();
        if (cp.treeSize() <= onChain) {
            adopt(p, onChain);
            return null;
        }
        long mined = nonce(DefaultBlockParameterName.LATEST);
        long pending = nonce(DefaultBlockParameterName.PENDING);
        if (pending > mined) {
            // Transactions of this account that this anchorer does not track are in the pool (a run
            // without this journal): a checkpoint sent now could repeat one of theirs.
            return (pending - mined) + " transaction(s) of " + account
                    + " not sent by this anchorer are in the pool; waiting for them before anchoring " + cp;
        }
        String data = contract.anchorCallData(cp);
        BigInteger gas;
        try {
            gas = estimateGas(data);
        } catch (RefusedException e) {
            refusal = "the contract refuses " + cp + ": " + e.getMessage();
            log.warn(refusal);
            p.future.completeExceptionally(e);
            return null;
        }
        refusal = null;
        BigInteger tip = settings.priorityFeePerGas() != null ? settings.priorityFeePerGas() : suggestedTip();
        BigInteger maxFee = settings.initialMaxFeePerGas() != null ? settings.initialMaxFeePerGas()
                : baseFee().shiftLeft(1).add(tip);
        InFlight f = new InFlight(cp, pending, gas, maxFee, tip.min(maxFee), null, List.of(), 0);
        sign(f);
        inFlight = f;
        broadcast(f);
        log.info("sent anchor transaction {} (nonce {}, fee cap {} wei) for {}", f.latestHash(), f.nonce, maxFee, cp);
        return null;
    }

    /** The contract holds a checkpoint of this size or larger: take this one's anchor from its events. */
    private void adopt(Pending p, long onChain) throws IOException {
        AnchorCheckpoint cp = p.checkpoint;
        Anchor found = contract.anchors(cp.allianceId()).stream()
                .filter(a -> a.checkpoint().treeSize() == cp.treeSize()).findFirst().orElse(null);
        if (found == null) {
            p.future.completeExceptionally(new RefusedException("the contract already holds tree size " + onChain
                    + " for " + cp.allianceId() + ", and no anchor of tree size " + cp.treeSize()));
        } else if (!found.checkpoint().sameAs(cp)) {
            p.future.completeExceptionally(new RefusedException("the contract holds another checkpoint of tree size "
                    + cp.treeSize() + ": " + found.checkpoint() + " (transaction " + found.transactionHash() + ")"));
        } else {
            log.info("{} is already anchored by transaction {}; waiting for its confirmations", cp, found.transactionHash());
            inFlight = InFlight.adopted(cp, found.transactionHash());
        }
    }

    private void replace(InFlight f) throws IOException {
        // A replacement must raise both fees by at least 10% (geth's default price bump); it also
        // takes at least what a fresh transaction would pay now.
        BigInteger tip = bump(f.tipPerGas).max(suggestedTip());
        BigInteger maxFee = bump(f.maxFeePerGas).max(baseFee().shiftLeft(1).add(tip));
        log.warn("transaction {} (nonce {}) not included after {} ms; replacing it: fee cap {} -> {} wei, tip {} -> {} wei",
                f.latestHash(), f.nonce, settings.stuckAfter().toMillis(), f.maxFeePerGas, maxFee, f.tipPerGas, tip);
        f.maxFeePerGas = maxFee;
        f.tipPerGas = tip;
        sign(f);
        synchronized (this) {
            replaced++;
        }
        broadcast(f);
    }

    private static BigInteger bump(BigInteger fee) {
        return fee.multiply(BigInteger.valueOf(5)).divide(BigInteger.valueOf(4)).add(BigInteger.ONE);
    }

    /** Signs the entry's current fees, adds the hash, and journals it before anything is sent. */
    private void sign(InFlight f) {
        RawTransaction tx = RawTransaction.createTransaction(chainId, BigInteger.valueOf(f.nonce), f.gasLimit,
                settings.contractAddress(), BigInteger.ZERO, contract.anchorCallData(f.checkpoint), f.tipPerGas,
                f.maxFeePerGas);
        byte[] signed = TransactionEncoder.signMessage(tx, settings.submitter());
        f.raw = Numeric.toHexString(signed);
        f.hashes.add(Numeric.toHexString(Hash.sha3(signed)));
        f.sentAtMillis = System.currentTimeMillis();
        f.save(settings.journal());
    }

    private void broadcast(InFlight f) throws IOException {
        Response<String> r = web3j.ethSendRawTransaction(f.raw).send();
        if (r.hasError()) {
            String message = r.getError().getMessage();
            // Known already: a resend of bytes the pool holds. Nonce too low: a version of it was
            // included meanwhile; track() finds the receipt. Anything else is retried at the next poll.
            if (!message.contains("already known") && !message.contains("nonce too low")) {
                log.warn("the node refused transaction {} (nonce {}): {}", f.latestHash(), f.nonce, message);
            }
        }
    }

    private void done(InFlight f, Anchor anchor) {
        log.info("anchored {} as #{} in block {} ({} confirmations, {} gas)", f.checkpoint, anchor.index(),
                anchor.blockNumber(), settings.confirmations(), anchor.gasUsed());
        Pending p;
        synchronized (this) {
            anchoredTreeSize = Math.max(anchoredTreeSize, anchor.checkpoint().treeSize());
            p = queue.get(f.checkpoint.treeSize());
        }
        inFlight = null;
        if (!f.adopted()) {
            InFlight.clear(settings.journal());
        }
        if (p != null) {
            dequeue(f.checkpoint.treeSize());
            settle(null); // a caller woken by the future sees the status that follows
            p.future.complete(anchor);
        }
    }

    private void refuse(InFlight f, String why) {
        refusal = why;
        log.warn(why);
        Pending p;
        synchronized (this) {
            p = queue.get(f.checkpoint.treeSize());
        }
        inFlight = null;
        InFlight.clear(settings.journal());
        if (p != null) {
            p.future.completeExceptionally(new RefusedException(why));
        }
    }

    /** Gives up the entry in flight; its checkpoint stays queued and is sent anew (or adopted). */
    private void release() {
        if (inFlight != null && !inFlight.adopted()) {
            InFlight.clear(settings.journal());
        }
        inFlight = null;
    }

    private synchronized void dequeue(long treeSize) {
        queue.remove(treeSize);
    }

    // ---- node calls ----------------------------------------------------------------------------

    private long latestTreeSize() throws IOException {
        try {
            return contract.latestTreeSize(settings.allianceId());
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot read the contract's latest tree size: " + e.getMessage(), e);
        }
    }

    private long nonce(DefaultBlockParameterName block) throws IOException {
        return call(web3j.ethGetTransactionCount(account, block)).getTransactionCount().longValueExact();
    }

    private BigInteger estimateGas(String data) throws IOException {
        var r = web3j.ethEstimateGas(Transaction.createFunctionCallTransaction(account, null, null, null,
                settings.contractAddress(), data)).send();
        if (r.hasError()) {
            // A revert shows here first, with its reason: an unregistered account, a log that does not grow.
            throw new RefusedException(r.getError().getMessage());
        }
        return r.getAmountUsed().multiply(BigInteger.valueOf(6)).divide(BigInteger.valueOf(5));
    }

    private BigInteger suggestedTip() throws IOException {
        return call(web3j.ethMaxPriorityFeePerGas()).getMaxPriorityFeePerGas();
    }

    private BigInteger baseFee() throws IOException {
        EthBlock.Block latest = call(web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)).getBlock();
        return latest.getBaseFeePerGas();
    }

    private String revertReason(TransactionReceipt receipt) {
        return receipt.getRevertReason() == null ? "" : ": " + receipt.getRevertReason();
    }

    private static <T extends Response<?>> T call(Request<?, T> request) throws IOException {
        T r = request.send();
        if (r.hasError()) {
            throw new RpcError(request.getMethod() + ": " + r.getError().getMessage());
        }
        return r;
    }

    /** The node answered, with a JSON-RPC error. */
    private static final class RpcError extends IOException {
        private static final long serialVersionUID = 1L;

        RpcError(String message) {
            super(message);
        }
    }

    // ---- status --------------------------------------------------------------------------------

    private void contact(long head) {
        AnchorerStatus s = status;
        status = new AnchorerStatus(s.state(), s.detail(), s.anchoredTreeSize(), s.queued(), head, Instant.now(), s.since());
    }

    private void publish(State state, String detail) {
        AnchorerStatus s = status;
        int queued;
        long anchored;
        synchronized (this) {
            queued = queue.size();
            anchored = anchoredTreeSize;
        }
        if (s.state() == State.STOPPED) {
            return;
        }
        Instant since = s.state() == state ? s.since() : Instant.now();
        status = new AnchorerStatus(state, detail, anchored, queued, s.headBlock(), s.lastContact(), since);
    }

    /** The contract refuses a checkpoint: it reverts, or holds a different checkpoint of its size. */
    public static final class RefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }
}
