package org.alliance.ledger.fabric;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.rules.BatchReceipt;
import org.alliance.ledger.core.rules.EvidenceRules;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.Checkpoint;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.FileCheckpointer;
import org.hyperledger.fabric.client.GatewayRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream of committed batches, read from the chaincode's {@value EvidenceRules#EVENT_NAME}
 * events, which the peers deliver only for transactions committed valid.
 *
 * <p>The stream starts after the position saved in its checkpoint file. A consumer {@link #poll
 * polls} a batch, handles it, then {@link #checkpoint checkpoints} it; the file is forced to disk
 * before {@code checkpoint} returns. A consumer that stops, at any point, and opens a new stream
 * on the same file gets exactly the batches after the last one it checkpointed.
 *
 * <p>A background thread reads ahead. When the gateway peer's stream breaks (for example the
 * peer stopped), it reopens the stream after the last batch it delivered, through the next
 * gateway peer endpoint, so nothing is skipped or repeated within one stream either.
 */
public final class CommittedEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommittedEvents.class);
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
    private final FileCheckpointer checkpointer;
    private final BlockingQueue<CommittedBatch> queue = new LinkedBlockingQueue<>(1024);
    private final Thread reader;
    private volatile Position delivered;
    private volatile CloseableIterator<ChaincodeEvent> current;
    private volatile boolean closed;

    private CommittedEvents(Connection connection, String channel, String chaincode, FileCheckpointer checkpointer) {
        this.connection = connection;
        this.channel = channel;
        this.chaincode = chaincode;
        this.checkpointer = checkpointer;
        this.delivered = new Position(checkpointer.getBlockNumber(), checkpointer.getTransactionId());
        this.reader = Thread.ofPlatform().daemon().name("fabric-events-" + channel).unstarted(this::read);
    }

    static CommittedEvents open(Connection connection, String channel, String chaincode, Path checkpointFile)
            throws IOException {
        CommittedEvents events = new CommittedEvents(connection, channel, chaincode, new FileCheckpointer(checkpointFile));
        events.reader.start();
        return events;
    }

    /**
     * The next committed batch, waiting at most {@code timeout}.
     *
     * @param timeout how long to wait
     * @return the batch, or empty if none arrived in time
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if the stream is closed
     */
    public Optional<CommittedBatch> poll(Duration timeout) throws InterruptedException {
        if (closed) {
            throw new IllegalStateException("the event stream is closed");
        }
        return Optional.ofNullable(queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    /**
     * Saves, durably, that the consumer has handled {@code batch} and everything before it.
     *
     * @param batch the batch last handled
     * @throws UncheckedIOException if the checkpoint cannot be written
     */
    public void checkpoint(CommittedBatch batch) {
        try {
            checkpointer.checkpointTransaction(batch.blockNumber(), batch.transactionId());
            checkpointer.sync();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the event checkpoint", e);
        }
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
                if (Connection.unreachable(e.getStatus(), e.getDetails().isEmpty())) {
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

    /** Stops reading; batches polled but not checkpointed come again on the next stream. */
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
            checkpointer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the event checkpoint", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
