package org.alliance.ledger.core.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.alliance.ledger.core.checkpoint.Checkpoint;
import org.alliance.ledger.core.checkpoint.SignedCheckpoint;
import org.alliance.ledger.core.ledger.AtomicFile;

/**
 * A {@link WitnessStateStore} with one file per log in a directory, {@code ALLIANCE-ID.json}, each
 * the canonical JSON of the last co-signed checkpoint. A save replaces the file atomically, so a
 * crash leaves the old checkpoint or the new one.
 */
public final class FileWitnessStateStore implements WitnessStateStore {
    private final Path directory;

    /**
     * Uses a directory; it is created on the first save.
     *
     * @param directory where the state files are
     */
    public FileWitnessStateStore(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    @Override
    public Optional<SignedCheckpoint> load(String allianceId) {
        Path file = file(allianceId);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the witness state " + file, e);
        }
        SignedCheckpoint last;
        try {
            last = SignedCheckpoint.fromJson(bytes);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the witness state " + file + " is corrupt: " + e.getMessage(), e);
        }
        if (!last.checkpoint().allianceId().equals(allianceId)) {
            throw new IllegalStateException("the witness state " + file + " holds a checkpoint of "
                    + last.checkpoint().allianceId());
        }
        return Optional.of(last);
    }

    @Override
    public void save(SignedCheckpoint checkpoint) {
        Path file = file(checkpoint.checkpoint().allianceId());
        try {
            AtomicFile.write(file, checkpoint.toJson().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the witness state " + file, e);
        }
    }

    private Path file(String allianceId) {
        return directory.resolve(Checkpoint.requireAllianceId(allianceId) + ".json");
    }
}
