package org.alliance.ledger.core.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.alliance.ledger.core.checkpoint.Checkpoint;
import org.alliance.ledger.core.checkpoint.SignedCheckpoint;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.ledger.AtomicFile;

/**
 * A {@link WitnessStateStore} with one file per log in a directory, {@code ALLIANCE-ID.json}, each
 * the canonical JSON of the last co-signed checkpoint. A save replaces the file atomically, so a
 * crash leaves the old checkpoint or the new one. Kept refusals are files of their canonical JSON in
 * {@code refusals/}, named {@code ALLIANCE-ID-SHA256.json} after their content.
 */
public final class FileWitnessStateStore implements WitnessStateStore {
    private static final String REFUSALS = "refusals";
    /** Oldest kept first; the name breaks ties, so the order is stable. */
    private static final Comparator<Path> BY_AGE = Comparator.<Path, Long>comparing(FileWitnessStateStore::modified)
            .thenComparing(Path::getFileName);

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

    @Override
    public void recordRefusal(WitnessRefusal refusal) {
        String allianceId = refusal.candidate().checkpoint().allianceId();
        byte[] json = refusal.toJson().getBytes(StandardCharsets.UTF_8);
        // Named by content, so that the same evidence refused again (a retry) is one file.
        String name = allianceId + "-" + Hex.encode(HashAlgorithm.SHA256.digest(json)) + ".json";
        Path file = directory.resolve(REFUSALS).resolve(name);
        try {
            AtomicFile.write(file, json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the witness refusal " + file, e);
        }
    }

    @Override
    public List<WitnessRefusal> refusals(String allianceId) {
        Path dir = directory.resolve(REFUSALS);
        String prefix = Checkpoint.requireAllianceId(allianceId) + "-";
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<WitnessRefusal> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(".json")).sorted(BY_AGE).toList()) {
                try {
                    out.add(WitnessRefusal.fromJson(Files.readAllBytes(f)));
                } catch (RuntimeException e) {
                    throw new IllegalStateException("the kept witness refusal " + f + " is corrupt: " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the witness refusals in " + dir, e);
        }
        return out;
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the time of " + file, e);
        }
    }

    private Path file(String allianceId) {
        return directory.resolve(Checkpoint.requireAllianceId(allianceId) + ".json");
    }
}
