package org.alliance.ledger.fabric;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.alliance.ledger.core.ledger.Checkpointer;
import org.alliance.ledger.core.ledger.CommittedBatch;
import org.alliance.ledger.core.ledger.CommittedEvents;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.rules.BatchReceipt;
import org.alliance.ledger.core.rules.EvidenceRules;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.Checkpoint;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.GatewayRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream of committed batches, read from the chaincode's {@value EvidenceRules#EVENT_NAME}
 * events, which the peers deliver only for transactions committed valid.
 *
 * <p>The stream starts after its checkpointer's position, which maps onto the Gateway's own
 * checkpoint (a block number and the last transaction handled in it).
 *
 * <p>A background thread reads ahead. When the gateway peer's stream breaks (for example the
 * peer stopped), it reopens the stream after the last batch it delivered, through the next
 * gateway peer endpoint, so nothing is skipped or repeated within one stream either.
 */
final class GatewayEvents implements CommittedEvents {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayEvents.class);
    private static final Duration RECONNECT_PAUSE = Duration.ofMillis(500);

    /** A position in the chain: after this transaction of this block. */
    private record Position(OptionalLong blockNumber, Optional<String> transactionId) implements Checkpoint {
        @Override
        public OptionalLong getBlockNumber() {
            return blockNumber;
        }

        @Override
        public Optional<String> getTransactionId() {
            return transactionId;
        }
    }

    private final Connection connection;
    private final String channel;
    private final String chaincode;
    private final Checkpointer checkpointer;
    private final BlockingQueue<CommittedBatch> queue = new LinkedBlockingQueue<>(1024);
    private final Thread reader;
    private volatile Position delivered;
    private volatile CloseableIterator<ChaincodeEvent> current;
    private volatile boolean closed;

    private GatewayEvents(Connection connection, String channel, String chaincode, Checkpointer checkpointer) {
        this.connection = connection;
        this.channel = channel;
        this.chaincode = chaincode;
        this.checkpointer = checkpointer;
        this.delivered = checkpointer.position()
                .map(p -> new Position(OptionalLong.of(p.blockNumber()), Optional.of(p.transactionId())))
                .orElse(new Position(OptionalLong.empty(), Optional.empty()));
        this.reader = Thread.ofPlatform().daemon().name("fabric-events-" + channel).unstarted(this::read);
    }

    static GatewayEvents open(Connection connection, String channel, String chaincode, Checkpointer checkpointer) {
        GatewayEvents events = new GatewayEvents(connection, channel, chaincode, checkpointer);
        events.reader.start();
        return events;
    }

    @Override
    public Optional<CommittedBatch> poll(Duration timeout) throws InterruptedException {
        if (closed) {
            throw new IllegalStateException("the event stream is closed");
        }
        return Optional.ofNullable(queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    @Override
    public void checkpoint(CommittedBatch batch) {
        checkpointer.save(batch.position());
    }

    private void read() {
        int offset = 0;
        while (!closed) {
            try (CloseableIterator<ChaincodeEvent> events = open(offset)) {
                current = events;
                while (events.hasNext()) {
                    ChaincodeEvent e = events.next();
                    if (EvidenceRules.EVENT_NAME.equals(e.getEventName())) {
                        BatchReceipt receipt = RecordCodec.fromJson(e.getPayload(), BatchReceipt.class);
                        queue.put(new CommittedBatch(e.getBlockNumber(), e.getTransactionId(), receipt));
                    }
                    delivered = new Position(OptionalLong.of(e.getBlockNumber()), Optional.of(e.getTransactionId()));
                }
            } catch (GatewayRuntimeException e) {
                if (closed) {
                    return;
                }
                // A stream that breaks as UNAVAILABLE moves on to the next peer, with or without the
                // gateway's details: another peer delivers the same blocks, so trying it costs nothing,
                // while staying would wait for this peer to come back.
                if (e.getStatus().getCode() == io.grpc.Status.Code.UNAVAILABLE) {
                    offset++;
                }
                LOG.warn("the event stream broke ({} {}); reopening it {}", e.getStatus().getCode(),
                        e.getStatus().getDescription(), delivered.blockNumber().isPresent()
                                ? "after transaction " + delivered.transactionId().orElse("") + " of block "
                                        + delivered.blockNumber().getAsLong()
                                : "from the start");
                if (!pause()) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warn("the event stream failed; reopening it", e);
                if (!pause()) {
                    return;
                }
            }
        }
    }

    private CloseableIterator<ChaincodeEvent> open(int offset) {
        return connection.gatewayAt(offset % connection.endpointCount()).getNetwork(channel)
                .newChaincodeEventsRequest(chaincode).startBlock(0).checkpoint(delivered).build().getEvents();
    }

    private boolean pause() {
        try {
            Thread.sleep(RECONNECT_PAUSE);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        CloseableIterator<ChaincodeEvent> it = current;
        if (it != null) {
            it.close();
        }
        reader.interrupt();
        try {
            reader.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
