package org.alliance.ledger.core.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.alliance.ledger.core.codec.CanonicalJson;
import org.alliance.ledger.core.codec.StrictJson;

/**
 * A {@link Checkpointer} that keeps the position in a small JSON file, replaced with {@link
 * AtomicFile} on each save, so that a crash leaves either the old position or the new one.
 */
public final class FileCheckpointer implements Checkpointer {
    private static final int MAX_BYTES = 4096;

    private final Path file;
    private volatile Optional<EventPosition> position;

    private FileCheckpointer(Path file, Optional<EventPosition> position) {
        this.file = file;
        this.position = position;
    }

    /**
     * Opens the checkpoint in {@code file}; a missing file means the start of the ledger.
     *
     * @param file the checkpoint file
     * @return the checkpointer
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalStateException if the file is not a checkpoint, naming the file: a consumer
     *     must not guess where to resume
     */
    public static FileCheckpointer open(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.exists(file)) {
            return new FileCheckpointer(file, Optional.empty());
        }
        try {
            JsonNode n = StrictJson.parseTree(Files.readAllBytes(file), MAX_BYTES);
            return new FileCheckpointer(file, Optional.of(
                    new EventPosition(n.get("blockNumber").asLong(-1), n.get("transactionId").asText(""))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the event checkpoint " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the event checkpoint " + file + " is corrupt: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<EventPosition> position() {
        return position;
    }

    @Override
    public synchronized void save(EventPosition next) {
        Objects.requireNonNull(next, "position");
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("blockNumber", next.blockNumber());
        n.put("transactionId", next.transactionId());
        try {
            AtomicFile.write(file, CanonicalJson.canonicalize(n));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the event checkpoint " + file, e);
        }
        position = Optional.of(next);
    }

    /**
     * The checkpoint file.
     *
     * @return the path
     */
    public Path file() {
        return file;
    }
}
