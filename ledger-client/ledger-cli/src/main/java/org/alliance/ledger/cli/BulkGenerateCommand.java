package org.alliance.ledger.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.alliance.ledger.cli.bulk.LeafInput;
import org.alliance.ledger.cli.progress.Progress;
import org.alliance.ledger.core.merkle.tiles.SyntheticLibrary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bulk generate}: a synthetic certificate library, the same for the same seed. */
@Command(name = "generate", description = {
    "Write the hashes of a synthetic certificate library of N certificates, deterministic in SEED,",
    "in the form 'bulk build' reads. An existing FILE is left alone (exit 2)."})
final class BulkGenerateCommand extends CliCommand {
    private static final int CHUNK = 1 << 14;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Mixin
    private HashFileFormatOption format;

    @Option(names = "--count", required = true, paramLabel = "N", description = "Number of certificates.")
    private long count;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "SEED", description = "Seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The file to create.")
    private Path out;

    @Mixin
    private ProgressOption progress;

    @Override
    protected int run() throws IOException {
        LeafInput.Format form = format.get();
        if (count < 0) {
            throw CliFailure.input("--count: must not be negative, got " + count, null);
        }
        SyntheticLibrary library = new SyntheticLibrary(seed);
        byte[] records = new byte[CHUNK * LeafInput.RECORD_BYTES];
        byte[] text = new byte[CHUNK * (2 * LeafInput.RECORD_BYTES + 1)];
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out, StandardOpenOption.CREATE_NEW), 1 << 20);
                Progress bar = progress.start(io(), "bulk generate", "hashes", 0, count)) {
            for (long done = 0; done < count; ) {
                int n = (int) Math.min(CHUNK, count - done);
                library.fill(done, n, records, 0);
                if (form == LeafInput.Format.BINARY) {
                    os.write(records, 0, n * LeafInput.RECORD_BYTES);
                } else {
                    os.write(text, 0, toHexLines(records, n, text));
                }
                done += n;
                bar.update(done);
            }
            bar.finish();
        } catch (FileAlreadyExistsException e) {
            throw CliFailure.input(out + " already exists; choose another --out", e);
        }
        println(count + " certificate hashes written to " + out);
        return ExitCodes.OK;
    }

    private static int toHexLines(byte[] records, int n, byte[] text) {
        int t = 0;
        for (int i = 0; i < n * LeafInput.RECORD_BYTES; i++) {
            text[t++] = HEX[(records[i] >> 4) & 0xf];
            text[t++] = HEX[records[i] & 0xf];
            if (i % LeafInput.RECORD_BYTES == LeafInput.RECORD_BYTES - 1) {
                text[t++] = '\n';
            }
        }
        return t;
    }
}
