package org.alliance.ledger.fabric;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.alliance.ledger.core.record.Role;

/**
 * One org user's Fabric client identity: the enrollment certificate and private key that sign
 * its proposals. The chaincode reads the user's role from the certificate itself; {@link #role()}
 * only says which callers of the ledger this identity serves.
 *
 * @param mspId the user's org
 * @param role the role of the callers this identity signs for
 * @param certificate the enrollment certificate, PEM
 * @param privateKey the certificate's private key, PEM
 */
public record FabricUser(String mspId, Role role, Path certificate, Path privateKey) {
    /** Checks that every part is present. */
    public FabricUser {
        Objects.requireNonNull(mspId, "mspId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /**
     * The identity in a Fabric MSP directory: {@code signcerts/cert.pem} (or the only file in
     * {@code signcerts}) and the only file in {@code keystore}.
     *
     * @param mspId the user's org
     * @param role the role of the callers this identity signs for
     * @param mspDir the MSP directory
     * @return the user
     * @throws UncheckedIOException if the directory does not hold exactly one certificate and one key
     */
    public static FabricUser fromMspDir(String mspId, Role role, Path mspDir) {
        return new FabricUser(mspId, role, onlyFile(mspDir.resolve("signcerts")), onlyFile(mspDir.resolve("keystore")));
    }

    private static Path onlyFile(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(Files::isRegularFile).toList();
            if (found.size() != 1) {
                throw new IOException("expected exactly one file in " + dir + ", found " + found.size());
            }
            return found.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the MSP directory " + dir.getParent(), e);
        }
    }
}
