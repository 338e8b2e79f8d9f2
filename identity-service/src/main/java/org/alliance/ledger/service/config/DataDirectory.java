package org.alliance.ledger.service.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.function.Supplier;
import org.alliance.ledger.core.codec.Hex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The service's data directory and the development secrets generated into it on first run
 * (signing key, subject-reference secret, storage key). Production configures each secret
 * explicitly; these files only exist so that a first run needs nothing.
 */
@Component
public class DataDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;

    /**
     * Creates the directory if needed.
     *
     * @param properties the service settings
     */
    public DataDirectory(AllianceProperties properties) {
        this.root = properties.dataDir().toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + root, e);
        }
    }

    /**
     * The directory.
     *
     * @return its absolute path
     */
    public Path root() {
        return root;
    }

    /**
     * A random secret kept as hex in a file of the data directory, created with mode 600 on first use.
     *
     * @param fileName the file name
     * @param bytes the secret length when it is generated
     * @return the secret
     */
    public byte[] secret(String fileName, int bytes) {
        return Hex.decode(privateFile(fileName, () -> {
            byte[] secret = new byte[bytes];
            RANDOM.nextBytes(secret);
            return Hex.encode(secret) + "\n";
        }).strip());
    }

    /**
     * The text of a file of the data directory, created with mode 600 from the generator on first use.
     *
     * @param fileName the file name
     * @param generator makes the content of a new file
     * @return the file's content
     */
    public String privateFile(String fileName, Supplier<String> generator) {
        Path file = root.resolve(fileName);
        try {
            if (!Files.exists(file)) {
                Path tmp = Files.createTempFile(root, fileName, ".tmp");
                restrict(tmp);
                Files.writeString(tmp, generator.get(), StandardCharsets.US_ASCII);
                try {
                    // A link, not a move: two processes starting at once must not both win.
                    Files.createLink(file, tmp);
                    LOG.warn("generated development secret {}; configure one explicitly in production", file);
                } catch (FileAlreadyExistsException e) {
                    LOG.debug("{} appeared concurrently", file);
                } finally {
                    Files.delete(tmp);
                }
            }
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            LOG.debug("{} is not on a POSIX file system; it keeps the default permissions", file);
        }
    }
}
